package io.jenkins.plugins.slurmevaluate.results;

/** "Did you mean": names within a small edit distance of each other. */
final class Similar {

    private Similar() {}

    static boolean close(String typed, String known) {
        if (typed.isEmpty() || Math.abs(typed.length() - known.length()) > 2) {
            return false;
        }
        return distance(typed, known) <= Math.max(1, Math.min(2, typed.length() / 4));
    }

    /** Levenshtein distance, two rows. */
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
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
