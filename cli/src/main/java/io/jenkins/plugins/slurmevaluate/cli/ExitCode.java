package io.jenkins.plugins.slurmevaluate.cli;

/**
 * The exit codes of every command, so a CI job can branch on the outcome without reading the output. The verdict
 * codes come first: a release gate script only needs {@code 0} to go on.
 */
final class ExitCode {

    /** The gates passed (or, for commands without a verdict, the command did what it was asked). */
    static final int PASS = 0;

    /** A gate failed: a score is below its threshold or regressed against the baseline. */
    static final int FAIL = 1;

    /** Invalid config, gate, baseline or command line, or a request that does not fit the run's state. */
    static final int INVALID = 2;

    /** A gate could not be decided: the scores are within noise of the threshold (strict mode). */
    static final int INCONCLUSIVE = 3;

    /** An evaluation did not complete: a task's chain failed, was killed, or ran out of its budget. */
    static final int EVALUATION_ERROR = 4;

    /** The cluster could not be used: unreachable, host key or login refused, sbatch refused, download failed. */
    static final int INFRASTRUCTURE = 5;

    /** Interrupted (Ctrl-C): the jobs keep running unless --cancel-on-interrupt was given. */
    static final int INTERRUPTED = 130;

    /** The table in every command's --help, and in the README. */
    static final String HELP = """
            Exit codes:
              0    PASS: every gate passed (other commands: done as asked)
              1    FAIL: a gate failed
              2    invalid config, gate or command line, or not possible in this state
              3    INCONCLUSIVE: a gate could not be decided (--strict)
              4    evaluation error: a task's chain failed, was killed or ran out of budget
              5    infrastructure error: cluster unreachable, SSH or sbatch refused
              70   internal error (a bug: please report it with the stack trace)
              130  interrupted (Ctrl-C): the jobs keep running""";

    private ExitCode() {}

    /** The code of a verdict as {@link io.jenkins.plugins.slurmevaluate.run.Evaluator.Outcome} names it. */
    static int ofVerdict(String verdict) {
        return switch (verdict == null ? "" : verdict) {
            case "PASS" -> PASS;
            case "FAIL" -> FAIL;
            case "INCONCLUSIVE" -> INCONCLUSIVE;
            default -> EVALUATION_ERROR;
        };
    }
}
