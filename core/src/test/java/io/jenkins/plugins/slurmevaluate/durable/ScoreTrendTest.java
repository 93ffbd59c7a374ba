package io.jenkins.plugins.slurmevaluate.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScoreTrendTest {

    @Test
    void eachScoreIsARowWithOneCellPerBuildOnAScaleSharedByTheRow() {
        Map<String, EvaluationResult> builds = new LinkedHashMap<>();
        builds.put("#1", result(Map.of("hellaswag.acc_norm.acc_norm", 0.5)));
        builds.put("#2", result(Map.of("hellaswag.acc_norm.acc_norm", 0.8125, "mtbench.score.score", 7.5)));
        builds.put("#3", result(Map.of("mtbench.score.score", 10.0)));
        ScoreTrend trend = ScoreTrend.of(builds);
        assertThat(trend.getLabels()).containsExactly("#1", "#2", "#3");
        ScoreTrend.Series acc = trend.getSeries().get(0);
        assertThat(acc.getKey()).isEqualTo("hellaswag.acc_norm.acc_norm");
        assertThat(acc.getCells()).extracting(ScoreTrend.Cell::getValue).containsExactly("0.5", "0.8125", "");
        assertThat(acc.getCells()).extracting(ScoreTrend.Cell::getPercent).containsExactly(50, 81, 0);
        assertThat(trend.getSeries().get(1).getCells()).extracting(ScoreTrend.Cell::getPercent).containsExactly(0, 75, 100);
    }

    @Test
    void noScoresAtAllIsAnEmptyTrend() {
        assertThat(ScoreTrend.of(Map.of("#1", result(Map.of()))).isEmpty()).isTrue();
    }

    static EvaluationResult result(Map<String, Double> scores) {
        RunRecord record = new RunRecord(RunRecord.SCHEMA, "0123456789abcdef", Instant.EPOCH,
                new ClusterRef("dgx", "login", 22, "u", false), "eval.yaml", "/o/run", List.of(), List.of(), null,
                RunRecord.Phase.DONE, List.of(), "PASS", "ok");
        List<EvaluationResult.Score> rows = new java.util.ArrayList<>();
        new java.util.TreeMap<>(scores).forEach((k, v) -> rows.add(new EvaluationResult.Score(k, "t.0", v, null)));
        return new EvaluationResult("PASS", "ok", record, rows, List.of());
    }

    @Test
    void scoresAreShownWithFourDecimalsAtMost() {
        assertThat(ScoreTrend.text(0.24494897427831783)).isEqualTo("0.2449");
        assertThat(ScoreTrend.text(0.19999999999999998)).isEqualTo("0.2");
        assertThat(ScoreTrend.text(12.0)).isEqualTo("12");
        assertThat(ScoreTrend.text(Double.NaN)).isEqualTo("NaN");
        assertThat(ScoreTrend.text(null)).isEmpty();
    }
}
