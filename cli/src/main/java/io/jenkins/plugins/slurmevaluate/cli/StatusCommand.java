package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code slurm-evaluate status}: one look at a run as Slurm and the chain files show it now. Read-only: it saves
 * nothing and cancels nothing, so it can run while another process follows the run.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false, footer = {"", ExitCode.HELP},
        description = "Show each task of a run: its state, job ids, chain link and why its chain stopped. Read-only.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target = new TargetOptions();

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    private final CliContext context;

    StatusCommand(CliContext context) {
        this.context = context;
    }

    StatusRequest request() {
        return new StatusRequest(target.request(), json);
    }

    @Override
    public Integer call() throws CliFailure {
        StatusRequest request = request();
        Attach a = Attach.find(context, request.target());
        Terminal terminal = Terminal.of(context);
        RunRecord now = a.record;
        boolean live = !a.record.phase().finished();
        CliFailure unreachable = null;
        if (live) {
            try (Session s = a.session(context, request.target(), terminal)) {
                now = s.evaluator.refresh(a.record, s.host, Reattach.QUIET);
            } catch (IOException e) {
                unreachable = Failures.of(e);
            }
        }
        context.out().print(request.json() ? StatusView.json(now, live && unreachable == null) : StatusView.text(now));
        if (unreachable != null) {
            throw new CliFailure(unreachable.exitCode(), unreachable.getMessage() + "; the state above is the one saved "
                    + "by the last process that followed the run", unreachable);
        }
        return ExitCode.PASS;
    }
}
