package io.jenkins.plugins.slurmevaluate.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code slurm-evaluate status}: not implemented yet. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the state of the jobs of a run. (not implemented yet)")
final class StatusCommand extends NotYetImplemented {

    @Parameters(paramLabel = "ID", arity = "0..*", description = "Run or job ids.")
    List<String> ids = List.of();

    StatusCommand(CliContext context) {
        super(context);
    }

    @Override
    String name() {
        return "status";
    }
}
