package net.onionbalance.tor;

import java.util.Objects;
import java.util.Optional;

/**
 * One line of a control-port reply (control-spec §2.3): a three-digit status, the separator
 * ({@code '-'} mid line, {@code '+'} data line, {@code ' '} end line), the rest of the line, and
 * for a data line the dot-decoded data block with lines joined by {@code "\n"} (no final newline).
 */
public record ReplyLine(int status, char separator, String text, Optional<String> data) {
    public static final char MID = '-';
    public static final char DATA = '+';
    public static final char END = ' ';

    public ReplyLine {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must have three digits: " + status);
        }
        if (separator != MID && separator != DATA && separator != END) {
            throw new IllegalArgumentException("bad separator '" + separator + "'");
        }
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(data, "data");
        if (data.isPresent() != (separator == DATA)) {
            throw new IllegalArgumentException("data goes with '+' lines only");
        }
    }

    public boolean isEnd() {
        return separator == END;
    }

    /** control-spec §4: 6xx replies are asynchronous events. */
    public boolean isAsync() {
        return status >= 600 && status < 700;
    }
}
