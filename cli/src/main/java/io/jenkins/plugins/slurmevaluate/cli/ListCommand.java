package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.RunStore;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code slurm-evaluate list}: the runs in the state directory, newest first, as last saved (no cluster access). */
@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false, footer = {"", ExitCode.HELP},
        description = "List the runs kept in the state directory, newest first, as they were last saved.")
final class ListCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Mixin
    StateOption state = new StateOption();

    private final CliContext context;

    ListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws CliFailure {
        List<RunRecord> runs;
        try {
            runs = RunStore.inDirectory(state.resolve(context)).list();
        } catch (IOException e) {
            throw CliFailure.invalid(e.getMessage());
        }
        if (json) {
            context.out().print(StatusView.write(runs.stream().map(StatusView::summary).toList()));
            return ExitCode.PASS;
        }
        context.out().println(String.format("%-16s  %-20s  %-10s  %-12s  %-5s  %s", "INVOCATION", "CREATED", "PHASE", "VERDICT",
                "TASKS", "CLUSTER / CONFIG"));
        for (RunRecord r : runs) {
            long done = r.tasks().stream().filter(TaskRecord::chainStopped).count();
            context.out().println(String.format("%-16s  %-20s  %-10s  %-12s  %-5s  %s  %s", r.invocationId(),
                    r.createdAt() == null ? "-" : r.createdAt().toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z"),
                    r.phase(), r.verdict() == null ? "-" : r.verdict(), done + "/" + r.tasks().size(), r.cluster().describe(),
                    r.configSource()));
        }
        return ExitCode.PASS;
    }
}
