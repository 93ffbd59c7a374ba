package io.jenkins.plugins.slurmevaluate.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code slurm-evaluate resume}: not implemented yet. */
@Command(name = "resume", mixinStandardHelpOptions = true, description = "Submit the stopped tasks of a run again. (not implemented yet)")
final class ResumeCommand extends NotYetImplemented {

    @Parameters(paramLabel = "ID", arity = "0..*", description = "Run or job ids.")
    List<String> ids = List.of();

    ResumeCommand(CliContext context) {
        super(context);
    }

    @Override
    String name() {
        return "resume";
    }
}
