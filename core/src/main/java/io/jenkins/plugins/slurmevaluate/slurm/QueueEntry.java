package io.jenkins.plugins.slurmevaluate.slurm;

import java.time.Duration;

/**
 * One job as {@code squeue} shows it: live state straight from the controller. Finished jobs stay visible for
 * {@code MinJobAge} (300 s by default) and then disappear; use {@link AccountingEntry} after that.
 *
 * @param jobId {@code 123}, an array task {@code 123_4}, or a pending array range {@code 123_[1-3]}
 * @param state the classified state
 * @param rawState the state as printed, such as {@code COMPLETING}
 * @param reason why it waits or ended, such as {@code Dependency}, {@code BeginTime}, {@code None}
 * @param timeUsed how long it has run, or null when squeue printed no duration
 * @param timeLimit its time limit, or null when unlimited
 * @param dependency its dependency expression, such as {@code afternotok:12(unfulfilled)}; empty when none
 * @param name its job name ({@code --job-name}); slurm-evaluate's jobs carry their submit token there
 * @param comment its comment ({@code --comment}); empty when none
 */
public record QueueEntry(
        String jobId,
        JobState state,
        String rawState,
        String reason,
        Duration timeUsed,
        Duration timeLimit,
        String dependency,
        String name,
        String comment) {

    /**
     * The job waits for a dependency that can no longer be met (say {@code afterok} on a job that failed), so it will
     * never start: treat it as finished and cancel it, or it stays in the queue until an administrator removes it.
     */
    public boolean waitsForever() {
        return state == JobState.PENDING && "DependencyNeverSatisfied".equals(reason);
    }

    /** The number before any array or het suffix: {@code 123} for {@code 123_4}. */
    public String baseJobId() {
        return JobIds.base(jobId);
    }
}
