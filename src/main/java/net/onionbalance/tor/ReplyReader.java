package net.onionbalance.tor;

import net.onionbalance.io.InputLimits;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

    private final InputStream in;
    private final int maxReplyLines;
    private final long maxReplyBytes;
    private final List<ReplyLine> sync = new ArrayList<>();
    private final List<ReplyLine> async = new ArrayList<>();
    private final Budget syncBudget = new Budget();
    private final Budget asyncBudget = new Budget();
    private long lineNumber;

    ReplyReader(InputStream in) {
        this(in, InputLimits.CONTROL_REPLY_LINES, InputLimits.CONTROL_REPLY_BYTES);
    }

    /** With other limits than {@link InputLimits}' (tests use small ones). */
    ReplyReader(InputStream in, int maxReplyLines, long maxReplyBytes) {
        this.in = in;
        this.maxReplyLines = maxReplyLines;
        this.maxReplyBytes = maxReplyBytes;
    }

    /** Lines and bytes taken so far by one reply in progress. */
    private final class Budget {
        private int lines;
        private long bytes;

        void take(String line) throws ControlProtocolException {
            lines++;
            bytes += line.length() + 2;
            if (lines > maxReplyLines) {
                throw bad("a reply of more than " + maxReplyLines + " lines");
            }
            if (bytes > maxReplyBytes) {
                throw bad("a reply of more than " + maxReplyBytes + " bytes");
            }
        }

        void reset() {
            lines = 0;
            bytes = 0;
        }
    }

    /**
     * The next complete reply, command or event, or {@code null} when the stream ends between replies.
     *
     * @throws EOFException             the stream ended in the middle of a reply
     * @throws ControlProtocolException a line breaks the grammar (the line number is in the message)
     */
    Reply read() throws IOException, ControlProtocolException {
        while (true) {
            String line = readLine();
            if (line == null) {
                if (sync.isEmpty() && async.isEmpty()) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a reply");
            }
            ReplyLine parsed = parseLine(line);
            List<ReplyLine> target = parsed.isAsync() ? async : sync;
            target.add(parsed);
            if (parsed.isEnd()) {
                Reply reply = new Reply(target);
                target.clear();
                (parsed.isAsync() ? asyncBudget : syncBudget).reset();
                return reply;
            }
        }
    }

    private ReplyLine parseLine(String line) throws IOException, ControlProtocolException {
        if (line.length() < 4 || !isDigit(line.charAt(0)) || !isDigit(line.charAt(1)) || !isDigit(line.charAt(2))) {
            throw bad("expected a three-digit status code and a separator");
        }
        int status = Integer.parseInt(line.substring(0, 3));
        if (status < 100) {
            // Tor's codes run 250..650 (control-spec §4); "0xx" is no status of any class.
            throw bad("status code " + line.substring(0, 3) + " does not start with 1..9");
        }
        Budget budget = status >= 600 && status < 700 ? asyncBudget : syncBudget;
        budget.take(line);
        char sep = line.charAt(3);
        String text = line.substring(4);
        switch (sep) {
            case ReplyLine.MID:
            case ReplyLine.END:
                return new ReplyLine(status, sep, text, Optional.empty());
            case ReplyLine.DATA:
                return new ReplyLine(status, sep, text, Optional.of(readData(budget)));
            default:
                throw bad("separator after the status must be '-', '+' or ' ', got '" + sep + "'");
        }
    }

    private String readData(Budget budget) throws IOException, ControlProtocolException {
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new EOFException("connection closed inside a data block (line " + lineNumber + ")");
            }
            budget.take(line);
            if (line.equals(".")) {
                return sb.toString();
            }
            if (!first) {
                sb.append('\n');
            }
            first = false;
            sb.append(line.startsWith(".") ? line.substring(1) : line);
        }
    }

    /** One line without its terminator, or null at a clean end of stream. */
    private String readLine() throws IOException, ControlProtocolException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (buf.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed in the middle of a line");
            }
            if (b == '\n') {
                lineNumber++;
                byte[] bytes = buf.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            if (buf.size() >= MAX_LINE_BYTES) {
                throw bad("line longer than " + MAX_LINE_BYTES + " bytes");
            }
            buf.write(b);
        }
    }

    private ControlProtocolException bad(String what) {
        return new ControlProtocolException("malformed reply from tor at line " + (lineNumber) + ": " + what);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
