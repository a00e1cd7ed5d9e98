package net.onionbalance.wizard;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The authorized clients the operator asked for one master service (restricted discovery,
 * rend-spec-v3 §2.5.1.2): new key pairs to make, and/or a folder of tor's {@code .auth} files to
 * take (a restricted tor service's {@code HiddenServiceDir/authorized_clients/}). Neither: the
 * service stays public, as onionbalance-config makes it.
 *
 * @param newClients key pairs to make, named client1, client2, ... (0 to {@link Answers#MAX_NEW_CLIENTS})
 * @param folder     a folder whose {@code .auth} files are copied into the deployment
 */
public record ClientsRequest(int newClients, Optional<Path> folder) {
    public static final ClientsRequest NONE = new ClientsRequest(0, Optional.empty());

    public ClientsRequest {
        Objects.requireNonNull(folder, "folder");
        if (newClients < 0) {
            throw new IllegalArgumentException("newClients < 0");
        }
    }

    public boolean restricted() {
        return newClients > 0 || folder.isPresent();
    }
}
