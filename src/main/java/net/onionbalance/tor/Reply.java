package net.onionbalance.tor;

import java.util.List;

/** A complete reply: mid and data lines followed by exactly one end line (control-spec §2.3). */
public record Reply(List<ReplyLine> lines) {
    public Reply {
        lines = List.copyOf(lines);
        if (lines.isEmpty() || !lines.get(lines.size() - 1).isEnd()) {
            throw new IllegalArgumentException("a reply ends with an end line");
        }
    }

    /** The status of the end line, which tor uses for the reply as a whole. */
    public int status() {
        return last().status();
    }

    /** 2xx (control-spec §4: positive completion). */
    public boolean isOk() {
        return status() >= 200 && status() < 300;
    }

    public boolean isAsync() {
        return last().isAsync();
    }

    public ReplyLine first() {
        return lines.get(0);
    }

    public ReplyLine last() {
        return lines.get(lines.size() - 1);
    }
}
