package io.jenkins.plugins.slurmevaluate.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
