package net.onionbalance.config;

import net.onionbalance.crypto.OnionAddress;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One change to config.yaml made by the console or the wizard. Services are named by their key
 * file as loaded ({@link ServiceConfig#key()}, already resolved), which stays stable while the
 * operator reorders or comments the file. A list of edits is written at once: a bundle rotation
 * adds the new backend and removes the old one in one atomic write.
 */
public sealed interface ConfigEdit {
    /** The service's key file, as in {@link ServiceConfig#key()}. */
    Path serviceKey();

    /** Append a backend to the service's {@code instances} (after the last one, in the file's own style). */
    record AddInstance(Path serviceKey, InstanceConfig instance) implements ConfigEdit {
        public AddInstance {
            Objects.requireNonNull(serviceKey, "serviceKey");
            Objects.requireNonNull(instance, "instance");
        }
    }

    /** Remove the backend's entry (its own lines only; comments around it stay). */
    record RemoveInstance(Path serviceKey, OnionAddress address) implements ConfigEdit {
        public RemoveInstance {
            Objects.requireNonNull(serviceKey, "serviceKey");
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * Give the service {@code authorized-clients: <folder>} (restricted discovery), written right
     * after its {@code key:} line; refused when it already has the setting.
     *
     * @param folderText the folder as it is to appear in the file (relative to the config's folder, or absolute)
     */
    record SetAuthorizedClientsFolder(Path serviceKey, String folderText) implements ConfigEdit {
        public SetAuthorizedClientsFolder {
            Objects.requireNonNull(serviceKey, "serviceKey");
            Objects.requireNonNull(folderText, "folderText");
            if (folderText.isBlank() || folderText.contains("\n") || folderText.contains("#") || folderText.contains(": ")) {
                throw new IllegalArgumentException("a folder written into config.yaml must be one plain line");
            }
        }
    }
}
