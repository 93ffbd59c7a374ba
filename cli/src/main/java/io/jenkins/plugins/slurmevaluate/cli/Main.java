package io.jenkins.plugins.slurmevaluate.cli;

import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code slurm-evaluate} command. Exit codes: 0 success, 2 invalid config or usage (the full
 * problem list on stderr), 1 any other failure.
 *
 * <p>To add a command, write a small class annotated with {@code @Command} that implements
 * {@code Callable<Integer>} and takes a {@link CliContext}, and add its constructor to {@link #COMMANDS}.
 */
@Command(name = "slurm-evaluate", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Run LLM evaluations on a Slurm cluster from a NeMo Evaluator launcher config.",
        subcommandsRepeatable = false)
public final class Main implements Runnable {

    /** Exit code for an invalid config or command line. */
    static final int INVALID = 2;

    /** Exit code for any other failure. */
    static final int FAILED = 1;

    private static final List<Function<CliContext, Object>> COMMANDS = List.of(RunCommand::new, StatusCommand::new,
            LogsCommand::new, KillCommand::new, ResumeCommand::new);

    private final CliContext context;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    Main(CliContext context) {
        this.context = context;
    }

    public static void main(String[] args) {
        System.exit(run(CliContext.system(), args));
    }

    /** Runs the command line in-process and returns its exit code. */
    static int run(CliContext context, String... args) {
        return commandLine(context).execute(args);
    }

    static CommandLine commandLine(CliContext context) {
        CommandLine cl = new CommandLine(new Main(context));
        for (Function<CliContext, Object> command : COMMANDS) {
            cl.addSubcommand(command.apply(context));
        }
        cl.setOut(new java.io.PrintWriter(context.out(), true));
        cl.setErr(new java.io.PrintWriter(context.err(), true));
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            context.err().println("slurm-evaluate: " + e);
            return FAILED;
        });
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: run, status, logs, kill or resume");
    }
}
