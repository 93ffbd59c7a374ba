package io.jenkins.plugins.slurmevaluate.results;

import io.jenkins.plugins.slurmevaluate.results.gate.Gate;
import io.jenkins.plugins.slurmevaluate.results.model.Invocation;
import io.jenkins.plugins.slurmevaluate.results.model.Score;
import io.jenkins.plugins.slurmevaluate.results.model.TaskRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Judges gates against one invocation's results and, optionally, a baseline. Fails closed: a score that cannot be
 * found, a NaN, a task without results all give FAIL with the reason in the explanation.
 *
 * <p>A baseline, when given, is also checked by every threshold gate on a value with {@code >= > <= <}: the gate's
 * verdict is the worse of its threshold and its regression check (direction from the operator). If the baseline lacks
 * that score, the threshold alone decides and the explanation says so. A {@code >= baseline} gate has only the
 * regression check, and fails when there is no baseline value to compare with.
 */
final class GateEvaluator {

    private final Invocation candidate;
    private final Resolver resolver;
    private final Optional<Invocation> baseline;
    private final Optional<Resolver> baselineResolver;
    private final Judge judge;

    GateEvaluator(Invocation candidate, Optional<Invocation> baseline, VerdictOptions options) {
        this.candidate = candidate;
        this.resolver = new Resolver(candidate);
        this.baseline = baseline;
        this.baselineResolver = baseline.map(Resolver::new);
        this.judge = new Judge(options);
    }

    GateResult evaluate(Gate gate) {
        GateResult.Builder result = GateResult.builder(gate.expression()).gate(gate);
        Resolution r;
        try {
            r = resolver.resolve(gate.path());
        } catch (Resolver.Unresolved e) {
            return result.done(Verdict.FAIL, gate.path() + ": " + e.getMessage());
        }
        Score score = r.score();
        result.score(r.target().run().dir(), r.key(), r.stderrField() ? "stderr" : "value", score.value(), score.stderr());
        if (r.stderrField() && score.stderr().isEmpty()) {
            return result.done(Verdict.FAIL, gate.path() + ": missing: " + r.key() + " in " + r.target().run().dir()
                    + " has no stats.stderr");
        }
        double x = r.stderrField() ? score.stderr().getAsDouble() : score.value();
        OptionalDouble se = r.stderrField() ? OptionalDouble.empty() : score.stderr();
        StringBuilder text = new StringBuilder(gate.path()).append(" = ").append(Num.readable(x));
        se.ifPresent(s -> text.append(" ± ").append(Num.significant(s, 4))); // a stderr: 0.2449, not 0.24494897427831783
        if (!Double.isFinite(x)) {
            return result.done(Verdict.FAIL, text + ", not a finite number (the harness wrote " + Num.format(x) + ")");
        }
        Verdict verdict = Verdict.PASS;
        if (!gate.comparesWithBaseline()) {
            Judge.Outcome o = judge.threshold(x, se, gate.comparison(), gate.thresholdText(),
                    gate.threshold().getAsDouble(), !r.stderrField());
            verdict = o.verdict();
            text.append(o.text());
        }
        boolean againstBaseline = gate.comparesWithBaseline()
                || (baseline.isPresent() && !r.stderrField() && gate.comparison().isOrdering());
        if (againstBaseline) {
            Optional<Score> base = baselineResolver.flatMap(b -> b.counterpart(r)).map(Resolution::score)
                    .filter(s -> Double.isFinite(s.value()));
            if (base.isEmpty()) {
                String why = baseline.map(b -> "the baseline (" + b.source() + ") has no finite " + r.key())
                        .orElse("no baseline was given to compare with");
                if (gate.comparesWithBaseline()) {
                    verdict = Verdict.FAIL;
                    text.append("; missing: ").append(why);
                } else {
                    text.append("; not compared with the baseline: ").append(why);
                }
            } else {
                Score b = base.get();
                result.baseline(b.value(), b.stderr());
                Judge.Outcome o = judge.regression(x, se, b.value(), b.stderr(), gate.comparison().higherIsBetter());
                verdict = verdict.and(o.verdict());
                text.append("; ").append(o.text());
            }
        }
        return result.done(verdict, text.toString());
    }

    /**
     * One check per task directory: PASS if it produced scores, else FAIL (fail closed, even if no gate names it). An
     * invocation without any task directory is one FAIL. A check per task, passed or not, keeps the set of JUnit test
     * cases the same from build to build, so Jenkins can show each one's history.
     */
    List<GateResult> taskChecks() {
        List<GateResult> checks = new ArrayList<>();
        if (candidate.tasks().isEmpty()) {
            checks.add(GateResult.builder("results found").done(Verdict.FAIL,
                    "no task results at all in " + candidate.source()));
        }
        for (TaskRun run : candidate.tasks().values()) {
            GateResult.Builder check = GateResult.builder(run.dir() + " produced results").taskDir(run.dir());
            long scores = Target.of(run).stream().flatMap(t -> t.node().metrics().values().stream())
                    .mapToLong(m -> m.scores().size()).sum();
            checks.add(scores > 0
                    ? check.done(Verdict.PASS, "task " + run.dir() + " produced " + scores + (scores == 1 ? " score" : " scores"))
                    : check.done(Verdict.FAIL, "task " + run.dir() + " produced no results: "
                            + run.problem().orElse("results.yml has no scores")));
        }
        return checks;
    }
}
