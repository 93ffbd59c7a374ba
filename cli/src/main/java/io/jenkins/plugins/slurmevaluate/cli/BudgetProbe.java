package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.config.time.SlurmTime;
import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads, in one command, what the progress line needs beyond the record: each task's budgets (from its run.sub) and
 * when each link started and ended (its {@code .jobs/} markers, which the chain's own max_walltime accounting falls
 * back to as well), plus the cluster's clock. Asked every half minute or so; a failure only leaves the figures
 * as they were.
 */
final class BudgetProbe {

    /**
     * One task's budgets and link times.
     *
     * @param timeLimit seconds of each link's {@code --time}, or -1 when unknown or unlimited
     * @param maxWalltime seconds of the chain's max_walltime, or -1 for none
     * @param maxLinks the chain's max_chain_links, or -1 when unknown
     * @param starts epoch second each link started, by job id
     * @param ends epoch second each link ended, by job id
     */
    record Budget(long timeLimit, long maxWalltime, int maxLinks, Map<String, Long> starts, Map<String, Long> ends) {

        /** Run time of the chain so far, counted as its budget check counts it. */
        long usedSeconds(TaskRecord task, long now) {
            long used = 0;
            for (String id : task.jobIds()) {
                Long start = starts.get(id);
                if (start == null) {
                    continue;
                }
                Long end = ends.get(id);
                boolean current = id.equals(task.currentJobId()) && !task.chainStopped();
                long until = end != null ? end : current || timeLimit < 0 ? now : Math.min(now, start + timeLimit);
                used += Math.max(0, until - start);
            }
            return used;
        }
    }

    /** What one probe saw: budgets by task directory, and the cluster's epoch second when it looked. */
    record Snapshot(Map<String, Budget> budgets, long remoteEpoch) {}

    private static final String SCRIPT = String.join("\n",
            "printf 'N\\t%s\\n' \"$(date +%s)\"",
            "for d in \"$@\"; do",
            "  grep -E '^_SE_(TIME_LIMIT|MAX_LINKS|MAX_WALLTIME_SECONDS)=' \"$d/run.sub\" 2>/dev/null |",
            "    while IFS= read -r l; do printf 'L\\t%s\\t%s\\n' \"$d\" \"$l\"; done",
            "  for f in \"$d\"/.jobs/*.start \"$d\"/.jobs/*.end; do",
            "    [ -f \"$f\" ] && printf 'M\\t%s\\t%s\\t%s\\n' \"$d\" \"${f##*/}\" \"$(head -c 64 \"$f\" | tr '\\n' ' ')\"",
            "  done",
            "done",
            "true");

    private BudgetProbe() {}

    static Snapshot probe(RemoteHost host, RunRecord record) throws IOException {
        List<String> argv = new ArrayList<>(List.of("bash", "-c", SCRIPT, "probe"));
        record.tasks().forEach(t -> argv.add(t.taskDir()));
        ExecResult r = host.exec(argv, Duration.ofSeconds(30));
        if (!r.ok()) {
            throw new IOException("probe failed (exit " + r.exitCode() + "): " + r.stderr().strip());
        }
        return parse(r.stdout());
    }

    static Snapshot parse(String output) {
        long now = -1;
        Map<String, Map<String, String>> limits = new HashMap<>();
        Map<String, Map<String, Long>> starts = new HashMap<>();
        Map<String, Map<String, Long>> ends = new HashMap<>();
        for (String line : output.split("\n")) {
            String[] f = line.split("\t", 4);
            if (f[0].equals("N") && f.length == 2 && f[1].strip().matches("\\d+")) {
                now = Long.parseLong(f[1].strip());
            } else if (f[0].equals("L") && f.length == 3) {
                int eq = f[2].indexOf('=');
                String value = f[2].substring(eq + 1).replaceAll("\\s+#.*$", "").replace("'", "").strip();
                limits.computeIfAbsent(f[1], d -> new HashMap<>()).put(f[2].substring(0, eq), value);
            } else if (f[0].equals("M") && f.length == 4) {
                String[] v = f[3].strip().split("\\s+");
                if (!v[0].matches("\\d{1,12}")) {
                    continue;
                }
                String name = f[2];
                var target = name.endsWith(".start") ? starts : ends;
                String id = name.substring(0, name.lastIndexOf('.'));
                target.computeIfAbsent(f[1], d -> new HashMap<>()).put(id, Long.parseLong(v[0]));
            }
        }
        Map<String, Budget> budgets = new HashMap<>();
        limits.forEach((dir, l) -> budgets.put(dir, new Budget(timeLimit(l.get("_SE_TIME_LIMIT")),
                number(l.get("_SE_MAX_WALLTIME_SECONDS")), (int) number(l.get("_SE_MAX_LINKS")),
                starts.getOrDefault(dir, Map.of()), ends.getOrDefault(dir, Map.of()))));
        return new Snapshot(budgets, now);
    }

    private static long timeLimit(String text) {
        try {
            SlurmTime t = SlurmTime.parse(text == null ? "" : text);
            return t.isUnlimited() ? -1 : t.seconds();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    private static long number(String text) {
        return text != null && text.matches("\\d{1,12}") ? Long.parseLong(text) : -1;
    }
}
