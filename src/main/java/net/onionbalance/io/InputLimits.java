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

    /**
     * Reply lines (status lines, each kept as an object; a data block's lines are only bytes) of
     * one control-port reply: the most the balancer asks for at once is one GETINFO of 500
     * microdescriptors, 501 lines.
     */
    public static final int CONTROL_REPLY_LINES = 1_000_000;

    /**
     * What one reply line held in memory costs beyond its text: the line's record, its String,
     * the String's array header and its slots in two lists, rounded up (64-bit JVM, compressed
     * references: 24 + 24 + 16 + 2 x 4, plus alignment).
     */
    public static final int CONTROL_LINE_HEAP_OVERHEAD = 96;

    /**
     * Heap one control-port reply in progress may take (text at one byte per character, two
     * when tor sent non-Latin-1 text, plus {@link #CONTROL_LINE_HEAP_OVERHEAD} per reply line):
     * a quarter of what this JVM may use, at most {@link #CONTROL_REPLY_BYTES}. A data block is
     * assembled at twice its size for a moment, so a refused reply has cost at most half the
     * heap, and the rest of the balancer (~9 MB with the public network's documents) its share.
     * The launcher's -Xmx48m gives 12.0 MiB (130,901 reply lines), 3.6 times the largest reply tor gives the
     * balancer on the public network (md/all, 3.5 MB with the 2017 documents; the 2022
     * microdesc consensus is 2.1 MB). The fixed caps alone let a flood of short lines (~150
     * bytes of heap each) reach 135 MB before they stopped it.
     */
    public static long controlReplyHeapBytes() {
        return Math.min(CONTROL_REPLY_BYTES, Runtime.getRuntime().maxMemory() / 4);
    }

    /** Reply lines the heap can take: {@link #controlReplyHeapBytes()} at the overhead per line, at most {@link #CONTROL_REPLY_LINES}. */
    public static int controlReplyLines() {
        return (int) Math.min(CONTROL_REPLY_LINES, controlReplyHeapBytes() / CONTROL_LINE_HEAP_OVERHEAD);
    }

    /**
     * The status socket's JSON document: ~200 bytes per instance, 23,866 bytes for a service with
     * 120 (StatusDocumentSizeTest prints it), so 1 MiB is 43 such services. Also what
     * {@code onionbalance status} can parse with the launcher's 48 MB heap at any content
     * (its values kept, the rest streamed past); 16 MiB of a hostile document ran it out of
     * memory, and the default heap took 30 s and 1.1 GB.
     */
    public static final int STATUS_DOCUMENT_BYTES = 1 << 20;

    /** How long `onionbalance status` waits for the whole document before giving up. */
    public static final Duration STATUS_READ_TIMEOUT = Duration.ofSeconds(5);
}
