package io.jenkins.plugins.slurmevaluate.cli;

import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The run a command acts on, and how to reach its cluster: shared by status, logs, kill and resume. */
final class TargetOptions {

    @Parameters(index = "0", paramLabel = "INVOCATION", description = "Invocation id, or a unique prefix of it ('list' shows them).")
    String id;

    @Option(names = "--env-file", paramLabel = "FILE",
            description = "Dotenv file whose host: values are masked in the logs (default: the one the run used, else ./.env).")
    Path envFile;

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Mixin
    StateOption state = new StateOption();

    TargetRequest request() {
        return new TargetRequest(id, envFile, connection.request(), state.stateDir);
    }
}
