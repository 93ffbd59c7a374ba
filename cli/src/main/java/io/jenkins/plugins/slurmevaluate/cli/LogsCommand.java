package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code slurm-evaluate logs}: prints a run's log lines from where the last process that followed it stopped (the
 * offsets in its record), so nothing is lost or printed twice. With {@code -f} it follows like {@code run} and, when
 * every chain has stopped, downloads the results and gates them if that was not done yet.
 */
@Command(name = "logs", mixinStandardHelpOptions = true, sortOptions = false, footer = {"", ExitCode.HELP},
        description = {"Print a run's new log lines, from where the last process that followed it stopped.",
                "With -f, follow until every chain has stopped, then download the results and gate them as 'run' would "
                        + "(unless that was done already); the exit code is then the verdict's."})
final class LogsCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = {"-f", "--follow"}, description = "Follow until every chain has stopped, then collect and gate.")
    boolean follow;

    @Option(names = "--results-dir", paramLabel = "DIR",
            description = "With -f: where results go (default: the run's own, else ./slurm-evaluate-results/<invocation>).")
    Path resultsDir;

    @Option(names = "--cancel-on-interrupt", description = "With -f: Ctrl-C cancels every job of the run instead of leaving them running.")
    boolean cancelOnInterrupt;

    private final CliContext context;

    LogsCommand(CliContext context) {
        this.context = context;
    }

    LogsRequest request() {
        return new LogsRequest(target.request(), follow, resultsDir, cancelOnInterrupt);
    }

    @Override
    public Integer call() throws CliFailure {
        LogsRequest request = request();
        Attach a = Attach.find(context, request.target());
        Terminal terminal = Terminal.of(context);
        if (request.follow() && a.record.phase() == RunRecord.Phase.DONE) {
            return Foreground.alreadyDone(a.record, terminal, a.resultsDir(context, request.resultsDir()));
        }
        try (RunLock lock = a.lock(); Session s = a.session(context, request.target(), terminal)) {
            RecordKeeper keeper = s.keeper(a.record);
            RunRecord r = Reattach.reconcile(s, a.record, keeper);
            if (request.follow()) {
                var options = new Foreground.Options(a.resultsDir(context, request.resultsDir()),
                        Runner.verdictOptions(a.saved.maxRegression(), a.saved.strict()), request.cancelOnInterrupt());
                return new Foreground(s).follow(r, keeper, options);
            }
            r = s.evaluator.readLogs(s.evaluator.refresh(r, s.host, Reattach.QUIET), s.host, s.sink);
            keeper.accept(r);
            terminal.info(Reattach.summary(r) + (r.phase().finished() ? "" : "; follow with '" + s.hints.follow(r.invocationId()) + "'"));
            return ExitCode.PASS;
        } catch (IOException e) {
            throw Failures.of(e);
        }
    }
}
