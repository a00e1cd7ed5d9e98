package net.onionbalance.tor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The arguments of a reply line or event: space-separated positional words followed by
 * {@code Keyword=Value} pairs whose value is either a bare word or a QuotedString
 * (control-spec §2.1.1, §4.1). Example:
 * {@code AUTH METHODS=COOKIE,SAFECOOKIE COOKIEFILE="/var/run/tor/control.authcookie"}.
 * A word is positional when it has no {@code =}, starts with a quote, or has a character
 * before the {@code =} that no keyword uses (such as the {@code $} of a LongName).
 */
public record KeywordArguments(List<String> positional, Map<String, String> keywords) {
    public KeywordArguments {
        positional = List.copyOf(positional);
        keywords = Collections.unmodifiableMap(new LinkedHashMap<>(keywords));
    }

    public static KeywordArguments parse(String text) throws ControlProtocolException {
        List<String> pos = new ArrayList<>();
        Map<String, String> kw = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            if (text.charAt(i) == ' ') {
                i++;
                continue;
            }
            if (text.charAt(i) == '"') {
                QuotedString.Decoded q = QuotedString.decode(text, i);
                pos.add(q.value());
                i = q.end();
                continue;
            }
            int wordEnd = indexOfSpace(text, i);
            int eq = text.indexOf('=', i);
            if (eq < 0 || eq > wordEnd || (eq > i && !isKeyword(text, i, eq))) {
                pos.add(text.substring(i, wordEnd));
                i = wordEnd;
                continue;
            }
            String key = text.substring(i, eq);
            if (key.isEmpty()) {
                throw new ControlProtocolException("empty keyword before '=' at column " + eq + " of \"" + text + "\"");
            }
            if (eq + 1 < n && text.charAt(eq + 1) == '"') {
                QuotedString.Decoded q = QuotedString.decode(text, eq + 1);
                kw.put(key, q.value());
                i = q.end();
            } else {
                int end = indexOfSpace(text, eq + 1);
                kw.put(key, text.substring(eq + 1, end));
                i = end;
            }
            if (i < n && text.charAt(i) != ' ') {
                throw new ControlProtocolException("expected a space after the value of " + key + " in \"" + text + "\"");
            }
        }
        return new KeywordArguments(pos, kw);
    }

    public Optional<String> keyword(String key) {
        return Optional.ofNullable(keywords.get(key));
    }

    public Optional<String> positional(int index) {
        return index < positional.size() ? Optional.of(positional.get(index)) : Optional.empty();
    }

    /** Keywords are letters, digits and '_'; "$FP=nick" (a LongName, control-spec §2.4) is positional. */
    private static boolean isKeyword(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '/' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static int indexOfSpace(String s, int from) {
        int sp = s.indexOf(' ', from);
        return sp < 0 ? s.length() : sp;
    }
}
