package io.jenkins.plugins.slurmevaluate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How {@code status} and {@code list} show runs: a table for people, JSON for scripts. */
final class StatusView {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusView() {}

    static String text(RunRecord r) {
        StringBuilder out = new StringBuilder();
        out.append("invocation ").append(r.invocationId()).append("  ").append(r.phase())
                .append(r.verdict() == null ? "" : "  verdict " + r.verdict()).append('\n');
        out.append("cluster    ").append(r.cluster().describe()).append("  ").append(r.invocationDir()).append('\n');
        out.append("config     ").append(r.configSource()).append("  created ").append(r.createdAt()).append('\n');
        if (r.message() != null) {
            out.append("message    ").append(r.message()).append('\n');
        }
        int width = Math.max(4, r.tasks().stream().mapToInt(t -> t.id().length()).max().orElse(4));
        List<String> chains = r.tasks().stream().map(StatusView::chain).toList();
        int chainWidth = Math.max(5, chains.stream().mapToInt(String::length).max().orElse(5));
        String row = "%-" + width + "s  %-12s  %-5s  %-24s  %-" + chainWidth + "s  %s%n";
        out.append(String.format(row, "TASK", "STATE", "LINKS", "JOBS", "CHAIN", "PROGRESS"));
        for (int i = 0; i < r.tasks().size(); i++) {
            TaskRecord t = r.tasks().get(i);
            out.append(String.format(row, t.id(), t.state() == null ? "-" : t.state(), t.jobIds().size(),
                    t.jobIds().isEmpty() ? "-" : String.join(",", t.jobIds()), chains.get(i),
                    t.requestsDone() == null ? "-" : t.requestsDone()));
        }
        return out.toString();
    }

    static String chain(TaskRecord t) {
        String export = t.export() == null ? "" : "; " + t.export().describe();
        if (t.chainStopped()) {
            return "stopped: " + t.stop() + (t.stopDetail() == null || t.stopDetail().isEmpty() ? "" : " (" + t.stopDetail() + ")")
                    + export;
        }
        return (t.submitted() ? "alive" : "not submitted") + export;
    }

    /** @param live whether the states were just read from the cluster (false: as saved) */
    static String json(RunRecord r, boolean live) {
        Map<String, Object> m = summary(r);
        m.put("live", live);
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (TaskRecord t : r.tasks()) {
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("id", t.id());
            task.put("name", t.name());
            task.put("state", t.state());
            task.put("jobIds", t.jobIds());
            task.put("stop", t.stop());
            task.put("stopDetail", t.stopDetail());
            task.put("progress", t.progress()); // requests done, null while unknown (reference f.2)
            task.put("taskDir", t.taskDir());
            task.put("jobName", t.jobName());
            if (t.export() != null) {
                task.put("export", Map.of("outcome", t.export().outcome(), "summary", t.export().describe()));
            }
            tasks.add(task);
        }
        m.put("tasks", tasks);
        return write(m);
    }

    static Map<String, Object> summary(RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("invocation", r.invocationId());
        m.put("phase", r.phase().name());
        m.put("verdict", r.verdict());
        m.put("message", r.message());
        m.put("cluster", r.cluster().describe());
        m.put("invocationDir", r.invocationDir());
        m.put("config", r.configSource());
        m.put("createdAt", r.createdAt() == null ? null : r.createdAt().toString());
        return m;
    }

    static String write(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
