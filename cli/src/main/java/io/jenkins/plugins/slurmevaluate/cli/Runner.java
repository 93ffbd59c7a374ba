package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.results.VerdictOptions;
import io.jenkins.plugins.slurmevaluate.results.Verdicts;
import io.jenkins.plugins.slurmevaluate.results.gate.Gates;
import io.jenkins.plugins.slurmevaluate.run.Submission;
import io.jenkins.plugins.slurmevaluate.slurm.SubmissionFailedException;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code run} without {@code --dry-run}. Everything that can be wrong locally (gates, baseline, config, secrets, SSH
 * settings) is checked before anything is sent; then the record is saved before the first {@code sbatch}, so from that
 * moment on any process can find the jobs again, and the run is followed in the {@link Foreground} unless detached.
 */
final class Runner {

    private final CliContext context;

    Runner(CliContext context) {
        this.context = context;
    }

    int run(RunRequest request, Path stateDir) throws CliFailure {
        Gates.parse(request.gates()); // a typo in a gate must not cost hours of GPU time
        VerdictOptions options = verdictOptions(request.maxRegression(), request.strict());
        Path baseline = request.baseline() == null ? null : context.workingDirectory().resolve(request.baseline()).toAbsolutePath();
        if (baseline != null) {
            try {
                Verdicts.readBaseline(baseline);
            } catch (IOException e) {
                throw CliFailure.invalid("--baseline " + request.baseline() + " cannot be used: " + e.getMessage());
            }
        }
        CliSecretSource secrets = Secrets.load(context, request.envFile());
        EvaluationPlan plan = Planning.plan(request, secrets);
        Planning.checkTrust(plan, request, context);
        Connections.Connection connection = Connections.resolve(request.connection(), Planning.target(plan),
                context.environment(), context.home());
        Terminal terminal = Terminal.of(context);
        try (Session s = Session.open(context, stateDir, terminal, java.util.List.of(), connection)) {
            Submission submission = s.evaluator.prepare(plan, connection.cluster(),
                    context.workingDirectory().resolve(request.config()).toAbsolutePath().toString(), request.gates(),
                    baseline == null ? null : baseline.toString());
            String id = submission.record().invocationId();
            Path resultsDir = context.workingDirectory().resolve(request.resultsDir() != null ? request.resultsDir()
                    : Path.of("slurm-evaluate-results", id)).toAbsolutePath().normalize();
            Path envFile = request.envFile() == null ? null : context.workingDirectory().resolve(request.envFile()).toAbsolutePath();
            s.mask(submission.secretValues());
            try (RunLock lock = RunLock.acquire(stateDir, id)) {
                new SavedOptions(resultsDir, request.maxRegression(), request.strict(), envFile, absolute(request.connection()))
                        .write(stateDir, id);
                return submitAndFollow(s, submission, new Foreground.Options(resultsDir, options, request.cancelOnInterrupt()),
                        request.detach());
            } catch (IOException e) {
                throw CliFailure.invalid("cannot use the state directory " + stateDir + ": " + e.getMessage());
            }
        }
    }

    private int submitAndFollow(Session s, Submission submission, Foreground.Options options, boolean detach) throws CliFailure {
        RunRecord planned = submission.record();
        String id = planned.invocationId();
        s.terminal.info("invocation " + id + ": " + planned.tasks().size() + " task(s) for " + planned.cluster().describe()
                + " in " + planned.invocationDir());
        RecordKeeper keeper = s.keeper(planned);
        RunRecord submitted;
        try {
            submitted = submit(s, submission, keeper);
        } catch (CliFailure e) {
            if (!keeper.anySaved()) { // nothing reached the cluster: leave no trace of the run either
                SavedOptions.delete(s.stateDir, id);
            }
            throw e;
        }
        if (detach) {
            s.terminal.notice(s.hints.detached(submitted));
            s.context.out().println(id);
            return ExitCode.PASS;
        }
        return new Foreground(s).follow(submitted, keeper, options);
    }

    private RunRecord submit(Session s, Submission submission, RecordKeeper keeper) throws CliFailure {
        RunRecord planned = submission.record();
        String id = planned.invocationId();
        try (InterruptGuard guard = InterruptGuard.install(() -> {
            boolean saved = keeper.anySaved();
            RunRecord last = keeper.close();
            s.terminal.mute();
            s.terminal.notice(saved ? s.hints.interrupted(last)
                    : "slurm-evaluate: interrupted before anything was submitted; nothing runs on the cluster");
        })) {
            return s.evaluator.submit(submission, s.host, keeper, s.sink);
        } catch (SubmissionFailedException e) {
            RunRecord last = keeper.last();
            boolean some = last.tasks().stream().anyMatch(t -> t.submitted());
            throw new CliFailure(ExitCode.INFRASTRUCTURE, Failures.of(e).getMessage() + (some
                    ? "; the tasks submitted before it keep running: cancel them with '" + s.hints.kill(id)
                            + "', or fix the cause and submit the rest with '" + s.hints.resume(id) + "'"
                    : ""), e);
        } catch (IOException e) {
            throw CliFailure.infrastructure("submitting to " + planned.cluster().describe() + " failed: " + e.getMessage()
                    + (keeper.last().tasks().stream().anyMatch(t -> t.submitted()) ? "; some tasks were submitted: see '"
                            + s.hints.status(id) + "'" : ""), e);
        }
    }

    static VerdictOptions verdictOptions(String maxRegression, boolean strict) throws CliFailure {
        try {
            VerdictOptions o = VerdictOptions.defaults().withStrict(strict);
            return maxRegression == null ? o : o.withMaxRegression(maxRegression);
        } catch (IllegalArgumentException e) {
            throw CliFailure.invalid("--" + e.getMessage());
        }
    }

    private ConnectionRequest absolute(ConnectionRequest c) {
        return new ConnectionRequest(c.host(), c.user(), c.port(), abs(c.identity()), abs(c.knownHosts()), c.acceptNewHostKey(),
                abs(c.sshConfig()), c.local());
    }

    private Path abs(Path p) {
        return p == null ? null : context.workingDirectory().resolve(p).toAbsolutePath();
    }
}
