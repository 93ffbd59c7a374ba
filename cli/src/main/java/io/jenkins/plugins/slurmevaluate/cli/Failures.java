package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.remote.AuthenticationFailedException;
import io.jenkins.plugins.slurmevaluate.remote.HostKeyRejectedException;
import io.jenkins.plugins.slurmevaluate.results.gate.GateSyntaxException;
import io.jenkins.plugins.slurmevaluate.slurm.SubmissionFailedException;
import java.io.IOException;
import java.io.InterruptedIOException;

/** Maps what the engine throws to the one line and the exit code the user gets. */
final class Failures {

    /** Exit code of a bug in slurm-evaluate itself (sysexits' EX_SOFTWARE): the stack trace is printed. */
    static final int INTERNAL = 70;

    private Failures() {}

    static CliFailure of(Throwable e) {
        if (e instanceof CliFailure f) {
            return f;
        }
        if (e instanceof GateSyntaxException g) {
            return new CliFailure(ExitCode.INVALID, "invalid --gate: " + g.getMessage(), g);
        }
        if (e instanceof HostKeyRejectedException h) {
            boolean unknown = h.getMessage().contains("which is not in known_hosts");
            return new CliFailure(ExitCode.INFRASTRUCTURE, h.getMessage() + (unknown
                    ? " To trust a new host on first use instead, pass --accept-new-host-key." : ""), h);
        }
        if (e instanceof AuthenticationFailedException a) {
            return new CliFailure(ExitCode.INFRASTRUCTURE, a.getMessage() + " (choose the key with --identity FILE or "
                    + "IdentityFile in ~/.ssh/config; a passphrase comes from $" + Connections.PASSPHRASE_VARIABLE + ")", a);
        }
        if (e instanceof SubmissionFailedException s) {
            String why = s.stderr() == null || s.stderr().isBlank() ? s.getMessage() : s.stderr().strip();
            return new CliFailure(ExitCode.INFRASTRUCTURE, "sbatch refused " + s.scriptPath() + ": " + why
                    + (s.maybeSubmitted() ? " (a job may exist anyway: check squeue before submitting again)" : ""), s);
        }
        if (e instanceof InterruptedException || e instanceof InterruptedIOException && e.getMessage() == null) {
            return new CliFailure(ExitCode.INTERRUPTED, "interrupted", e);
        }
        if (e instanceof IOException) {
            return new CliFailure(ExitCode.INFRASTRUCTURE, e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
        return new CliFailure(INTERNAL, "internal error, please report it with the stack trace above: " + e, e);
    }
}
