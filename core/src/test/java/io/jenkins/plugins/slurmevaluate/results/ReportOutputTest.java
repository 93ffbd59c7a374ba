package io.jenkins.plugins.slurmevaluate.results;

import static io.jenkins.plugins.slurmevaluate.results.Build.invocation;
import static io.jenkins.plugins.slurmevaluate.results.Build.metric;
import static io.jenkins.plugins.slurmevaluate.results.Build.node;
import static io.jenkins.plugins.slurmevaluate.results.Build.run;
import static io.jenkins.plugins.slurmevaluate.results.Build.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.slurmevaluate.results.gate.Gates;
import io.jenkins.plugins.slurmevaluate.results.model.Invocation;
import io.jenkins.plugins.slurmevaluate.results.model.TaskRun;
import io.jenkins.plugins.slurmevaluate.results.read.ResultsFormatException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportOutputTest {

    @TempDir
    Path tmp;

    private static GateReport report() {
        Invocation results = invocation(
                run("hellaswag.0", "hellaswag", node("hellaswag", metric("acc_norm", 0.8123, 0.0039))),
                run("mmlu.1", "mmlu", List.of(node("mmlu_abstract_algebra", metric("acc", 0.38, 0.049))),
                        List.of(new io.jenkins.plugins.slurmevaluate.results.model.Node("mmlu", java.util.Map.of("acc",
                                metric("acc", 0.68, 0.003)), java.util.Map.of("mmlu_stem",
                                node("mmlu_stem", metric("acc", score("acc", Double.NaN))))))),
                TaskRun.missing("gsm8k.2", "artifacts/results.yml not found"));
        return Verdicts.evaluate(results, Gates.parse(List.of("hellaswag.acc_norm >= 0.80", "mmlu.acc >= 0.7",
                "mmlu_abstract_algebra.acc >= 0.3")), VerdictOptions.defaults().withStrict(true))
                .withTaskStatus("gsm8k.2", "TIMEOUT", List.of("1201", "1202"));
    }

    static Document parseXml(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aDryRunsJunitXmlListsEveryGateAndTaskAsSkipped() throws Exception {
        Document doc = parseXml(GateReport.plannedAsJUnitXml(List.of("gsm8k.exact_match >= 0.5", "a<b & \"c\" >= 1"),
                List.of("gsm8k.0")));

        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("3");
        assertThat(suite.getAttribute("skipped")).isEqualTo("3");
        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(((Element) cases.item(1)).getAttribute("name")).isEqualTo("a<b & \"c\" >= 1");
        assertThat(((Element) cases.item(2)).getAttribute("classname")).isEqualTo("slurm-evaluate.tasks");
        Element skipped = (Element) ((Element) cases.item(0)).getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message")).isEqualTo("DRY_RUN: not judged, nothing was submitted");
    }

    @Test
    void junitXmlHasOneCasePerGateAndTaskWithFailuresAndSkips() throws Exception {
        GateReport report = report();
        Document doc = parseXml(report.toJUnitXml());

        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("name")).isEqualTo("slurm-evaluate");
        assertThat(suite.getAttribute("tests")).isEqualTo("6");
        assertThat(suite.getAttribute("failures")).isEqualTo("2");
        assertThat(suite.getAttribute("skipped")).isEqualTo("1");
        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(6);
        Element first = (Element) cases.item(0);
        assertThat(first.getAttribute("name")).isEqualTo("hellaswag.acc_norm >= 0.80");
        assertThat(first.getAttribute("classname")).isEqualTo("slurm-evaluate.gates");
        assertThat(first.getElementsByTagName("failure").getLength()).isZero();
        Element skipped = (Element) ((Element) cases.item(2)).getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message")).startsWith("INCONCLUSIVE: mmlu_abstract_algebra.acc = 0.38 ± 0.049 >= 0.3");
        Element failure = (Element) ((Element) cases.item(1)).getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).isEqualTo("mmlu.acc = 0.68 ± 0.003, not >= 0.7 → FAIL");
        Element task = (Element) cases.item(5);
        assertThat(task.getAttribute("classname")).isEqualTo("slurm-evaluate.tasks");
        assertThat(task.getAttribute("name")).isEqualTo("gsm8k.2 produced results");
    }

    @Test
    void hostileNamesSurviveTheXmlUnchangedOrVisiblyReplaced() throws Exception {
        String hostile = "t<&>\"'é🚀\u0001\uD800\n\t.x";
        Invocation results = invocation(run(hostile + ".0", hostile, node(hostile, metric("m", 1, 0.1))));
        GateReport report = Verdicts.evaluate(results, List.of(), VerdictOptions.defaults());

        Document doc = parseXml(report.toJUnitXml());

        Element task = (Element) doc.getElementsByTagName("testcase").item(0);
        assertThat(task.getAttribute("name")).isEqualTo("t<&>\"'é🚀\uFFFD\uFFFD\n\t.x.0 produced results");
        assertThat(doc.getElementsByTagName("system-out").item(0).getTextContent())
                .isEqualTo("task t<&>\"'é🚀\uFFFD\uFFFD\n\t.x.0 produced 1 score → PASS");
    }

    @Test
    void jsonSummaryCarriesVerdictGatesTasksAndFlattenedScores() throws Exception {
        JsonNode json = new ObjectMapper().readTree(report().toJson());

        assertThat(json.path("format").asText()).isEqualTo("slurm-evaluate-gate-report");
        assertThat(json.path("verdict").asText()).isEqualTo("FAIL");
        assertThat(json.path("counts").path("INCONCLUSIVE").asInt()).isEqualTo(1);
        assertThat(json.path("options").path("strict").asBoolean()).isTrue();
        JsonNode gate = json.path("gates").get(0);
        assertThat(gate.path("gate").asText()).isEqualTo("hellaswag.acc_norm >= 0.80");
        assertThat(gate.path("verdict").asText()).isEqualTo("PASS");
        assertThat(gate.path("key").asText()).isEqualTo("hellaswag.acc_norm.acc_norm");
        assertThat(gate.path("value").asDouble()).isEqualTo(0.8123);
        assertThat(gate.path("stderr").asDouble()).isEqualTo(0.0039);
        assertThat(gate.path("threshold").asDouble()).isEqualTo(0.8);
        assertThat(gate.path("comparison").asText()).isEqualTo(">=");
        assertThat(gate.path("baselineValue").isNull()).isTrue();
        assertThat(json.path("tasks").path("gsm8k.2").path("state").asText()).isEqualTo("TIMEOUT");
        assertThat(json.path("tasks").path("gsm8k.2").path("jobIds").toString()).isEqualTo("[\"1201\",\"1202\"]");
        assertThat(json.path("tasks").path("gsm8k.2").path("problem").asText()).isEqualTo("artifacts/results.yml not found");
        assertThat(json.path("scores").fieldNames()).toIterable().containsExactly("hellaswag.acc_norm.acc_norm",
                "mmlu_abstract_algebra.acc.acc", "mmlu.acc.acc", "mmlu_stem.acc.acc");
        assertThat(json.path("scores").path("mmlu_stem.acc.acc").path("value").asText()).isEqualTo("NaN");
        assertThat(json.path("scores").path("mmlu_stem.acc.acc").path("path").toString()).isEqualTo("[\"mmlu\",\"mmlu_stem\"]");
    }

    @Test
    void aSummaryReadsBackAsABaselineWithTheSameScores() throws Exception {
        GateReport report = report();
        Path summary = tmp.resolve("previous.json");
        Files.writeString(summary, report.toJson());

        Invocation baseline = Verdicts.readBaseline(summary);

        assertThat(ScoreTable.of(baseline)).isEqualTo(ScoreTable.of(report.candidate()));
        assertThat(baseline.task("gsm8k.2").orElseThrow().problem()).contains("artifacts/results.yml not found");
        assertThat(baseline.task("hellaswag.0").orElseThrow().taskType()).contains("hellaswag");
    }

    @Test
    void aBaselineSummaryJudgesTheNextBuild() throws Exception {
        Path summary = tmp.resolve("previous.json");
        Files.writeString(summary, report().toJson());
        Invocation next = invocation(run("hellaswag.0", "hellaswag", node("hellaswag", metric("acc_norm", 0.7500, 0.0043))));

        GateReport report = Verdicts.evaluate(next, Gates.parse(List.of("hellaswag.acc_norm >= baseline")),
                Verdicts.readBaseline(summary), VerdictOptions.defaults().withMaxRegression("0.01"));

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.results().get(0).explanation()).contains("baseline 0.8123 ± 0.0039, Δ -0.0623");
    }

    @Test
    void aMalformedSummaryIsRefusedWithTheKeyAtFault() throws Exception {
        Path wrong = tmp.resolve("wrong.json");
        Files.writeString(wrong, "{\"format\": \"something-else\"}");
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"format\": \"slurm-evaluate-gate-report\", \"version\": 1, \"tasks\": {}, "
                + "\"scores\": {\"a.b.c\": {\"task\": \"a.0\", \"kind\": \"task\", \"path\": [\"a\"], \"metric\": \"b\", "
                + "\"score\": \"c\", \"value\": \"high\"}}}");
        Path notJson = tmp.resolve("not.json");
        Files.writeString(notJson, "{\n  \"format\": ");

        assertThatThrownBy(() -> Verdicts.readBaseline(wrong)).isInstanceOf(ResultsFormatException.class)
                .hasMessageContaining("not a slurm-evaluate summary");
        assertThatThrownBy(() -> Verdicts.readBaseline(broken)).isInstanceOf(ResultsFormatException.class)
                .hasMessage(broken + ": scores.a.b.c.value: expected a number, found \"high\"");
        assertThatThrownBy(() -> Verdicts.readBaseline(notJson)).isInstanceOf(ResultsFormatException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void theTextReportStartsWithTheOverallLine() {
        assertThat(report().toText()).startsWith("slurm-evaluate: FAIL (6 checks: 3 passed, 2 failed, 1 inconclusive)\n"
                + "  hellaswag.acc_norm = 0.8123 ± 0.0039 >= 0.80 → PASS\n");
    }
}
