package net.onionbalance.config;

import net.onionbalance.crypto.ClientAuthFiles.AuthorizedClient;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * {@code services[].authorized-clients}: who may fetch the master descriptor (restricted
 * discovery, rend-spec-v3 §2.5.1.2). Absent: anyone who knows the address, as onionbalance 0.2.x.
 */
public sealed interface AuthorizedClients {
    /** No restriction. */
    record None() implements AuthorizedClients {}

    /**
     * A folder of tor's {@code <name>.auth} files, as tor's {@code HiddenServiceDir/authorized_clients/};
     * read when the balancer starts and at every reload (SIGHUP), so adding or removing a file and
     * reloading takes effect at once. {@code onionbalance client-auth} edits it.
     */
    record Folder(Path folder) implements AuthorizedClients {
        public Folder {
            Objects.requireNonNull(folder, "folder");
        }
    }

    /** The {@code descriptor:x25519:...} lines written in config.yaml itself; named client1, client2, ... */
    record Listed(List<AuthorizedClient> clients) implements AuthorizedClients {
        public Listed {
            clients = List.copyOf(clients);
        }
    }

    AuthorizedClients NONE = new None();
}
