package net.onionbalance.ui.console;

import java.util.ArrayList;
import java.util.List;
import net.onionbalance.crypto.OnionAddress;
import net.onionbalance.engine.Durations;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Small text helpers: safe printing, fixed-width columns, ages, short addresses. */
public final class Text {
    private Text() {}

    /**
     * Replaces control characters (newlines, tabs, ESC) by spaces: a log message or a reason
     * from the network must never move the cursor or send an escape sequence to the terminal.
     */
    static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
                if (sb == null) {
                    sb = new StringBuilder(s.length()).append(s, 0, i);
                }
                sb.append(' ');
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /**
     * What ends text cut to fit: a column, a line at the screen's edge. ASCII, so that it reads the
     * same whatever the terminal's character set (an onion address or a name never has one).
     */
    static final char CUT = '~';

    /** Cut to at most {@code width} characters, marking a cut with {@link #CUT}. */
    static String clip(String s, int width) {
        if (width <= 0) {
            return "";
        }
        if (s.length() <= width) {
            return s;
        }
        return width == 1 ? String.valueOf(CUT) : s.substring(0, width - 1) + CUT;
    }

    /** Words onto lines of at most {@code width} columns; a longer word is cut. Control characters become spaces. */
    public static List<String> wrap(String s, int width) {
        List<String> out = new ArrayList<>();
        int w = Math.max(1, width);
        StringBuilder line = new StringBuilder();
        for (String word : printable(s).split(" ")) {
            while (word.length() > w) {
                if (line.length() > 0) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                out.add(word.substring(0, w));
                word = word.substring(w);
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > w) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0 || out.isEmpty()) {
            out.add(line.toString());
        }
        return out;
    }

    /** Exactly {@code width} characters: clipped or padded with spaces. */
    static String fit(String s, int width) {
        String c = clip(s, width);
        return c + " ".repeat(Math.max(0, width - c.length()));
    }

    /** "3m12s ago", or {@code never} when there is no time. Times ahead of the clock read "now". */
    static String ago(Optional<Instant> at, Instant now, String never) {
        return at.map(t -> ago(t, now)).orElse(never);
    }

    static String ago(Instant at, Instant now) {
        Duration d = Duration.between(at, now);
        return d.isNegative() || d.isZero() ? "now" : Durations.human(d) + " ago";
    }

    /** An age without "ago", for columns headed "age". */
    static String age(Optional<Instant> at, Instant now, String never) {
        return at.map(t -> Durations.human(Duration.between(t, now))).orElse(never);
    }

    /**
     * An onion address in at most {@code width} columns: whole (with ".onion") when it fits,
     * otherwise its first characters, which is how operators tell addresses apart.
     */
    static String address(OnionAddress a, int width) {
        String full = a.withOnionSuffix();
        if (full.length() <= width) {
            return full;
        }
        String bare = a.toString();
        if (bare.length() <= width) {
            return bare;
        }
        return width <= 3 ? bare.substring(0, Math.max(0, width)) : bare.substring(0, width - 3) + "...";
    }
}
