package io.jenkins.plugins.slurmevaluate.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may touch of the outside world: its output streams, the process environment and the working
 * directory. Tests pass their own, so the CLI runs in-process without changing global state.
 */
record CliContext(PrintStream out, PrintStream err, Map<String, String> environment, Path workingDirectory) {

    CliContext {
        environment = Map.copyOf(environment);
    }

    static CliContext system() {
        return new CliContext(System.out, System.err, System.getenv(), Path.of("").toAbsolutePath());
    }
}
