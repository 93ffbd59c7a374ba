package io.jenkins.plugins.slurmevaluate.layout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One line of a task's {@code .chain_status} file: {@code <epoch> <jobid> <event> [key=value]...}
 * (see {@code docs/chain-protocol.md}).
 *
 * @param epochSeconds when the link wrote it
 * @param jobId the link that wrote it
 * @param event {@code started}, {@code resumed}, {@code successor}, {@code successor_failed},
 *     {@code successor_cancelled}, {@code exit} or {@code stopped}; auto-export: {@code export},
 *     {@code export_failed}, {@code export_skipped} (from the link) and {@code export_end} (from the export job)
 * @param attributes the {@code key=value} fields, in order
 */
public record ChainEvent(long epochSeconds, String jobId, String event, Map<String, String> attributes) {

    public ChainEvent {
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public Optional<String> attribute(String key) {
        return Optional.ofNullable(attributes.get(key));
    }

    /**
     * Parses the whole file. A last line without its newline (the job is writing it) and lines that do not follow
     * the format are skipped: the file is only ever appended to, so the next read sees them complete.
     */
    public static List<ChainEvent> parseAll(String content) {
        // a last line without its newline is still being written
        int complete = content.lastIndexOf('\n') + 1;
        return content.substring(0, complete).lines().map(ChainEvent::parse).flatMap(Optional::stream).toList();
    }

    private static final java.util.Set<String> EVENTS = java.util.Set.of(
            "started", "resumed", "successor", "successor_failed", "successor_cancelled", "exit", "stopped",
            "export", "export_failed", "export_skipped", "export_end");

    static Optional<ChainEvent> parse(String line) {
        String[] f = line.trim().split(" +");
        if (f.length < 3 || !f[0].matches("\\d{1,12}") || !f[1].matches("\\d+(_\\d+)?") || !EVENTS.contains(f[2])) {
            return Optional.empty();
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        for (int i = 3; i < f.length; i++) {
            int eq = f[i].indexOf('=');
            if (eq <= 0) {
                return Optional.empty();
            }
            attrs.put(f[i].substring(0, eq), f[i].substring(eq + 1));
        }
        return Optional.of(new ChainEvent(Long.parseLong(f[0]), f[1], f[2], attrs));
    }
}
