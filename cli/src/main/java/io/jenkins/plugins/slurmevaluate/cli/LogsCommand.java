package io.jenkins.plugins.slurmevaluate.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code slurm-evaluate logs}: not implemented yet. */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Print the logs of a run's jobs. (not implemented yet)")
final class LogsCommand extends NotYetImplemented {

    @Parameters(paramLabel = "ID", arity = "0..*", description = "Run or job ids.")
    List<String> ids = List.of();

    LogsCommand(CliContext context) {
        super(context);
    }

    @Override
    String name() {
        return "logs";
    }
}
