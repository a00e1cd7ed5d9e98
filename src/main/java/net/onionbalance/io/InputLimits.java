package net.onionbalance.io;

import java.time.Duration;
/**
 * Every size limit on input we did not write ourselves, in one place. Each is generous for
 * what tor or an operator really produces and small enough that a hostile or mistaken input
 * (a symlink to /dev/zero, a flooding control port, a descriptor stuffed by an HSDir) is
 * refused before it costs more than a bounded amount of memory.
 */
public final class InputLimits {
    private InputLimits() {}

    /**
     * A v3 descriptor's whole text: tor's HSV3MaxDescriptorSize consensus parameter defaults
     * to 50,000 bytes (param-spec), and HSDirs refuse larger uploads, so no valid descriptor
     * is bigger. Also bounds both decrypted layers, which are carried inside it.
     */
    public static final int DESCRIPTOR_BYTES = 50_000;

    /** One line of a control-port reply (control-spec §2.3 sets none; tor's longest are data lines). */
    public static final int CONTROL_LINE_BYTES = 1 << 20;

    /**
     * One whole control-port reply: the largest we ask for is the microdescriptor consensus and
     * the microdescriptors (a few MB each on the public network); tor's own limit on a directory
     * object is MAX_DIR_DL_SIZE, 16 MiB.
     */
    public static final int CONTROL_REPLY_BYTES = 64 << 20;

    /** Lines of one control-port reply: the public network's microdescriptors are ~100,000 lines. */
    public static final int CONTROL_REPLY_LINES = 1_000_000;

    /** The status socket's JSON document: a few hundred bytes per instance. */
    public static final int STATUS_DOCUMENT_BYTES = 16 << 20;

    /** How long `onionbalance status` waits for the whole document before giving up. */
    public static final Duration STATUS_READ_TIMEOUT = Duration.ofSeconds(5);
}
