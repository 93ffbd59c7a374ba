package io.jenkins.plugins.slurmevaluate.bench;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slurm's own RPC counters by message type: slurmctld's from {@code sdiag} (REQUEST_JOB_USER_INFO for
 * {@code squeue --me}, REQUEST_JOB_INFO_SINGLE for {@code squeue -j ID}, …) and slurmdbd's from
 * {@code sacctmgr show stats} (DBD_GET_JOBS_COND for every {@code sacct}). Both need Slurm admin rights (root
 * here). The counters are global: other users of the test bed add to them, so a difference between two snapshots
 * is an upper bound of what the benchmark caused.
 */
final class SlurmRpcCounters {

    private static final Pattern ROW = Pattern.compile("^\\s+([A-Z_]+)\\s+\\(\\s*\\d+\\)\\s+count:(\\d+)", Pattern.MULTILINE);

    private SlurmRpcCounters() {}

    /** slurmctld and slurmdbd counters by message type, prefixed {@code ctld:} and {@code dbd:}. */
    static Map<String, Long> snapshot() throws IOException {
        Map<String, Long> m = new TreeMap<>();
        parse(section(Proc.run(List.of("sdiag"), 30))).forEach((k, v) -> m.put("ctld:" + k, v));
        parse(section(Proc.run(List.of("sacctmgr", "-n", "show", "stats"), 30))).forEach((k, v) -> m.put("dbd:" + k, v));
        return m;
    }

    /** The "by message type" part of sdiag's or sacctmgr's statistics (not the "by user" part after it). */
    static String section(String text) {
        int start = text.indexOf("by message type");
        if (start < 0) {
            return "";
        }
        int end = text.indexOf("by user", start);
        return end < 0 ? text.substring(start) : text.substring(start, end);
    }

    static Map<String, Long> parse(String section) {
        Map<String, Long> m = new TreeMap<>();
        Matcher x = ROW.matcher(section);
        while (x.find()) {
            m.merge(x.group(1), Long.parseLong(x.group(2)), Long::sum);
        }
        return m;
    }

    /** {@code after - before} per key, for keys that changed. A counter reset (after &lt; before) counts from zero. */
    static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((k, v) -> {
            long b = before.getOrDefault(k, 0L);
            long diff = v >= b ? v - b : v;
            if (diff != 0) {
                d.put(k, diff);
            }
        });
        return d;
    }
}
