package io.jenkins.plugins.slurmevaluate.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.slurmevaluate.results.model.Invocation;
import io.jenkins.plugins.slurmevaluate.results.model.Metric;
import io.jenkins.plugins.slurmevaluate.results.model.Node;
import io.jenkins.plugins.slurmevaluate.results.model.Score;
import io.jenkins.plugins.slurmevaluate.results.model.TaskRun;
import io.jenkins.plugins.slurmevaluate.results.read.ResultsFormatException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Reads the {@code tasks} and {@code scores} of a JSON summary written by {@link JsonSummary} back into an
 * {@link Invocation}, so a previous build's summary can serve as the baseline. Gate verdicts in the file are ignored:
 * a baseline is scores, not opinions.
 */
final class SummaryReader {

    private final String file;

    private SummaryReader(String file) {
        this.file = file;
    }

    static Invocation read(String json, String file) throws ResultsFormatException {
        try {
            return new SummaryReader(file).read(json);
        } catch (IllegalArgumentException e) { // a name or number the model refuses, e.g. an empty metric name
            throw new ResultsFormatException(file, "", 0, e.getMessage());
        }
    }

    private Invocation read(String json) throws ResultsFormatException {
        JsonNode root;
        try {
            root = JsonSummary.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ResultsFormatException(file, "", e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !JsonSummary.FORMAT.equals(root.path("format").asText())) {
            throw new ResultsFormatException(file, "format", 0, "not a slurm-evaluate summary (expected \"format\": \""
                    + JsonSummary.FORMAT + "\"); give a summary written by slurm-evaluate or a results directory");
        }
        if (root.path("version").asInt(-1) != JsonSummary.VERSION) {
            throw new ResultsFormatException(file, "version", 0, "summary version " + root.path("version")
                    + " is not supported; this build reads version " + JsonSummary.VERSION);
        }
        Map<String, Draft> dirs = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        JsonNode tasks = object(root, "tasks");
        for (Map.Entry<String, JsonNode> e : iterable(tasks)) {
            Draft d = dirs.computeIfAbsent(e.getKey(), Draft::new);
            d.taskType = text(e.getValue().path("taskType"));
            text(e.getValue().path("problem")).ifPresent(p -> problems.put(e.getKey(), p));
        }
        for (Map.Entry<String, JsonNode> e : iterable(object(root, "scores"))) {
            String at = "scores." + e.getKey();
            JsonNode s = e.getValue();
            String dir = required(s, "task", at);
            List<String> path = new ArrayList<>();
            s.path("path").forEach(p -> path.add(p.asText()));
            if (path.isEmpty()) {
                throw new ResultsFormatException(file, at + ".path", 0, "expected the list of task or group names");
            }
            Score score = new Score(required(s, "score", at), number(s.path("value"), at + ".value")
                    .orElseThrow(() -> new ResultsFormatException(file, at + ".value", 0, "the score has no value")),
                    stderr(s.path("stderr"), at + ".stderr"), s.path("count").canConvertToLong()
                            ? OptionalLong.of(s.path("count").asLong()) : OptionalLong.empty());
            dirs.computeIfAbsent(dir, Draft::new).add("group".equals(s.path("kind").asText()), path,
                    required(s, "metric", at), score);
        }
        List<TaskRun> runs = new ArrayList<>();
        dirs.values().forEach(d -> runs.add(problems.containsKey(d.dir) && d.isEmpty()
                ? TaskRun.missing(d.dir, problems.get(d.dir)) : d.build()));
        return Invocation.of(file, runs);
    }

    private JsonNode object(JsonNode root, String field) throws ResultsFormatException {
        JsonNode node = root.path(field);
        if (!node.isObject()) {
            throw new ResultsFormatException(file, field, 0, "expected an object");
        }
        return node;
    }

    private String required(JsonNode s, String field, String at) throws ResultsFormatException {
        JsonNode v = s.path(field);
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw new ResultsFormatException(file, at + "." + field, 0, "expected a name");
        }
        return v.asText();
    }

    private OptionalDouble number(JsonNode v, String at) throws ResultsFormatException {
        if (v.isMissingNode() || v.isNull()) {
            return OptionalDouble.empty();
        }
        if (v.isNumber()) {
            return OptionalDouble.of(v.asDouble());
        }
        switch (v.asText()) {
            case "NaN":
                return OptionalDouble.of(Double.NaN);
            case "Infinity":
                return OptionalDouble.of(Double.POSITIVE_INFINITY);
            case "-Infinity":
                return OptionalDouble.of(Double.NEGATIVE_INFINITY);
            default:
                throw new ResultsFormatException(file, at, 0, "expected a number, found " + v);
        }
    }

    private OptionalDouble stderr(JsonNode v, String at) throws ResultsFormatException {
        OptionalDouble se = number(v, at);
        if (se.isPresent() && se.getAsDouble() < 0) {
            throw new ResultsFormatException(file, at, 0, "a standard error cannot be negative, found " + v);
        }
        return se.isPresent() && Double.isFinite(se.getAsDouble()) ? se : OptionalDouble.empty();
    }

    private static Optional<String> text(JsonNode v) {
        return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        return object.properties();
    }

    /** One task directory being rebuilt; tasks and (nested) groups in the order the summary lists them. */
    private static final class Draft {
        final String dir;
        Optional<String> taskType = Optional.empty();
        final Map<String, NodeDraft> tasks = new LinkedHashMap<>();
        final Map<String, NodeDraft> groups = new LinkedHashMap<>();

        Draft(String dir) {
            this.dir = dir;
        }

        void add(boolean group, List<String> path, String metric, Score score) {
            Map<String, NodeDraft> level = group ? groups : tasks;
            NodeDraft node = null;
            for (String name : group ? path : path.subList(path.size() - 1, path.size())) {
                node = level.computeIfAbsent(name, NodeDraft::new);
                level = node.groups;
            }
            node.metrics.computeIfAbsent(metric, k -> new LinkedHashMap<>()).put(score.name(), score);
        }

        boolean isEmpty() {
            return tasks.isEmpty() && groups.isEmpty();
        }

        TaskRun build() {
            return TaskRun.withResults(dir, taskType, NodeDraft.build(tasks), NodeDraft.build(groups));
        }
    }

    private static final class NodeDraft {
        final String name;
        final Map<String, Map<String, Score>> metrics = new LinkedHashMap<>();
        final Map<String, NodeDraft> groups = new LinkedHashMap<>();

        NodeDraft(String name) {
            this.name = name;
        }

        static Map<String, Node> build(Map<String, NodeDraft> drafts) {
            Map<String, Node> nodes = new LinkedHashMap<>();
            drafts.forEach((name, d) -> {
                Map<String, Metric> metrics = new LinkedHashMap<>();
                d.metrics.forEach((m, scores) -> metrics.put(m, new Metric(m, scores)));
                nodes.put(name, new Node(name, metrics, build(d.groups)));
            });
            return nodes;
        }
    }
}
