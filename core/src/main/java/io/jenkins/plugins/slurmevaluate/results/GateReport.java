package io.jenkins.plugins.slurmevaluate.results;

import io.jenkins.plugins.slurmevaluate.results.model.Invocation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of gating one invocation: the overall verdict, one {@link GateResult} per gate, then one per task
 * directory (did it produce scores?), and what was judged. Immutable; {@link #withTaskStatus} returns a copy.
 *
 * <p>Outputs: {@link #toJson()} (the summary; a later build can read it back as its baseline), {@link #toJUnitXml()}
 * (for Jenkins' {@code junit} step) and {@link #toText()} (for the build log).
 */
public final class GateReport {

    /**
     * What the scheduler said about a task, added by the lifecycle for the summary. It does not change the verdict:
     * a task that failed in Slurm has no results.yml, and that already fails.
     *
     * @param state the final Slurm state, e.g. {@code COMPLETED}, {@code TIMEOUT}
     * @param jobIds the Slurm job ids of the task's chain, oldest first
     */
    public record TaskStatus(String state, List<String> jobIds) {
        public TaskStatus {
            Objects.requireNonNull(state, "state");
            jobIds = List.copyOf(jobIds);
        }
    }

    private final Verdict verdict;
    private final List<GateResult> results;
    private final Invocation candidate;
    private final Optional<String> baselineSource;
    private final VerdictOptions options;
    private final Map<String, TaskStatus> taskStatuses;

    GateReport(List<GateResult> results, Invocation candidate, Optional<String> baselineSource, VerdictOptions options,
            Map<String, TaskStatus> taskStatuses) {
        this.results = List.copyOf(results);
        this.verdict = Verdict.overall(this.results.stream().map(GateResult::verdict).toList());
        this.candidate = candidate;
        this.baselineSource = baselineSource;
        this.options = options;
        this.taskStatuses = Collections.unmodifiableMap(new LinkedHashMap<>(taskStatuses));
    }

    /** Any FAIL → FAIL; else any INCONCLUSIVE → INCONCLUSIVE; else PASS. Nothing judged at all → FAIL. */
    public Verdict verdict() {
        return verdict;
    }

    /** Gates in the order given, then one check per task directory that it produced scores. */
    public List<GateResult> results() {
        return results;
    }

    /** The results that were judged. */
    public Invocation candidate() {
        return candidate;
    }

    /** Where the baseline came from, if one was used. */
    public Optional<String> baselineSource() {
        return baselineSource;
    }

    public VerdictOptions options() {
        return options;
    }

    /** Task directory → Slurm state and job ids, as added with {@link #withTaskStatus}. */
    public Map<String, TaskStatus> taskStatuses() {
        return taskStatuses;
    }

    public long count(Verdict v) {
        return results.stream().filter(r -> r.verdict() == v).count();
    }

    /**
     * A copy that also records a task's Slurm state and job ids, for the JSON summary.
     *
     * @throws IllegalArgumentException if {@code dir} is not a task directory of the judged results; add expected
     *     directories first with {@link Invocation#expecting}
     */
    public GateReport withTaskStatus(String dir, String state, List<String> jobIds) {
        if (!candidate.tasks().containsKey(dir)) {
            throw new IllegalArgumentException("unknown task directory '" + dir + "'; the results have "
                    + String.join(", ", candidate.tasks().keySet()));
        }
        Map<String, TaskStatus> statuses = new LinkedHashMap<>(taskStatuses);
        statuses.put(dir, new TaskStatus(state, jobIds));
        return new GateReport(results, candidate, baselineSource, options, statuses);
    }

    /** The JSON summary; see {@link Verdicts#readBaseline} to use it as a later baseline. */
    public String toJson() {
        return JsonSummary.write(this);
    }

    /** JUnit XML: FAIL is a failure, INCONCLUSIVE a skipped test whose message starts with "INCONCLUSIVE:". */
    public String toJUnitXml() {
        return JUnitXml.write(this);
    }

    /**
     * The JUnit XML of a dry run, which judges nothing: each gate and each planned task directory as a skipped test.
     */
    public static String plannedAsJUnitXml(List<String> gates, List<String> taskDirs) {
        return JUnitXml.planned(gates, taskDirs);
    }

    /** For the build log: the overall line, then one line per gate. */
    public String toText() {
        List<String> lines = new ArrayList<>();
        lines.add("slurm-evaluate: " + verdict + " (" + results.size() + " checks: " + count(Verdict.PASS) + " passed, "
                + count(Verdict.FAIL) + " failed, " + count(Verdict.INCONCLUSIVE) + " inconclusive)");
        for (GateResult r : results) {
            lines.add("  " + r.explanation());
        }
        return String.join("\n", lines) + "\n";
    }

    @Override
    public String toString() {
        return toText();
    }
}
