package io.jenkins.plugins.slurmevaluate.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.slurmevaluate.state.ExportStatus;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A task's line on the build page says how its chain stands, in words, once. */
class TaskSummaryTest {

    private static final TaskRecord PLANNED = TaskRecord.planned("gsm8k", 1, "/o/inv/gsm8k.1", "acct.gsm8k.1-x");

    @Test
    void eachStateOfAChainReadsAsOnePhrase() {
        assertEquals("gsm8k.1: not submitted", TaskSummary.of(PLANNED).getLine());
        TaskRecord running = PLANNED.withJobIds(List.of("12")).withState("RUNNING");
        assertEquals("gsm8k.1: RUNNING (jobs 12)", TaskSummary.of(running).getLine());
        TaskRecord resumed = running.withJobIds(List.of("12", "13")).withState("PENDING");
        assertEquals("gsm8k.1: PENDING, link 2 (jobs 12, 13)", TaskSummary.of(resumed).getLine());
        TaskRecord done = resumed.withState("COMPLETED").withStop("completed", "");
        assertEquals("gsm8k.1: completed (jobs 12, 13)", TaskSummary.of(done).getLine());
        TaskRecord budget = resumed.withState("TIMEOUT").withStop("max_walltime", "0:20:00 of 0:20:00 used");
        assertEquals("gsm8k.1: stopped: max_walltime (0:20:00 of 0:20:00 used) (jobs 12, 13)", TaskSummary.of(budget).getLine());
    }

    @Test
    void theEvaluatorsCountFollowsTheStateOnceKnown() {
        TaskRecord running = PLANNED.withJobIds(List.of("12")).withState("RUNNING");
        assertEquals("gsm8k.1: RUNNING, requests done 3 (jobs 12)", TaskSummary.of(running.withProgress(3)).getLine());
        assertEquals("completed, requests done 5", TaskSummary.status(running.withStop("completed", "").withProgress(5)));
        assertEquals("RUNNING", TaskSummary.status(running.withProgress(null)));
    }

    @Test
    void theAutoExportFollowsTheChainOnTheSameLine() {
        TaskRecord exported = PLANNED.withJobIds(List.of("12")).withState("COMPLETED").withStop("completed", "")
                .withExport(new ExportStatus(List.of("mlflow"), ExportStatus.SUCCEEDED, "14", null));
        assertEquals("gsm8k.1: completed; auto-export to mlflow: succeeded (job 14) (jobs 12)", TaskSummary.of(exported).getLine());
        TaskRecord skipped = PLANNED.withJobIds(List.of("12")).withStop("failed", "code=3").withExport(new ExportStatus(
                List.of("mlflow"), ExportStatus.SKIPPED, null, "the evaluation did not complete: chain stopped failed (code=3)"));
        assertEquals("gsm8k.1: stopped: failed (code=3); auto-export to mlflow: skipped (the evaluation did not complete:"
                + " chain stopped failed (code=3)) (jobs 12)", TaskSummary.of(skipped).getLine());
    }
}
