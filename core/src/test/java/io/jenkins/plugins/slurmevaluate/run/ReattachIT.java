package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.RunRecordJson;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Re-attaching, as the CLI's {@code logs -f} and the Jenkins step's {@code onResume()} do: a slow run is watched,
 * then every object of the engine is dropped mid-run (the watch, the evaluator, its threads, the connection) and
 * only the saved run record JSON is kept. A fresh evaluator on a fresh connection picks the run up from that JSON
 * and follows it to the end: the sink gets every log byte exactly once over both lives, and nothing is submitted
 * again.
 */
@Tag("testbed")
class ReattachIT {

    @Test
    void aFreshEvaluatorReattachesFromTheSavedRecordAloneWithoutLosingOrRepeatingALogByte() throws Exception {
        try (TestbedRun run = TestbedRun.of("reattach", "evaluation.nemo_evaluator_config.config.params.limit_samples=40",
                "+env_vars.STANDIN_NUM_SAMPLES=lit:40", "+env_vars.STANDIN_SECONDS_PER_REQUEST=lit:0.5")) {
            run.submit();
            run.watch();
            Waits.clientLines(run, run.task().jobIds().get(0), 3);

            byte[] json = run.detach();
            RunRecord saved = RunRecordJson.read(json);
            assertThat(saved.tasks().get(0).chainStopped()).as("detached mid-run").isFalse();
            assertThat(saved.tasks().get(0).logOffsets()).as("offsets saved with the record").isNotEmpty();
            Thread.sleep(3000); // the run goes on, unwatched

            RunRecord end = run.awaitDone(run.reattach(json), Duration.ofMinutes(3));
            assertThat(end.tasks().get(0).stop()).isEqualTo("completed");
            assertThat(end.tasks().get(0).jobIds()).isEqualTo(saved.tasks().get(0).jobIds());
            assertThat(run.verdict(run.collect()).verdict()).isEqualTo("PASS");
            run.assertCleanEnd();
        }
    }
}
