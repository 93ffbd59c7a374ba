package io.jenkins.plugins.slurmevaluate.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import io.jenkins.plugins.slurmevaluate.state.ExportStatus;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationResultTest {

    @Test
    void theReturnValueHoldsOnlyPlainJdkValuesAndSurvivesSerialization() throws Exception {
        TaskRecord task = TaskRecord.planned("hellaswag", 0, "/o/run/hellaswag.0", "acct-x.hellaswag.0-id")
                .withJobIds(List.of("12", "13")).withState("COMPLETED").withStop("completed", "");
        RunRecord record = new RunRecord(RunRecord.SCHEMA, "0123456789abcdef", Instant.EPOCH,
                new ClusterRef("dgx", "login", 22, "u", false), "eval.yaml", "/o/run", List.of(), List.of(), null,
                RunRecord.Phase.DONE, List.of(task), "PASS", "ok");
        EvaluationResult result = new EvaluationResult("PASS", "2 of 2 checks passed", record,
                List.of(new EvaluationResult.Score("hellaswag.acc_norm.acc_norm", "hellaswag.0", 0.81, 0.004)),
                List.of(new EvaluationResult.Gate("hellaswag.acc_norm >= 0.8", "PASS", "… → PASS")));
        Map<String, Object> map = result.toMap();
        assertThat(map).containsEntry("verdict", "PASS").containsEntry("invocationId", "0123456789abcdef")
                .containsEntry("cluster", "dgx");
        @SuppressWarnings("unchecked")
        Map<String, Object> hellaswag = (Map<String, Object>) ((Map<String, Object>) map.get("tasks")).get("hellaswag.0");
        assertThat(hellaswag).containsEntry("state", "COMPLETED").containsEntry("jobIds", List.of("12", "13"))
                .containsEntry("scores", Map.of("hellaswag.acc_norm.acc_norm", 0.81));
        assertPlain(map);
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(DurableEvaluationIT.serialize(map)))) {
            assertThat(in.readObject()).isEqualTo(map);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(DurableEvaluationIT.serialize(result)))) {
            assertThat(((EvaluationResult) in.readObject()).getScores().get(0).getValue()).isEqualTo(0.81);
        }
    }

    @Test
    void theAutoExportsOutcomeIsInTheReturnValueAndSurvivesTheJsonForm() throws Exception {
        TaskRecord task = TaskRecord.planned("hellaswag", 0, "/o/run/hellaswag.0", "acct-x.hellaswag.0-id")
                .withJobIds(List.of("12")).withState("COMPLETED").withStop("completed", "")
                .withExport(new ExportStatus(List.of("mlflow", "local"), ExportStatus.FAILED, "14", "exit code 1; see logs/export-14.log"));
        RunRecord record = new RunRecord(RunRecord.SCHEMA, "0123456789abcdef", Instant.EPOCH,
                new ClusterRef("dgx", "login", 22, "u", false), "eval.yaml", "/o/run", List.of(), List.of(), null,
                RunRecord.Phase.DONE, List.of(task), "PASS", "ok");
        EvaluationResult result = new EvaluationResult("PASS", "ok", record, List.of(), List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> hellaswag = (Map<String, Object>) ((Map<String, Object>) result.toMap().get("tasks")).get("hellaswag.0");
        assertThat(hellaswag).containsEntry("export", Map.of("outcome", "failed",
                "summary", "auto-export to mlflow, local: failed (job 14; exit code 1; see logs/export-14.log)"));
        assertPlain(result.toMap());
        EvaluationResult back = EvaluationResult.fromJson(result.toJson());
        assertThat(back.toMap()).isEqualTo(result.toMap());
        assertThat(back.getTasks().get(0).getExportOutcome()).isEqualTo("failed");
    }

    @Test
    void theJsonFormKeepsEveryFieldIncludingNumbersJsonCannotHold() throws Exception {
        TaskRecord task = TaskRecord.planned("gsm8k", 1, "/o/run/gsm8k.1", "acct-x.gsm8k.1-id")
                .withJobIds(List.of("7")).withState("TIMEOUT").withStop("max_walltime", "0:20:00 used");
        RunRecord record = new RunRecord(RunRecord.SCHEMA, "fedcba9876543210", Instant.EPOCH,
                new ClusterRef(null, "login", 22, "u", false), "eval.yaml", "/o/run", List.of(), List.of(), null,
                RunRecord.Phase.DONE, List.of(task), "INCONCLUSIVE", "why");
        EvaluationResult result = new EvaluationResult("INCONCLUSIVE", "1 gate \"could not\" be decided", record,
                List.of(new EvaluationResult.Score("gsm8k.em.strict", "gsm8k.1", Double.NaN, null),
                        new EvaluationResult.Score("gsm8k.em.flex", "gsm8k.1", 0.25, Double.POSITIVE_INFINITY)),
                List.of(new EvaluationResult.Gate("gsm8k.em.strict >= 0.2", "INCONCLUSIVE", "NaN → ?")));

        EvaluationResult back = EvaluationResult.fromJson(result.toJson());

        assertThat(back.toMap()).isEqualTo(result.toMap());
        assertThat(back.getTasks().get(0).getDetail()).isEqualTo("0:20:00 used");
        assertThat(back.getTasks().get(0).getDir()).isEqualTo("gsm8k.1");
        assertThat(back.getScores().get(0).getValue()).isNaN();
        assertThat(back.getScores().get(0).getStderr()).isNull();
        assertThat(back.getScores().get(1).getStderr()).isInfinite();
        assertThat(back.getCluster()).isEqualTo("u@login");
        assertThat(back.getMessage()).isEqualTo(result.getMessage());
    }

    @Test
    void aTextThatIsNoResultIsRefusedWithItsBeginning() {
        assertThatThrownBy(() -> EvaluationResult.fromJson("{\"x\": 1}")).isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("not an evaluation result: {\"x\": 1}");
    }

    private static void assertPlain(Object o) {
        if (o instanceof Map<?, ?> m) {
            assertThat(m).isInstanceOf(LinkedHashMap.class);
            m.values().forEach(EvaluationResultTest::assertPlain);
        } else if (o instanceof List<?> l) {
            assertThat(l).isInstanceOf(ArrayList.class);
            l.forEach(EvaluationResultTest::assertPlain);
        } else if (o != null) {
            assertThat(o).isInstanceOfAny(String.class, Double.class, Long.class, Integer.class, Boolean.class);
        }
    }
}
