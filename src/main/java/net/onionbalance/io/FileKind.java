package net.onionbalance.io;

/**
 * The kinds of file we read, each with the words that name it in messages and its size limit.
 * Every file read goes through {@link BoundedFiles} with one of these.
 */
public enum FileKind {
    /** PEM (≈120 bytes) or tor's hs_ed25519_secret_key (96 bytes). */
    KEY_FILE("key file", 16 << 10),
    /** An offline key bundle: about 250 bytes per time period, at most 4,096 periods (doc/keys/KeyBundle). */
    KEY_BUNDLE("key bundle", 2 << 20),
    /** config.yaml: a few kilobytes. */
    CONFIG_FILE("config file", 1 << 20),
    /** tor's control_auth_cookie is exactly 32 bytes (control-spec §3.5). */
    CONTROL_COOKIE("control auth cookie", 32),
    /** One line with the control password. */
    PASSWORD_FILE("control password file", 4 << 10),
    /** A v3 descriptor: HSV3MaxDescriptorSize. */
    DESCRIPTOR_FILE("descriptor file", InputLimits.DESCRIPTOR_BYTES),
    /** tor's cached-microdesc-consensus: tor caps directory objects at MAX_DIR_DL_SIZE (16 MiB). */
    CONSENSUS_FILE("consensus file", 16 << 20),
    /** tor's cached-microdescs (plus its .new journal): a few MB on the public network. */
    MICRODESCRIPTORS_FILE("microdescriptors file", 64 << 20),
    /** A backend bundle's instance_torrc or a hostname file. */
    TORRC("torrc", 1 << 20),
    /** tor's .auth / .auth_private files: one line of about 100 characters. */
    CLIENT_AUTH_FILE("client authorization file", 4 << 10),
    /** /proc/self/stat and /proc/self/status, for the metrics: a few kilobytes. */
    PROC_FILE("procfs file", 64 << 10);

    private final String words;
    private final int maxBytes;

    FileKind(String words, int maxBytes) {
        this.words = words;
        this.maxBytes = maxBytes;
    }

    /** How messages name this kind of file, e.g. "key file". */
    public String words() {
        return words;
    }

    public int maxBytes() {
        return maxBytes;
    }
}
