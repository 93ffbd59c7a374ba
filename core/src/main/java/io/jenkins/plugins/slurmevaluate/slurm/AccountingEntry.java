package io.jenkins.plugins.slurmevaluate.slurm;

import java.time.Duration;
import java.time.LocalDateTime;

/**
 * One row of {@code sacct}: a job's allocation ({@code step} null) or one of its steps ({@code batch},
 * {@code extern}, {@code 0}, ...). Accounting is the source of truth for a finished job; for a live job prefer
 * {@link QueueEntry}, since sacct has no row for the first seconds after submission and can lag a state behind.
 *
 * @param jobId the job part of sacct's JobID: {@code 123}, or {@code 123_4} for an array task
 * @param step the step after the dot, or null for the allocation row
 * @param name the job name (for a step, the step's name, such as {@code batch}). Until the controller's job record
 *     reaches the accounting database, sacct shows a placeholder row named {@code allocation} (observed on Slurm
 *     22.05 from about 0.5 s to 3.5-5 s after submission). Its state and exit code are already right (FAILED 3:0
 *     for an {@code exit 3} job), but its name is not; the allocation may also still say PENDING while the
 *     {@code batch} step already says RUNNING
 * @param state the classified state
 * @param rawState the state as printed, such as {@code CANCELLED by 1001}
 * @param exitCode the exit status before the colon of ExitCode, or null when sacct printed none (after NODE_FAIL)
 * @param signal the signal after the colon of ExitCode ({@code 9} for SIGKILL), or null when none was printed
 * @param elapsed the run time so far or in total (zero while pending)
 * @param submit when the job was submitted, in the cluster's local time
 * @param start when it started, or null if it has not ({@code Unknown}) or never will ({@code None})
 * @param end when it ended, or null if it has not
 * @param comment the job's comment; empty unless the cluster stores comments ({@code AccountingStoreFlags=job_comment})
 */
public record AccountingEntry(
        String jobId,
        String step,
        String name,
        JobState state,
        String rawState,
        Integer exitCode,
        Integer signal,
        Duration elapsed,
        LocalDateTime submit,
        LocalDateTime start,
        LocalDateTime end,
        String comment) {

    /** The allocation row, which carries the job's own state; step rows say what each step did. */
    public boolean isAllocation() {
        return step == null;
    }

    /** The number before any array or het suffix: {@code 123} for {@code 123_4}. */
    public String baseJobId() {
        return JobIds.base(jobId);
    }
}
