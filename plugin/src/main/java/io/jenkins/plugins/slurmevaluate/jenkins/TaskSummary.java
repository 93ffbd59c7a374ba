package io.jenkins.plugins.slurmevaluate.jenkins;

import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.util.Locale;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;

/**
 * One task's line on the build page, in words: {@code completed}, {@code stopped: max_walltime (20:00 of 20:00 used)},
 * {@code RUNNING, link 2} or {@code not submitted}, then the evaluator's {@code requests done N} once it wrote one,
 * then its auto-export if it has one, and its chain's job ids.
 */
@Restricted(NoExternalUse.class)
public final class TaskSummary {

    private final String id;
    private final String status;
    private final String jobs;

    private TaskSummary(String id, String status, String jobs) {
        this.id = id;
        this.status = status;
        this.jobs = jobs;
    }

    static TaskSummary of(TaskRecord t) {
        return new TaskSummary(t.id(), status(t), String.join(", ", t.jobIds()));
    }

    static String status(TaskRecord t) {
        String line = t.requestsDone() == null ? chain(t) : chain(t) + ", " + t.requestsDone();
        return line + (t.export() == null ? "" : "; " + t.export().describe());
    }

    private static String chain(TaskRecord t) {
        if (t.chainStopped()) {
            String detail = t.stopDetail() == null || t.stopDetail().isBlank() ? "" : " (" + t.stopDetail().strip() + ")";
            return t.succeeded() ? "completed" + detail : "stopped: " + t.stop() + detail;
        }
        if (!t.submitted()) {
            return "not submitted";
        }
        String state = t.state() == null ? "submitted" : t.state().toUpperCase(Locale.ROOT);
        return t.jobIds().size() == 1 ? state : state + ", link " + t.jobIds().size();
    }

    public String getId() {
        return id;
    }

    public String getStatus() {
        return status;
    }

    /** {@code gsm8k.1: completed (jobs 12, 13)}, for the build page's summary. */
    public String getLine() {
        return id + ": " + status + (jobs.isEmpty() ? "" : " (jobs " + jobs + ")");
    }

    /** The chain's job ids, oldest first, comma-separated; empty before the submission. */
    public String getJobs() {
        return jobs;
    }
}
