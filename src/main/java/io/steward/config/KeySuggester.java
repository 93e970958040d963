package io.steward.config;

import java.util.Collection;
import java.util.Locale;

/** Builds the warning for an unknown key, with a "did you mean" suggestion when a known key is close. */
final class KeySuggester {

    private KeySuggester() {
    }

    static String unknownKeyWarning(String parent, String key, Collection<String> siblings) {
        String path = ConfigSchema.join(parent, key);
        if (parent.isEmpty() && ConfigSchema.FOREIGN_DCS.contains(key)) {
            return "unknown configuration key '" + path + "' ignored: Steward keeps the DCS in its own Raft group,"
                    + " configure 'raft:' (data_dir, self_addr, partner_addrs) instead";
        }
        String suggestion = suggest(parent, key, siblings);
        return "unknown configuration key '" + path + "' ignored"
                + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)");
    }

    /** The closest sibling key, else a key of the same name elsewhere in the schema, else null. */
    static String suggest(String parent, String key, Collection<String> siblings) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : siblings) {
            int d = distance(key.toLowerCase(Locale.ROOT), candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= tolerance(key)) {
            return ConfigSchema.join(parent, best);
        }
        return elsewhere(key);
    }

    private static String elsewhere(String key) {
        String best = null;
        for (String path : ConfigSchema.allPaths()) {
            if (path.endsWith("." + key) && (best == null || path.length() < best.length())) {
                best = path;
            }
        }
        return best;
    }

    private static int tolerance(String key) {
        return key.length() <= 4 ? 1 : key.length() <= 8 ? 2 : 3;
    }

    /** Edit distance counting insertions, deletions, substitutions and swaps of adjacent characters as one. */
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
