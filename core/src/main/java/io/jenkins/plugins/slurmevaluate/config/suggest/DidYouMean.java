package io.jenkins.plugins.slurmevaluate.config.suggest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Suggests the closest known name for a misspelled one, by Levenshtein distance. */
public final class DidYouMean {

    private DidYouMean() {}

    /**
     * The known name closest to {@code wrong}, if it is close enough to be a likely typo: at most a third of the
     * longer name's length in edits (at least 1, at most 3), or the same apart from case, '-' and '_'.
     */
    public static Optional<String> closest(String wrong, Collection<String> known) {
        List<String> sorted = new ArrayList<>(known);
        sorted.sort(Comparator.naturalOrder());
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : sorted) {
            int d = distance(normalize(wrong), normalize(candidate));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        int limit = Math.min(3, Math.max(1, Math.max(wrong.length(), best.length()) / 3));
        return bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** "; did you mean 'x'?" or the empty string, ready to append to a message. */
    public static String hint(String wrong, Collection<String> known) {
        return closest(wrong, known).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    /**
     * Like {@link #hint}, but when no name is close enough to be a typo, names the known one that shares the
     * longest start with {@code wrong} (at least half of the shorter name): "; nearest known key: 'x'". For
     * warnings about keys a user may have added on purpose, such as {@code data_parallel_size_local}.
     */
    public static String nearestHint(String wrong, Collection<String> known) {
        String typo = hint(wrong, known);
        if (!typo.isEmpty()) {
            return typo;
        }
        String best = null;
        int bestLength = 0;
        for (String candidate : known.stream().sorted().toList()) {
            String a = normalize(wrong);
            String b = normalize(candidate);
            int n = 0;
            while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
                n++;
            }
            if (n > bestLength && n * 2 >= Math.min(a.length(), b.length())) {
                best = candidate;
                bestLength = n;
            }
        }
        return best == null ? "" : "; nearest known key: '" + best + "'";
    }

    private static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
