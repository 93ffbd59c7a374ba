package io.jenkins.plugins.slurmevaluate.run;

import io.jenkins.plugins.slurmevaluate.layout.ChainEvent;
import io.jenkins.plugins.slurmevaluate.layout.ChainStatus;
import io.jenkins.plugins.slurmevaluate.slurm.JobState;
import io.jenkins.plugins.slurmevaluate.slurm.QueueEntry;
import io.jenkins.plugins.slurmevaluate.state.ExportStatus;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Decides, once a task's chain has stopped, what became of its auto-export: a pure function beside
 * {@link ChainTracker}, which keeps the task open (not {@code chainStopped}) until the export is final, so the
 * watcher follows the export job and streams its log like a link's.
 *
 * <p>Only a chain that stopped {@code completed} exports. Its last link queued the export job ({@code export id=N},
 * afterok on itself); the job reports {@code export_end code=N} as its last act. A job that leaves the queue without
 * that report failed to start or was cancelled.
 */
final class ExportTracker {

    /** How long an export job may be missing from the queue without having reported, before it counts as failed. */
    static final Duration REPORT_GRACE = ChainTracker.SUBMIT_GRACE;

    private static final String KILLED = "cancelled by slurm-evaluate kill";

    private ExportTracker() {}

    /** What one poll says, for a task whose chain has stopped with {@code reason}. */
    record Result(ExportStatus status, boolean following, Optional<String> cancel) {}

    /**
     * @param exportQueue the squeue rows of the export job (empty when it is gone or was never seen)
     * @param lastSeen when the export job (or the chain before it) was last seen in the queue
     * @param killed whether {@code slurm-evaluate kill} marked the task ({@code .killed}): it cancels the export job
     */
    static Result observe(ExportStatus before, ChainStatus chain, String reason, String detail,
            List<QueueEntry> exportQueue, Instant lastSeen, Instant now, boolean killed) {
        Optional<String> id = chain.exportJob();
        Optional<String> pending = exportQueue.stream().filter(q -> q.state().isActive()).map(QueueEntry::jobId).findFirst();
        if (!"completed".equals(reason)) {
            // a link that queued the export and then failed never lets it run: cancel the leftover
            return new Result(before.with(ExportStatus.SKIPPED, id.orElse(null), "the evaluation did not complete: chain stopped "
                    + reason + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")")), false, pending);
        }
        Optional<ChainEvent> notQueued = chain.exportNotQueued();
        if (notQueued.isPresent()) {
            // an export an earlier link queued (then timed out) never runs: cancel it with the outcome of the last link
            ChainEvent e = notQueued.get();
            return e.event().equals("export_skipped")
                    ? new Result(before.with(ExportStatus.SKIPPED, null, e.attribute("reason").orElse("skipped")), false, pending)
                    : new Result(before.with(ExportStatus.FAILED, null, "sbatch of export.sbatch failed (exit code "
                            + e.attribute("rc").orElse("?") + ")"), false, pending);
        }
        if (id.isEmpty()) {
            return new Result(before.with(ExportStatus.FAILED, null, "the link that completed the chain queued no export job"),
                    false, Optional.empty());
        }
        Optional<Integer> code = chain.exportExitCode();
        boolean alive = exportQueue.stream().anyMatch(q -> q.state().isActive() && !q.waitsForever());
        if (killed && !alive && code.map(c -> c != 0).orElse(true)) {
            return new Result(before.with(ExportStatus.SKIPPED, id.get(), KILLED), false, pending);
        }
        if (code.isPresent()) {
            return new Result(reported(before, id.get(), code.get()), false, Optional.empty());
        }
        if (alive || Duration.between(lastSeen, now).compareTo(REPORT_GRACE) < 0) {
            return new Result(before.with(ExportStatus.QUEUED, id.get(), null), true, Optional.empty());
        }
        return new Result(before.with(ExportStatus.FAILED, id.get(), "the export job ended without reporting (cancelled, or it"
                + " could not start); see logs/export-" + id.get() + ".log"), false, pending);
    }

    /** What the export job's own report ({@code export_end code=N}) says. */
    private static ExportStatus reported(ExportStatus before, String job, int code) {
        return code == 0 ? before.with(ExportStatus.SUCCEEDED, job, null)
                : before.with(ExportStatus.FAILED, job, "exit code " + code + "; see logs/export-" + job + ".log");
    }

    /** The squeue rows that are the task's export job, which are not links of its chain. */
    static boolean isExportJob(ChainStatus chain, QueueEntry q) {
        return chain.exportJob().map(q.jobId()::equals).orElse(false);
    }

    /**
     * A task after {@code slurm-evaluate kill}: its chain is killed, unless it had completed (as the record or its
     * {@code .chain_status}, when it could be read, says) and only its export job was still queued or running, which
     * the kill cancelled; then the evaluation stands and the export is skipped.
     */
    static TaskRecord killed(TaskRecord t, ChainStatus chain) {
        ExportStatus x = t.export();
        boolean completed = chain != null && chain.stopReason().filter("completed"::equals).isPresent();
        if (x != null && (x.outcome().equals(ExportStatus.QUEUED) || completed)) {
            String job = x.jobId() != null ? x.jobId() : chain == null ? null : chain.exportJob().orElse(null);
            // the export may have ended before the kill, and the watcher not polled since: its report stands
            Optional<Integer> code = chain == null ? Optional.empty() : chain.exportExitCode();
            ExportStatus outcome = code.isEmpty() ? x.with(ExportStatus.SKIPPED, job, KILLED) : reported(x, job, code.get());
            return t.withStop("completed", "").withExport(outcome);
        }
        return settle(t.withStop("killed", "cancelled by slurm-evaluate kill").withState(JobState.CANCELLED.name()));
    }

    /** The record of a task whose chain ended without the watcher following it (a kill): nothing will export. */
    static TaskRecord settle(TaskRecord t) {
        ExportStatus x = t.export();
        if (x == null || x.isFinal() || !t.chainStopped()) {
            return t;
        }
        return t.withExport(x.with(ExportStatus.SKIPPED, x.jobId(), "chain stopped " + t.stop()));
    }
}
