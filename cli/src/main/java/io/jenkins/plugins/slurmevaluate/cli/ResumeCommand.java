package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.slurm.SubmissionFailedException;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code slurm-evaluate resume}: starts a new chain, with fresh budgets, for every task of a run that did not
 * complete (killed, failed, out of budget, never submitted), after checking that no job of the run is alive (P-11);
 * then follows it like {@code run}. A task that completed is not run again.
 */
@Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false, footer = {"", ExitCode.HELP},
        description = {"Start new chains for the tasks of a run that did not complete, then follow them like 'run'.",
                "Refuses while any job of the run is queued or running: wait, or kill it first."})
final class ResumeCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = {"-d", "--detach"}, description = "Return right after submission.")
    boolean detach;

    @Option(names = "--results-dir", paramLabel = "DIR",
            description = "Where results go (default: the run's own, else ./slurm-evaluate-results/<invocation>).")
    Path resultsDir;

    @Option(names = "--cancel-on-interrupt", description = "Ctrl-C cancels every job of the run instead of leaving them running.")
    boolean cancelOnInterrupt;

    private final CliContext context;

    ResumeCommand(CliContext context) {
        this.context = context;
    }

    ResumeRequest request() {
        return new ResumeRequest(target.request(), detach, resultsDir, cancelOnInterrupt);
    }

    @Override
    public Integer call() throws CliFailure {
        ResumeRequest request = request();
        Attach a = Attach.find(context, request.target());
        Terminal terminal = Terminal.of(context);
        try (RunLock lock = a.lock(); Session s = a.session(context, request.target(), terminal)) {
            RecordKeeper keeper = s.keeper(a.record);
            RunRecord r = Reattach.reconcile(s, a.record, keeper);
            RunRecord resumed;
            try {
                resumed = s.evaluator.resume(r, s.host, s.sink, keeper);
            } catch (IllegalStateException e) {
                throw CliFailure.invalid(e.getMessage() + " ('" + s.hints.kill(r.invocationId()) + "')");
            }
            if (resumed == r && r.phase() == RunRecord.Phase.DONE) {
                return ExitCode.ofVerdict(r.verdict());
            }
            if (request.detach()) {
                s.terminal.notice(s.hints.detached(resumed));
                return ExitCode.PASS;
            }
            var options = new Foreground.Options(a.resultsDir(context, request.resultsDir()),
                    Runner.verdictOptions(a.saved.maxRegression(), a.saved.strict()), request.cancelOnInterrupt());
            return new Foreground(s).follow(resumed, keeper, options);
        } catch (IOException | SubmissionFailedException e) {
            throw Failures.of(e);
        }
    }
}
