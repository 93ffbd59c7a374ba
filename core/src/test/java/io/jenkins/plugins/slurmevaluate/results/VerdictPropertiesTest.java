package io.jenkins.plugins.slurmevaluate.results;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.results.gate.Comparison;
import io.jenkins.plugins.slurmevaluate.results.gate.Gate;
import io.jenkins.plugins.slurmevaluate.results.gate.Gates;
import io.jenkins.plugins.slurmevaluate.results.model.Invocation;
import io.jenkins.plugins.slurmevaluate.results.model.Metric;
import io.jenkins.plugins.slurmevaluate.results.model.Node;
import io.jenkins.plugins.slurmevaluate.results.model.Score;
import io.jenkins.plugins.slurmevaluate.results.model.TaskRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.w3c.dom.Document;

class VerdictPropertiesTest {

    /** Random results, gates on scores that exist in them, options, and maybe a random baseline. */
    record Case(Invocation invocation, List<Gate> gates, VerdictOptions options, Optional<Invocation> baseline) {}

    @Property(tries = 150)
    void theOverallVerdictIsFailIfAnyFailsElseInconclusiveIfAnyIsElsePass(@ForAll("cases") Case c) {
        GateReport report = evaluate(c);
        List<Verdict> all = report.results().stream().map(GateResult::verdict).toList();

        Verdict expected = all.contains(Verdict.FAIL) || all.isEmpty() ? Verdict.FAIL
                : all.contains(Verdict.INCONCLUSIVE) ? Verdict.INCONCLUSIVE : Verdict.PASS;
        assertThat(report.verdict()).isEqualTo(expected);
        assertThat(report.results()).allSatisfy(r -> assertThat(r.explanation()).endsWith(" → " + r.verdict()));
    }

    @Property(tries = 150)
    void withoutStrictModeOrBaselineAThresholdIsAPlainComparison(@ForAll("cases") Case c) {
        GateReport report = Verdicts.evaluate(c.invocation(), c.gates(), c.options().withStrict(false));

        for (int i = 0; i < c.gates().size(); i++) {
            GateResult r = report.results().get(i);
            Gate g = c.gates().get(i);
            if (r.field().isEmpty()) { // the path was ambiguous (a task and a group of one name): fail closed
                assertThat(r.verdict()).as(r.explanation()).isEqualTo(Verdict.FAIL);
                continue;
            }
            double x = r.field().orElseThrow().equals("stderr") ? r.stderr().orElse(Double.NaN) : r.value().getAsDouble();
            boolean holds = Double.isFinite(x) && g.comparison().test(x, g.threshold().getAsDouble());
            assertThat(r.verdict()).as(r.explanation()).isEqualTo(holds ? Verdict.PASS : Verdict.FAIL);
        }
    }

    @Property(tries = 150)
    void neitherStrictModeNorABaselineCanTurnAPlainVerdictIntoAPass(@ForAll("cases") Case c) {
        GateReport plain = Verdicts.evaluate(c.invocation(), c.gates(), c.options().withStrict(false));
        GateReport judged = evaluate(c);

        for (int i = 0; i < c.gates().size(); i++) {
            Verdict before = plain.results().get(i).verdict();
            Verdict after = judged.results().get(i).verdict();
            if (after == Verdict.PASS) {
                assertThat(before).as(judged.results().get(i).explanation()).isEqualTo(Verdict.PASS);
            }
            if (c.baseline().isEmpty()) { // strict alone only ever says "could be noise"
                assertThat(after).isIn(before, Verdict.INCONCLUSIVE);
            }
        }
    }

    @Property(tries = 100)
    void theJsonSummaryReadsBackAsABaselineWithEveryScore(@ForAll("hostileInvocations") Invocation invocation) throws Exception {
        GateReport report = Verdicts.evaluate(invocation, List.of(), VerdictOptions.defaults());

        Invocation back = SummaryReader.read(report.toJson(), "summary.json");

        assertThat(ScoreTable.of(back)).isEqualTo(ScoreTable.of(invocation));
    }

    @Property(tries = 100)
    void theJUnitXmlIsWellFormedWhateverTheNames(@ForAll("hostileInvocations") Invocation invocation) throws Exception {
        GateReport report = Verdicts.evaluate(invocation, List.of(), VerdictOptions.defaults());

        Document doc = ReportOutputTest.parseXml(report.toJUnitXml());

        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(report.results().size());
    }

    @Property(tries = 200)
    void aWrittenGateParsesBackToTheSameParts(@ForAll("paths") String path, @ForAll Comparison op,
            @ForAll @DoubleRange(min = -1e6, max = 1e6) double threshold) {
        Gate gate = Gates.parse(path + " " + op.symbol() + " " + threshold);

        assertThat(gate.path()).isEqualTo(path);
        assertThat(gate.comparison()).isEqualTo(op);
        assertThat(gate.threshold()).hasValue(threshold);
    }

    @Property(tries = 200)
    void theZOfAConfidenceCoversThatConfidence(
            @ForAll @DoubleRange(min = 0.01, max = 0.999999) @Scale(6) double confidence) {
        double z = Normal.twoSidedZ(confidence);

        assertThat(Normal.cdf(z) - Normal.cdf(-z)).isCloseTo(confidence, org.assertj.core.data.Offset.offset(1e-9));
    }

    private static GateReport evaluate(Case c) {
        return c.baseline().isPresent()
                ? Verdicts.evaluate(c.invocation(), c.gates(), c.baseline().get(), c.options())
                : Verdicts.evaluate(c.invocation(), c.gates(), c.options());
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> name = Arbitraries.strings().withChars("abcxyz_-019:@/").ofMinLength(1).ofMaxLength(8);
        return name.list().ofMinSize(2).ofMaxSize(5).map(parts -> String.join(".", parts));
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<Invocation> invocations = invocations(Arbitraries.of("a", "b", "c", "d"), values());
        Arbitrary<VerdictOptions> options = Combinators.combine(Arbitraries.of(0.68, 0.9, 0.95, 0.99),
                Arbitraries.of(true, false), Arbitraries.of("0", "0.01", "0.05", "1%", "5%"))
                .as((conf, strict, max) -> VerdictOptions.defaults().withConfidence(conf).withStrict(strict)
                        .withMaxRegression(max));
        return Combinators.combine(invocations, invocations.optional(), options, gateDraws())
                .as((inv, baseline, opts, draws) -> new Case(inv, gatesFor(inv, draws), opts, baseline))
                .filter(c -> !c.gates().isEmpty());
    }

    /** Each draw picks a score by index, an operator, a threshold and whether to gate the stderr. */
    private static Arbitrary<List<double[]>> gateDraws() {
        return Combinators.combine(Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 5),
                Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, 4))
                .as((i, op, t, field) -> new double[] {i, op, t, field}).list().ofMinSize(1).ofMaxSize(4);
    }

    private static List<Gate> gatesFor(Invocation inv, List<double[]> draws) {
        List<ScoreTable.Row> rows = ScoreTable.of(inv);
        List<Gate> gates = new ArrayList<>();
        if (rows.isEmpty()) {
            return gates;
        }
        List<String> seen = new ArrayList<>();
        for (double[] d : draws) {
            ScoreTable.Row row = rows.get((int) d[0] % rows.size());
            Comparison op = Comparison.values()[(int) d[1]];
            String node = row.path().get(row.path().size() - 1);
            String path = row.dir() + "." + node + "." + row.metric() + "." + row.score().name() + (d[3] == 0 ? ".stderr" : "");
            String text = path + " " + op.symbol() + " " + Num.format(Math.round(d[2] * 100) / 100.0);
            if (!seen.contains(path + op)) {
                seen.add(path + op);
                gates.add(Gates.parse(text));
            }
        }
        return gates;
    }

    private static Arbitrary<Double> values() {
        return Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.doubles().between(0, 1).ofScale(3)),
                Tuple.of(1, Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, 0.5)));
    }

    @Provide
    Arbitrary<Invocation> hostileInvocations() {
        Arbitrary<String> hostile = Arbitraries.strings().ofMinLength(1).ofMaxLength(10)
                .withChars("a.-_<&>\"' é🚀\t\n\u0001{}[]:#%")
                .filter(s -> !s.isEmpty());
        return invocations(hostile, values());
    }

    private static Arbitrary<Invocation> invocations(Arbitrary<String> names, Arbitrary<Double> values) {
        Arbitrary<Score> score = Combinators.combine(names, values, Arbitraries.doubles().between(0, 0.1).ofScale(4)
                .optional(), Arbitraries.longs().between(1, 20000).optional())
                .as((n, v, se, count) -> new Score(n, v, se.map(OptionalDouble::of).orElse(OptionalDouble.empty()),
                        count.map(OptionalLong::of).orElse(OptionalLong.empty())));
        Arbitrary<Metric> metric = Combinators.combine(names, score.list().ofMinSize(1).ofMaxSize(2).uniqueElements(Score::name))
                .as((n, scores) -> new Metric(n, byName(scores, Score::name)));
        Arbitrary<Node> node = Combinators.combine(names, metric.list().ofMinSize(1).ofMaxSize(2).uniqueElements(Metric::name))
                .as((n, metrics) -> new Node(n, byName(metrics, Metric::name), Map.of()));
        Arbitrary<Node> group = Combinators.combine(names, metric.list().ofMaxSize(2).uniqueElements(Metric::name),
                node.list().ofMaxSize(2).uniqueElements(Node::name))
                .as((n, metrics, subs) -> new Node(n, byName(metrics, Metric::name), byName(subs, Node::name)));
        Arbitrary<TaskRun> run = Combinators.combine(names, node.list().ofMaxSize(2).uniqueElements(Node::name),
                group.list().ofMaxSize(2).uniqueElements(Node::name), Arbitraries.integers().between(0, 9))
                .as((n, tasks, groups, idx) -> tasks.isEmpty() && groups.isEmpty()
                        ? TaskRun.missing(n + "." + idx, "not found")
                        : TaskRun.withResults(n + "." + idx, Optional.of(n), byName(tasks, Node::name), byName(groups, Node::name)));
        return run.list().ofMinSize(1).ofMaxSize(3).uniqueElements(TaskRun::dir)
                .map(runs -> Invocation.of("/results/inv", runs));
    }

    private static <T> Map<String, T> byName(List<T> items, java.util.function.Function<T, String> name) {
        Map<String, T> map = new LinkedHashMap<>();
        items.forEach(i -> map.put(name.apply(i), i));
        return map;
    }
}
