package io.jenkins.plugins.slurmevaluate.slurm;

/**
 * sbatch ran but did not give a job id: Slurm refused the job (bad account, partition, limits), or its output could
 * not be understood. Unlike an {@link java.io.IOException} from {@link SlurmClient#submit}, which means the command
 * may or may not have reached Slurm, this one carries sbatch's own answer.
 *
 * <p>{@link #maybeSubmitted()} is true when the answer leaves room for a job to exist anyway (sbatch exited 0 but
 * printed no id, or its connection to the controller timed out): look for the job before submitting again.
 */
public class SubmissionFailedException extends Exception {

    private final String scriptPath;
    private final int exitCode;
    private final String stdout;
    private final String stderr;
    private final boolean maybeSubmitted;

    SubmissionFailedException(String message, String scriptPath, int exitCode, String stdout, String stderr,
            boolean maybeSubmitted) {
        super(message);
        this.scriptPath = scriptPath;
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
        this.maybeSubmitted = maybeSubmitted;
    }

    /** The batch script that was submitted. */
    public String scriptPath() {
        return scriptPath;
    }

    public int exitCode() {
        return exitCode;
    }

    /** sbatch's standard output, as printed. */
    public String stdout() {
        return stdout;
    }

    /** sbatch's standard error, as printed: Slurm's reason, such as "Invalid account or account/partition ...". */
    public String stderr() {
        return stderr;
    }

    /** True when a job may have been created despite the failure; check squeue before resubmitting. */
    public boolean maybeSubmitted() {
        return maybeSubmitted;
    }
}
