package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one-line progress of a run: time since it was submitted, then each task's state, chain link and run time
 * against its max_walltime budget, e.g.
 * {@code [0:05:12] ifeval.0 RUNNING link 2/18, 0:04:40 of max_walltime 4:00:00, requests done 37 | gsm8k.1 completed
 * after 0:00:41, requests done 5} (the count only once the evaluator has written one).
 */
final class ProgressLine {

    private ProgressLine() {}

    /**
     * @param budgets from the last {@link BudgetProbe}, by task directory (empty before the first one)
     * @param clusterNow the cluster's clock now (epoch second), or -1 when unknown
     */
    static String format(RunRecord record, Map<String, BudgetProbe.Budget> budgets, long clusterNow, Instant now) {
        List<String> parts = new ArrayList<>();
        for (TaskRecord t : record.tasks()) {
            parts.add(task(t, budgets.get(t.taskDir()), clusterNow));
        }
        Duration elapsed = record.createdAt() == null ? Duration.ZERO : Duration.between(record.createdAt(), now);
        return "[" + hms(Math.max(0, elapsed.toSeconds())) + "] " + String.join(" | ", parts);
    }

    static String task(TaskRecord t, BudgetProbe.Budget budget, long clusterNow) {
        String done = t.requestsDone() == null ? "" : ", " + t.requestsDone();
        return chain(t, budget, clusterNow) + done;
    }

    private static String chain(TaskRecord t, BudgetProbe.Budget budget, long clusterNow) {
        long used = budget == null || clusterNow < 0 ? -1 : budget.usedSeconds(t, clusterNow);
        if (t.chainStopped()) {
            return t.id() + " " + t.stop() + (used > 0 ? " after " + hms(used) : "");
        }
        if (!t.submitted()) {
            return t.id() + " " + (t.state() == null ? "not submitted" : t.state());
        }
        StringBuilder s = new StringBuilder(t.id()).append(' ').append(t.state() == null ? "SUBMITTED" : t.state())
                .append(" link ").append(t.jobIds().size());
        if (budget != null && budget.maxLinks() > 0) {
            s.append('/').append(budget.maxLinks());
        }
        if (used >= 0) {
            s.append(", ").append(hms(used));
            s.append(budget.maxWalltime() >= 0 ? " of max_walltime " + hms(budget.maxWalltime()) : " (no max_walltime)");
        }
        return s.toString();
    }

    /** {@code H:MM:SS}, hours unbounded. */
    static String hms(long seconds) {
        return String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
