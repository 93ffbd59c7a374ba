package io.jenkins.plugins.slurmevaluate.results;

import io.jenkins.plugins.slurmevaluate.results.gate.Gate;
import io.jenkins.plugins.slurmevaluate.results.model.Invocation;
import io.jenkins.plugins.slurmevaluate.results.read.ResultsFormatException;
import io.jenkins.plugins.slurmevaluate.results.read.ResultsReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The results facade for the lifecycle, the CLI and the plugin:
 * <pre>
 * List&lt;Gate&gt; gates = Gates.parse(List.of("hellaswag.acc_norm &gt;= 0.80"));      // at config time
 * Invocation results = ResultsReader.readInvocation(downloadDir);              // after the run
 * GateReport report = Verdicts.evaluate(results, gates, VerdictOptions.defaults());
 * write(report.toJson()); write(report.toJUnitXml()); log(report.toText());
 * </pre>
 * Every gate is judged (no short cut after the first FAIL), so the report shows all problems at once. Then each task
 * directory gets a check that it produced scores: one without is a FAIL even if no gate names it, so an evaluation
 * with a missing task never passes.
 */
public final class Verdicts {

    /** A summary holds one entry per score; even thousands of scores stay far below this. */
    private static final long MAX_SUMMARY_BYTES = 64L * 1024 * 1024;

    private Verdicts() {}

    /** Judges the gates on the results alone. */
    public static GateReport evaluate(Invocation results, List<Gate> gates, VerdictOptions options) {
        return evaluate(results, gates, Optional.empty(), options);
    }

    /** Judges the gates on the results and checks each gated score for a regression against the baseline. */
    public static GateReport evaluate(Invocation results, List<Gate> gates, Invocation baseline, VerdictOptions options) {
        return evaluate(results, gates, Optional.of(Objects.requireNonNull(baseline, "baseline")), options);
    }

    private static GateReport evaluate(Invocation results, List<Gate> gates, Optional<Invocation> baseline,
            VerdictOptions options) {
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(gates, "gates");
        Objects.requireNonNull(options, "options");
        GateEvaluator evaluator = new GateEvaluator(results, baseline, options);
        List<GateResult> judged = new ArrayList<>();
        gates.forEach(g -> judged.add(evaluator.evaluate(g)));
        judged.addAll(evaluator.taskChecks());
        return new GateReport(judged, results, baseline.map(Invocation::source), options, Map.of());
    }

    /**
     * Reads a baseline: a JSON summary written by {@link GateReport#toJson()} (a file ending in {@code .json}), or
     * anything {@link ResultsReader#readInvocation} reads (a results directory or a results.yml).
     *
     * @throws ResultsFormatException if the summary is malformed, or if the baseline holds no scores at all (most
     *     likely the wrong path; a baseline without scores would silently check nothing)
     */
    public static Invocation readBaseline(Path path) throws IOException {
        Invocation baseline;
        if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".json")) {
            if (Files.size(path) > MAX_SUMMARY_BYTES) {
                throw new ResultsFormatException(path.toString(), "", 0, "the file has " + Files.size(path)
                        + " bytes, more than the " + MAX_SUMMARY_BYTES + " a summary may have; is this the right file?");
            }
            baseline = SummaryReader.read(Files.readString(path, StandardCharsets.UTF_8), path.toString());
        } else {
            baseline = ResultsReader.readInvocation(path);
        }
        if (baseline.tasks().values().stream().noneMatch(t -> t.hasScores())) {
            throw new ResultsFormatException(path.toString(), "", 0, "the baseline holds no scores; point it at a "
                    + "previous results directory or at the summary JSON of a previous build");
        }
        return baseline;
    }
}
