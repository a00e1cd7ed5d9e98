package net.onionbalance.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for keys: the closest known key within a small edit distance. */
final class KeySpelling {
    private KeySpelling() {}

    /** The known key {@code unknown} was probably meant to be, or empty when none is close. */
    static Optional<String> closest(String unknown, Collection<String> known) {
        String u = unknown.toLowerCase(Locale.ROOT).replace('_', '-').strip();
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(u, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        // Allow a typo or two; for short keys ('key', 'name') one edit only, or everything matches.
        int allowed = Math.max(1, Math.min(3, u.length() / 4));
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
