package io.jenkins.plugins.slurmevaluate.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.slurmevaluate.results.model.Score;
import io.jenkins.plugins.slurmevaluate.results.model.TaskRun;
import java.io.UncheckedIOException;
import java.util.OptionalDouble;

/**
 * Writes a {@link GateReport} as the JSON summary. {@link SummaryReader} reads its {@code tasks} and {@code scores}
 * back as a baseline. Numbers that JSON cannot hold (NaN, ±Infinity) are written as the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}; absent values are {@code null}, so every entry has the same fields.
 *
 * <pre>
 * { "format": "slurm-evaluate-gate-report", "version": 1, "verdict": "PASS",
 *   "counts": {"PASS": 1, "FAIL": 0, "INCONCLUSIVE": 0}, "results": "...", "baseline": null,
 *   "options": {"confidence": 0.95, "strict": false, "maxRegression": "0"},
 *   "gates": [{"gate": "hellaswag.acc_norm >= 0.80", "kind": "gate", "verdict": "PASS", "explanation": "...",
 *              "task": "hellaswag.0", "key": "hellaswag.acc_norm.acc_norm", "field": "value", "value": 0.8123,
 *              "stderr": 0.0039, "comparison": ">=", "threshold": 0.8, "baselineValue": null,
 *              "baselineStderr": null, "delta": null}],
 *   "tasks": {"hellaswag.0": {"taskType": "hellaswag", "problem": null, "state": "COMPLETED", "jobIds": ["12"]}},
 *   "scores": {"hellaswag.acc_norm.acc_norm": {"task": "hellaswag.0", "kind": "task", "path": ["hellaswag"],
 *              "metric": "acc_norm", "score": "acc_norm", "value": 0.8123, "stderr": 0.0039, "count": 10042}} }
 * </pre>
 */
final class JsonSummary {

    static final String FORMAT = "slurm-evaluate-gate-report";
    static final int VERSION = 1;
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonSummary() {}

    static String write(GateReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("verdict", report.verdict().name());
        ObjectNode counts = root.putObject("counts");
        for (Verdict v : Verdict.values()) {
            counts.put(v.name(), report.count(v));
        }
        root.put("results", report.candidate().source());
        root.put("baseline", report.baselineSource().orElse(null));
        ObjectNode options = root.putObject("options");
        options.put("confidence", report.options().confidence());
        options.put("strict", report.options().strict());
        options.put("maxRegression", report.options().maxRegressionText());
        ArrayNode gates = root.putArray("gates");
        report.results().forEach(r -> gate(gates.addObject(), r));
        ObjectNode tasks = root.putObject("tasks");
        for (TaskRun run : report.candidate().tasks().values()) {
            ObjectNode t = tasks.putObject(run.dir());
            t.put("taskType", run.taskType().orElse(null));
            t.put("problem", run.problem().orElse(!run.hasScores() ? "results.yml has no scores" : null));
            GateReport.TaskStatus status = report.taskStatuses().get(run.dir());
            t.put("state", status == null ? null : status.state());
            ArrayNode ids = t.putArray("jobIds");
            if (status != null) {
                status.jobIds().forEach(ids::add);
            }
        }
        ObjectNode scores = root.putObject("scores");
        for (ScoreTable.Row row : ScoreTable.of(report.candidate())) {
            ObjectNode s = scores.putObject(row.key());
            s.put("task", row.dir());
            s.put("kind", row.group() ? "group" : "task");
            ArrayNode path = s.putArray("path");
            row.path().forEach(path::add);
            s.put("metric", row.metric());
            score(s, row.score());
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot happen: a tree of plain values failed to serialize", e);
        }
    }

    private static void gate(ObjectNode g, GateResult r) {
        g.put("gate", r.name());
        g.put("kind", r.gate().isPresent() ? "gate" : "task");
        g.put("verdict", r.verdict().name());
        g.put("explanation", r.explanation());
        g.put("task", r.taskDir().orElse(null));
        g.put("key", r.key().orElse(null));
        g.put("field", r.field().orElse(null));
        number(g, "value", r.value());
        number(g, "stderr", r.stderr());
        g.put("comparison", r.gate().map(x -> x.comparison().symbol()).orElse(null));
        number(g, "threshold", r.threshold());
        number(g, "baselineValue", r.baselineValue());
        number(g, "baselineStderr", r.baselineStderr());
        number(g, "delta", r.delta());
    }

    private static void score(ObjectNode s, Score score) {
        s.put("score", score.name());
        number(s, "value", OptionalDouble.of(score.value()));
        number(s, "stderr", score.stderr());
        if (score.count().isPresent()) {
            s.put("count", score.count().getAsLong());
        } else {
            s.putNull("count");
        }
    }

    static void number(ObjectNode o, String field, OptionalDouble x) {
        if (x.isEmpty()) {
            o.putNull(field);
        } else if (Double.isNaN(x.getAsDouble())) {
            o.put(field, "NaN");
        } else if (Double.isInfinite(x.getAsDouble())) {
            o.put(field, x.getAsDouble() > 0 ? "Infinity" : "-Infinity");
        } else {
            o.put(field, x.getAsDouble());
        }
    }
}
