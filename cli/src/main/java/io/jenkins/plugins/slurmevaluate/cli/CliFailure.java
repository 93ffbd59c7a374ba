package io.jenkins.plugins.slurmevaluate.cli;

/**
 * A command cannot go on: its message is the one line printed on stderr (after {@code slurm-evaluate <command>: }),
 * naming what is wrong and what to do, and its exit code is one of {@link ExitCode}'s. Config errors carry their full
 * problem list as further lines.
 */
final class CliFailure extends Exception {

    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static CliFailure invalid(String message) {
        return new CliFailure(ExitCode.INVALID, message);
    }

    static CliFailure infrastructure(String message, Throwable cause) {
        return new CliFailure(ExitCode.INFRASTRUCTURE, message, cause);
    }

    int exitCode() {
        return exitCode;
    }
}
