package net.onionbalance.doc.hsdesc;

import net.onionbalance.crypto.X25519PublicKey;

import java.util.List;

/**
 * Who may open the second layer of a built descriptor (rend-spec-v3 §2.5.1.2,
 * "restricted discovery").
 */
public sealed interface ClientAuthorization {
    /** Anyone who knows the address; the first layer carries 16 random fake auth-client lines, as tor writes. */
    record Open() implements ClientAuthorization {}

    /** Only these clients; their lines are mixed with fakes up to a multiple of 16. */
    record Restricted(List<X25519PublicKey> clients) implements ClientAuthorization {
        public Restricted {
            clients = List.copyOf(clients);
            if (clients.isEmpty()) {
                throw new IllegalArgumentException("restricted discovery needs at least one client key");
            }
        }
    }

    static ClientAuthorization open() {
        return new Open();
    }
}
