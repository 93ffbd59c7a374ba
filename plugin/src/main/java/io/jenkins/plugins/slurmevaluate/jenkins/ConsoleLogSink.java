package io.jenkins.plugins.slurmevaluate.jenkins;

import io.jenkins.plugins.slurmevaluate.run.LogSink;
import java.io.PrintStream;

/**
 * The build log as a {@link LogSink}: remote lines prefixed with their task and file ({@code [hellaswag.0 client-12]}),
 * the lifecycle's own lines with {@code [slurm-evaluate]}. Masking happens before a line gets here.
 */
final class ConsoleLogSink implements LogSink {

    private final PrintStream out;

    ConsoleLogSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public void remoteLine(String task, String source, String text) {
        out.println("[" + task + " " + source + "] " + text);
    }

    @Override
    public void info(String text) {
        out.println("[slurm-evaluate] " + text);
    }

    @Override
    public void warn(String text) {
        out.println("[slurm-evaluate] WARNING: " + text);
    }
}
