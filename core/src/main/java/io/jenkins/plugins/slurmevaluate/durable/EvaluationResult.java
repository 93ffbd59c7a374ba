package io.jenkins.plugins.slurmevaluate.durable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.slurmevaluate.run.Evaluator;
import io.jenkins.plugins.slurmevaluate.state.ExportStatus;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of an evaluation as plain values: the verdict, every task's chain, every score, every gate. It is what
 * the Jenkins build page shows, what a Pipeline gets back ({@link #toMap()}), and what a score trend reads from
 * earlier builds. It holds only strings, numbers and JDK lists (for Java serialization, which a Pipeline's program
 * uses) and has a getter for every field (for Jelly views); Jenkins keeps it in build.xml as {@link #toJson()}.
 */
public final class EvaluationResult implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The verdict of a dry run, which submits nothing. */
    public static final String DRY_RUN = "DRY_RUN";

    private final String verdict;
    private final String message;
    private final String invocationId;
    private final String cluster;
    private final ArrayList<Task> tasks;
    private final ArrayList<Score> scores;
    private final ArrayList<Gate> gates;

    EvaluationResult(String verdict, String message, RunRecord record, List<Score> scores, List<Gate> gates) {
        this.verdict = verdict;
        this.message = message;
        this.invocationId = record.invocationId();
        this.cluster = record.cluster().name() != null ? record.cluster().name() : record.cluster().describe();
        this.tasks = new ArrayList<>();
        for (TaskRecord t : record.tasks()) {
            String dir = t.taskDir().substring(t.taskDir().lastIndexOf('/') + 1);
            ExportStatus x = t.export();
            tasks.add(new Task(t.id(), dir, t.state(), t.stop(), t.stopDetail(), t.jobIds(),
                    x == null ? null : x.outcome(), x == null ? null : x.describe()));
        }
        this.scores = new ArrayList<>(scores);
        this.gates = new ArrayList<>(gates);
    }

    private EvaluationResult(String verdict, String message, String invocationId, String cluster, List<Task> tasks,
            List<Score> scores, List<Gate> gates) {
        this.verdict = verdict;
        this.message = message;
        this.invocationId = invocationId;
        this.cluster = cluster;
        this.tasks = new ArrayList<>(tasks);
        this.scores = new ArrayList<>(scores);
        this.gates = new ArrayList<>(gates);
    }

    /** The result of a gated run, from the evaluator's outcome. */
    static EvaluationResult of(Evaluator.Outcome outcome) {
        List<Score> scores = new ArrayList<>();
        List<Gate> gates = new ArrayList<>();
        try {
            JsonNode summary = JSON.readTree(outcome.report().toJson());
            for (Map.Entry<String, JsonNode> e : summary.path("scores").properties()) {
                scores.add(new Score(e.getKey(), e.getValue().path("task").asText(null), number(e.getValue().get("value")),
                        number(e.getValue().get("stderr"))));
            }
            for (JsonNode g : summary.path("gates")) {
                gates.add(new Gate(g.path("gate").asText(), g.path("verdict").asText(), g.path("explanation").asText()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: the summary this process just wrote is not JSON", e);
        }
        return new EvaluationResult(outcome.verdict(), outcome.message(), outcome.record(), scores, gates);
    }

    /** The result of a dry run: the planned tasks, no scores. */
    static EvaluationResult dryRun(RunRecord planned, String message) {
        return new EvaluationResult(DRY_RUN, message, planned, List.of(), List.of());
    }

    /** PASS, FAIL, INCONCLUSIVE, ERROR (a task's chain did not complete) or {@value #DRY_RUN}. */
    public String getVerdict() {
        return verdict;
    }

    /** One line saying why. */
    public String getMessage() {
        return message;
    }

    public String getInvocationId() {
        return invocationId;
    }

    /** The cluster's name, or {@code user@host} for an ad-hoc host. */
    public String getCluster() {
        return cluster;
    }

    public List<Task> getTasks() {
        return List.copyOf(tasks);
    }

    /** Every score, keyed {@code <task-or-group>.<metric>.<score>}. */
    public List<Score> getScores() {
        return List.copyOf(scores);
    }

    public List<Gate> getGates() {
        return List.copyOf(gates);
    }

    /**
     * The Pipeline return value: a map of strings, numbers, booleans, lists and maps only ({@link LinkedHashMap},
     * {@link ArrayList}), which the script sandbox lets a Jenkinsfile read ({@code r.verdict},
     * {@code r.tasks['hellaswag.0'].jobIds}, {@code r.scores['hellaswag.acc_norm.acc_norm']}).
     */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("invocationId", invocationId);
        m.put("cluster", cluster);
        m.put("verdict", verdict);
        m.put("message", message);
        Map<String, Object> taskMap = new LinkedHashMap<>();
        for (Task t : tasks) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("state", t.state);
            one.put("stop", t.stop);
            one.put("jobIds", new ArrayList<>(t.jobIds));
            if (t.exportOutcome != null) {
                Map<String, Object> export = new LinkedHashMap<>();
                export.put("outcome", t.exportOutcome);
                export.put("summary", t.export);
                one.put("export", export);
            }
            Map<String, Object> own = new LinkedHashMap<>();
            scores.stream().filter(s -> t.dir.equals(s.task)).forEach(s -> own.put(s.key, s.value));
            one.put("scores", own);
            taskMap.put(t.id, one);
        }
        m.put("tasks", taskMap);
        Map<String, Object> all = new LinkedHashMap<>();
        scores.forEach(s -> all.put(s.key, s.value));
        m.put("scores", all);
        List<Object> gateList = new ArrayList<>();
        for (Gate g : gates) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("gate", g.name);
            one.put("verdict", g.verdict);
            one.put("explanation", g.explanation);
            gateList.add(one);
        }
        m.put("gates", gateList);
        return m;
    }

    /**
     * This result as JSON, the form a Jenkins build keeps it in: build.xml is written by XStream, whose class filter
     * refuses classes from a plain library jar such as this one, so the build page's action holds the text instead.
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("verdict", verdict).put("message", message).put("invocationId", invocationId).put("cluster", cluster);
        ArrayNode taskArray = root.putArray("tasks");
        for (Task t : tasks) {
            ObjectNode one = taskArray.addObject().put("id", t.id).put("dir", t.dir).put("state", t.state)
                    .put("stop", t.stop).put("detail", t.detail).put("exportOutcome", t.exportOutcome).put("export", t.export);
            t.jobIds.forEach(one.putArray("jobIds")::add);
        }
        ArrayNode scoreArray = root.putArray("scores");
        for (Score sc : scores) {
            ObjectNode one = scoreArray.addObject().put("key", sc.key).put("task", sc.task);
            putNumber(one, "value", sc.value);
            putNumber(one, "stderr", sc.stderr);
        }
        ArrayNode gateArray = root.putArray("gates");
        for (Gate g : gates) {
            gateArray.addObject().put("name", g.name).put("verdict", g.verdict).put("explanation", g.explanation);
        }
        return root.toString();
    }

    /** Reads what {@link #toJson()} wrote. @throws IOException when it is not such a text */
    public static EvaluationResult fromJson(String json) throws IOException {
        JsonNode root = JSON.readTree(json);
        if (root == null || !root.isObject() || !root.hasNonNull("verdict")) {
            throw new IOException("not an evaluation result: " + json.substring(0, Math.min(80, json.length())));
        }
        List<Task> taskList = new ArrayList<>();
        for (JsonNode t : root.path("tasks")) {
            List<String> ids = new ArrayList<>();
            t.path("jobIds").forEach(id -> ids.add(id.asText()));
            taskList.add(new Task(text(t, "id"), text(t, "dir"), text(t, "state"), text(t, "stop"), text(t, "detail"), ids,
                    text(t, "exportOutcome"), text(t, "export")));
        }
        List<Score> scoreList = new ArrayList<>();
        for (JsonNode sc : root.path("scores")) {
            scoreList.add(new Score(text(sc, "key"), text(sc, "task"), number(sc.get("value")), number(sc.get("stderr"))));
        }
        List<Gate> gateList = new ArrayList<>();
        for (JsonNode g : root.path("gates")) {
            gateList.add(new Gate(text(g, "name"), text(g, "verdict"), text(g, "explanation")));
        }
        return new EvaluationResult(text(root, "verdict"), text(root, "message"), text(root, "invocationId"),
                text(root, "cluster"), taskList, scoreList, gateList);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Numbers JSON cannot hold (NaN, ±Infinity) as strings, as the gate summary writes them. */
    private static void putNumber(ObjectNode node, String field, Double value) {
        if (value == null) {
            node.putNull(field);
        } else if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.put(field, value.toString());
        }
    }

    private static Double number(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        return n.isNumber() ? n.asDouble() : Double.valueOf(n.asText()); // "NaN", "Infinity", "-Infinity"
    }

    /** One task and its chain of Slurm jobs. */
    public static final class Task implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String id;
        private final String dir;
        private final String state;
        private final String stop;
        private final String detail;
        private final ArrayList<String> jobIds;
        /** The auto-export's outcome ({@code succeeded}, {@code failed}, {@code skipped}, …), null without one. */
        private final String exportOutcome;
        /** The auto-export in one line (destinations, outcome, job, reason), null without one. */
        private final String export;

        Task(String id, String dir, String state, String stop, String detail, List<String> jobIds, String exportOutcome,
                String export) {
            this.id = id;
            this.dir = dir;
            this.state = state;
            this.stop = stop;
            this.detail = detail;
            this.jobIds = new ArrayList<>(jobIds);
            this.exportOutcome = exportOutcome;
            this.export = export;
        }

        /** The auto-export's outcome, or null when the task has none. */
        public String getExportOutcome() {
            return exportOutcome;
        }

        /** The auto-export in one line, or null when the task has none. */
        public String getExport() {
            return export;
        }

        /** {@code <name>.<index>}. */
        public String getId() {
            return id;
        }

        /** The task directory's name, which scores refer to. */
        public String getDir() {
            return dir;
        }

        /** The last Slurm state seen. */
        public String getState() {
            return state;
        }

        /** How the chain ended ({@code completed}, {@code failed}, {@code max_walltime}, …), or null. */
        public String getStop() {
            return stop;
        }

        public String getDetail() {
            return detail;
        }

        /** The chain's job ids, oldest first. */
        public List<String> getJobIds() {
            return List.copyOf(jobIds);
        }
    }

    /** One score. */
    public static final class Score implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String key;
        private final String task;
        private final Double value;
        private final Double stderr;

        Score(String key, String task, Double value, Double stderr) {
            this.key = key;
            this.task = task;
            this.value = value;
            this.stderr = stderr;
        }

        public String getKey() {
            return key;
        }

        /** The task directory it came from. */
        public String getTask() {
            return task;
        }

        public Double getValue() {
            return value;
        }

        /** The standard error, or null when the harness gave none. */
        public Double getStderr() {
            return stderr;
        }

        /** The value for display: four decimals at most ({@code 0.8123}), empty when there is none. */
        public String getValueText() {
            return ScoreTrend.text(value);
        }

        /** The standard error for display, like {@link #getValueText()}. */
        public String getStderrText() {
            return ScoreTrend.text(stderr);
        }
    }

    /** One gate (or the check that a task produced scores) and its verdict. */
    public static final class Gate implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final String verdict;
        private final String explanation;

        Gate(String name, String verdict, String explanation) {
            this.name = name;
            this.verdict = verdict;
            this.explanation = explanation;
        }

        public String getName() {
            return name;
        }

        public String getVerdict() {
            return verdict;
        }

        public String getExplanation() {
            return explanation;
        }
    }
}
