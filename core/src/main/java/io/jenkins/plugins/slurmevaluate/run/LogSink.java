package io.jenkins.plugins.slurmevaluate.run;

/**
 * Where an evaluation's output goes: the terminal for the CLI, the build log in Jenkins. Line-oriented: each call
 * is one complete line without its line terminator. Implementations must be thread-safe; they are called from
 * the watcher's threads.
 *
 * <p>Wrap a sink with {@link #masking} before handing it to the lifecycle: every line, remote or narrated, then
 * passes through the secret masker.
 */
public interface LogSink {

    /**
     * A line of a remote log file.
     *
     * @param task the task id ({@code hellaswag.0})
     * @param source the file it came from without directory and extension ({@code slurm-12}, {@code client-12})
     */
    void remoteLine(String task, String source, String text);

    /** A line narrated by slurm-evaluate itself (what happened, what happens next). */
    void info(String text);

    /** A problem the user should see; the lifecycle goes on unless it says otherwise. */
    void warn(String text);

    /**
     * The text as this sink would show it: with every secret it masks replaced by {@code ****}. For files that leave
     * the cluster next to the log, such as downloaded job logs that a build archives.
     */
    default String mask(String text) {
        return text;
    }

    /** A sink that drops every line: for one-off looks that must not narrate, and for benchmarks. */
    static LogSink discarding() {
        return new LogSink() {
            @Override
            public void remoteLine(String task, String source, String text) {}

            @Override
            public void info(String text) {}

            @Override
            public void warn(String text) {}
        };
    }

    /** A sink that replaces every secret value (and every line of a multi-line one) with {@code ****}. */
    static LogSink masking(LogSink sink, java.util.Collection<String> secretValues) {
        return new MaskingLogSink(sink, SecretMasker.of(secretValues));
    }
}
