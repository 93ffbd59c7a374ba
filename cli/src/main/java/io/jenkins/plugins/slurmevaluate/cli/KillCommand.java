package io.jenkins.plugins.slurmevaluate.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code slurm-evaluate kill}: not implemented yet. */
@Command(name = "kill", mixinStandardHelpOptions = true, description = "Cancel every job of a run, queued successors included. (not implemented yet)")
final class KillCommand extends NotYetImplemented {

    @Parameters(paramLabel = "ID", arity = "0..*", description = "Run or job ids.")
    List<String> ids = List.of();

    KillCommand(CliContext context) {
        super(context);
    }

    @Override
    String name() {
        return "kill";
    }
}
