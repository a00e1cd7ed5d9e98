package net.onionbalance.tor;

import net.onionbalance.io.InputLimits;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads replies from tor following control-spec §2.3:
 * <pre>
 *   Reply         = *(MidReplyLine / DataReplyLine) EndReplyLine
 *   MidReplyLine  = StatusCode "-" ReplyLine
 *   DataReplyLine = StatusCode "+" ReplyLine CmdData
 *   EndReplyLine  = StatusCode SP ReplyLine
 * </pre>
 * CmdData is dot-encoded (§2.4): it ends with a line holding a single ".", and a leading "." of
 * any other line was doubled by tor. Asynchronous (6xx) lines are gathered apart from command
 * reply lines, so an event arriving in the middle of a reply could never be mixed into it.
 * Lines may end in CRLF or, leniently, LF.
 *
 * <p>control-spec sets no limit on a reply, so a broken or hostile peer could send one without
 * end; each reply in progress (command and event apart) is capped in lines and bytes
 * ({@link InputLimits}), and going over is a protocol violation like a malformed line.
 */
final class ReplyReader {
    /** A single line above this is treated as a protocol violation rather than buffered forever. */
    static final int MAX_LINE_BYTES = InputLimits.CONTROL_LINE_BYTES;

    private static final int CHUNK_BYTES = 64 * 1024;
    private static final byte[] NO_BYTES = {};

    private final InputStream in;
    private final int maxReplyLines;
    private final long maxReplyBytes;
    private List<ReplyLine> sync = new ArrayList<>();
    private List<ReplyLine> async = new ArrayList<>();
    private final Budget syncBudget = new Budget();
    private final Budget asyncBudget = new Budget();
    private long lineNumber;
    /** The line being read, without its terminator; reused, grown up to {@link #MAX_LINE_BYTES}. */
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lineAscii;

    ReplyReader(InputStream in) {
        this(in, InputLimits.controlReplyLines(), InputLimits.controlReplyHeapBytes());
    }

    /** With other limits than {@link InputLimits}' (tests use small ones). */
    ReplyReader(InputStream in, int maxReplyLines, long maxReplyBytes) {
        this.in = in;
        this.maxReplyLines = maxReplyLines;
        this.maxReplyBytes = maxReplyBytes;
    }

    /** Reply lines and heap taken so far by one reply in progress. */
    private final class Budget {
        private int lines;
        private long bytes;

        /** A reply line: its text and the objects that hold it. */
        void takeLine(long textBytes) throws ControlProtocolException {
            if (++lines > maxReplyLines) {
                throw bad("a reply of more than " + maxReplyLines + " lines");
            }
            takeBytes(textBytes + InputLimits.CONTROL_LINE_HEAP_OVERHEAD);
        }

        void takeBytes(long n) throws ControlProtocolException {
            bytes += n;
            if (bytes > maxReplyBytes) {
                throw bad("a reply holding more than " + maxReplyBytes + " bytes of memory");
            }
        }

        void reset() {
            lines = 0;
            bytes = 0;
        }
    }

    /**
     * Lets go of the reply in progress, so its memory is free at once: called by a reader that
     * failed (an OutOfMemoryError may leave it holding most of the heap) before it does anything else.
     */
    void discard() {
        sync = List.of();
        async = List.of();
        line = NO_BYTES;
    }

    /**
     * The next complete reply, command or event, or {@code null} when the stream ends between replies.
     *
     * @throws EOFException             the stream ended in the middle of a reply
     * @throws ControlProtocolException a line breaks the grammar (the line number is in the message)
     */
    Reply read() throws IOException, ControlProtocolException {
        while (true) {
            if (!readLine()) {
                if (sync.isEmpty() && async.isEmpty()) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a reply");
            }
            ReplyLine parsed = parseLine();
            boolean isAsync = parsed.isAsync();
            List<ReplyLine> target = isAsync ? async : sync;
            target.add(parsed);
            if (parsed.isEnd()) {
                Reply reply = new Reply(target);
                // A fresh list, not clear(): a long reply's backing array would stay for good.
                if (isAsync) {
                    async = new ArrayList<>();
                    asyncBudget.reset();
                } else {
                    sync = new ArrayList<>();
                    syncBudget.reset();
                }
                return reply;
            }
        }
    }

    private ReplyLine parseLine() throws IOException, ControlProtocolException {
        if (lineLength < 4 || !isDigit(line[0]) || !isDigit(line[1]) || !isDigit(line[2])) {
            throw bad("expected a three-digit status code and a separator");
        }
        int status = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
        if (status < 100) {
            // Tor's codes run 250..650 (control-spec §4); "0xx" is no status of any class.
            throw bad("status code " + new String(line, 0, 3, StandardCharsets.US_ASCII) + " does not start with 1..9");
        }
        Budget budget = status >= 600 && status < 700 ? asyncBudget : syncBudget;
        budget.takeLine(heapBytes(lineLength - 4));
        char sep = (char) (line[3] & 0xff);
        switch (sep) {
            case ReplyLine.MID:
            case ReplyLine.END:
                return new ReplyLine(status, sep, text(), Optional.empty());
            case ReplyLine.DATA:
                String text = text();
                return new ReplyLine(status, sep, text, Optional.of(readData(budget)));
            default:
                throw bad("separator after the status must be '-', '+' or ' ', got '" + sep + "'");
        }
    }

    private String text() {
        return new String(line, 4, lineLength - 4, StandardCharsets.UTF_8);
    }

    /** What n bytes of the current line cost as a String: Latin-1 strings take a byte a character, others two. */
    private long heapBytes(int n) {
        return lineAscii ? n : 2L * n;
    }

    private String readData(Budget budget) throws IOException, ControlProtocolException {
        DataChunks data = new DataChunks();
        boolean ascii = true;
        while (true) {
            if (!readLine()) {
                throw new EOFException("connection closed inside a data block (line " + lineNumber + ")");
            }
            if (lineLength == 1 && line[0] == '.') {
                break;
            }
            // control-spec §2.4: a leading "." was doubled; the block's lines are joined by "\n".
            int from = lineLength > 0 && line[0] == '.' ? 1 : 0;
            boolean first = data.lines == 0;
            budget.takeBytes(heapBytes(lineLength - from + (first ? 0 : 1)));
            ascii &= lineAscii;
            if (!first) {
                data.put((byte) '\n');
            }
            for (int i = from; i < lineLength; i++) {
                data.put(line[i]);
            }
            data.lines++;
        }
        if (!ascii) {
            // The whole block becomes one UTF-16 string: the bytes before its first such line cost two as well.
            budget.takeBytes(data.total);
        }
        return new String(data.join(), StandardCharsets.UTF_8);
    }

    /** A data block's bytes in fixed chunks: growing costs no copy, joining once costs the block's size. */
    private static final class DataChunks {
        private final List<byte[]> chunks = new ArrayList<>();
        private byte[] current = new byte[0];
        private int used;
        long total;
        int lines;

        void put(byte b) {
            if (used == current.length) {
                current = new byte[CHUNK_BYTES];
                chunks.add(current);
                used = 0;
            }
            current[used++] = b;
            total++;
        }

        byte[] join() {
            byte[] all = new byte[(int) total];
            int at = 0;
            for (byte[] c : chunks) {
                int n = (int) Math.min(c.length, total - at);
                System.arraycopy(c, 0, all, at, n);
                at += n;
            }
            chunks.clear();
            current = null;
            return all;
        }
    }

    /**
     * Reads one line into {@link #line} without its terminator (LF, or CRLF).
     *
     * @return false at a clean end of stream
     */
    private boolean readLine() throws IOException, ControlProtocolException {
        int len = 0;
        boolean ascii = true;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (len == 0) {
                    return false;
                }
                throw new EOFException("connection closed in the middle of a line");
            }
            if (b == '\n') {
                lineNumber++;
                lineLength = len > 0 && line[len - 1] == '\r' ? len - 1 : len;
                lineAscii = ascii;
                return true;
            }
            if (len >= MAX_LINE_BYTES) {
                throw bad("line longer than " + MAX_LINE_BYTES + " bytes");
            }
            if (len == line.length) {
                line = Arrays.copyOf(line, (int) Math.min(MAX_LINE_BYTES, Math.max(256, 2L * line.length)));
            }
            line[len++] = (byte) b;
            ascii &= b < 0x80;
        }
    }

    private ControlProtocolException bad(String what) {
        return new ControlProtocolException("malformed reply from tor at line " + (lineNumber) + ": " + what);
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
