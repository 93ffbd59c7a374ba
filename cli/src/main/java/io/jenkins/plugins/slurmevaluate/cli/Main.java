package io.jenkins.plugins.slurmevaluate.cli;

import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code slurm-evaluate} command. Every command parses into a request value and hands it to a
 * small class that does the work; failures are typed ({@link CliFailure}, or the engine's exceptions mapped by
 * {@link Failures}) and end as one actionable line on stderr plus an {@link ExitCode}.
 *
 * <p>To add a command, write a small class annotated with {@code @Command} that implements
 * {@code Callable<Integer>} and takes a {@link CliContext}, and add its constructor to {@link #COMMANDS}.
 */
@Command(name = "slurm-evaluate", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Run LLM evaluations on a Slurm cluster from a NeMo Evaluator launcher config, and gate on the scores.",
        footer = {"", ExitCode.HELP}, subcommandsRepeatable = false)
public final class Main implements Runnable {

    private static final List<Function<CliContext, Object>> COMMANDS = List.of(RunCommand::new, StatusCommand::new,
            LogsCommand::new, KillCommand::new, ResumeCommand::new, ListCommand::new);

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
        cl.setExecutionExceptionHandler((e, line, parsed) -> report(context, line.getCommandName(), e));
        return cl;
    }

    /** Prints the failure as one line (config errors: one per problem) and returns its exit code. */
    static int report(CliContext context, String command, Exception e) {
        CliFailure f = Failures.of(e);
        if (f.exitCode() == Failures.INTERNAL) {
            e.printStackTrace(context.err());
        }
        context.err().println("slurm-evaluate " + command + ": " + f.getMessage());
        return f.exitCode();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: run, status, logs, kill, resume or list");
    }
}
