package io.jenkins.plugins.slurmevaluate.run;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A {@link LogSink} that keeps, per remote log file, the exact lines it was given, and every narrated line, so an
 * end-to-end test can compare what the user saw with the files on the cluster. It also echoes everything to stdout
 * with a label, so a failing run can be read in the failsafe report.
 */
final class StreamedLogs implements LogSink {

    private final String label;
    private final Instant start = Instant.now();
    /** "task source" (such as {@code gsm8k.0 slurm-12}) → the lines of that file, in the order they arrived. */
    private final Map<String, List<String>> files = new LinkedHashMap<>();
    private final List<String> narrated = new ArrayList<>();
    private final List<Instant> narratedAt = new ArrayList<>();

    StreamedLogs(String label) {
        this.label = label;
    }

    @Override
    public synchronized void remoteLine(String task, String source, String text) {
        files.computeIfAbsent(task + " " + source, k -> new ArrayList<>()).add(text);
        echo(task + " " + source + "| " + text);
    }

    @Override
    public synchronized void info(String text) {
        narrated.add("INFO " + text);
        narratedAt.add(Instant.now());
        echo("info: " + text);
    }

    @Override
    public synchronized void warn(String text) {
        narrated.add("WARN " + text);
        narratedAt.add(Instant.now());
        echo("WARN: " + text);
    }

    /** The bytes the sink received for one file: its lines, each with the newline the streamer took off. */
    synchronized byte[] bytesOf(String task, String source) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : files.getOrDefault(task + " " + source, List.of())) {
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** The sources (file names without {@code .log}) streamed for a task. */
    synchronized List<String> sourcesOf(String task) {
        String prefix = task + " ";
        return files.keySet().stream().filter(k -> k.startsWith(prefix)).map(k -> k.substring(prefix.length())).toList();
    }

    synchronized List<String> narrated() {
        return List.copyOf(narrated);
    }

    /** When the first narrated line that matches was told, if any. */
    synchronized java.util.Optional<Instant> whenNarrated(Predicate<String> p) {
        for (int i = 0; i < narrated.size(); i++) {
            if (p.test(narrated.get(i))) {
                return java.util.Optional.of(narratedAt.get(i));
            }
        }
        return java.util.Optional.empty();
    }

    /** Every remote line and narrated line, for "appears nowhere" checks. */
    synchronized String everything() {
        StringBuilder b = new StringBuilder();
        files.forEach((k, lines) -> lines.forEach(l -> b.append(k).append("| ").append(l).append('\n')));
        narrated.forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    private void echo(String line) {
        long s = Duration.between(start, Instant.now()).toMillis();
        System.out.printf("[%s %6.1fs] %s%n", label, s / 1000.0, line);
    }
}
