package io.jenkins.plugins.slurmevaluate.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may touch of the outside world: its output streams, the process environment, the working and home
 * directories, and whether a person watches a terminal. Tests pass their own, so the CLI runs in-process without
 * changing global state.
 *
 * @param terminal true when the progress line may be redrawn in place (a console, TERM not dumb)
 */
record CliContext(PrintStream out, PrintStream err, Map<String, String> environment, Path workingDirectory, Path home,
        boolean terminal) {

    CliContext {
        environment = Map.copyOf(environment);
    }

    /** A context without a terminal whose home is the real one (commands that never touch it). */
    CliContext(PrintStream out, PrintStream err, Map<String, String> environment, Path workingDirectory) {
        this(out, err, environment, workingDirectory, Path.of(System.getProperty("user.home")), false);
    }

    static CliContext system() {
        boolean terminal = stderrIsTerminal() && !"dumb".equals(System.getenv("TERM"));
        return new CliContext(System.out, System.err, System.getenv(), Path.of("").toAbsolutePath(),
                Path.of(System.getProperty("user.home")), terminal);
    }

    /**
     * The progress line is drawn on stderr, which may be a terminal while stdout goes to a file ({@code run > log});
     * Java 17 only tells whether stdin and stdout both are, so ask Linux where fd 2 points.
     */
    private static boolean stderrIsTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return System.console() != null;
        }
    }
}
