package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.RunStore;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code slurm-evaluate kill}: cancels every job of a run, the queued successors of every chain included (found by
 * the chains' job name, not only the ids we know: P-10), and waits until squeue shows none. Works while another
 * process follows the run; that one then sees the chains stop as {@code killed}.
 */
@Command(name = "kill", mixinStandardHelpOptions = true, sortOptions = false, footer = {"", ExitCode.HELP},
        description = "Cancel every job of a run, queued successors included, and wait until squeue shows none of them.")
final class KillCommand implements Callable<Integer> {

    @Mixin
    TargetOptions target = new TargetOptions();

    private final CliContext context;

    KillCommand(CliContext context) {
        this.context = context;
    }

    TargetRequest request() {
        return target.request();
    }

    @Override
    public Integer call() throws CliFailure {
        TargetRequest request = request();
        Attach a = Attach.find(context, request);
        Terminal terminal = Terminal.of(context);
        if (a.record.phase() == RunRecord.Phase.DONE) {
            terminal.info("invocation " + a.record.invocationId() + " is finished (" + a.record.verdict() + "); nothing to cancel");
            return ExitCode.PASS;
        }
        try (Session s = a.session(context, request, terminal)) {
            RunRecord killed = s.evaluator.kill(a.record, s.host, s.sink);
            RunStore.inDirectory(a.stateDir).save(killed);
            return ExitCode.PASS;
        } catch (IOException e) {
            throw CliFailure.infrastructure(e.getMessage() + "; nothing was saved: run the kill again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.INTERRUPTED, "interrupted while cancelling; check with '"
                    + "slurm-evaluate status " + a.record.invocationId() + "' and kill again", e);
        }
    }
}
