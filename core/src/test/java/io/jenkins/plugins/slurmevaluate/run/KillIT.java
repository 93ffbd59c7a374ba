package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario g: the user kills a run while its evaluation is half done and the watch is streaming. Within 10 s nothing
 * of the run is left in the queue (the running link and its queued successor), the chain says it stopped because it
 * was killed, and the watch ends with every log line out.
 */
@Tag("testbed")
class KillIT {

    @Test
    void killingARunningChainEmptiesTheQueueWithinTenSecondsAndTheChainStopsKilled() throws Exception {
        try (TestbedRun run = TestbedRun.of("kill", "evaluation.nemo_evaluator_config.config.params.limit_samples=20",
                "+env_vars.STANDIN_SECONDS_PER_REQUEST=lit:1")) {
            run.submit();
            Watch watch = run.watch();
            Waits.clientLines(run, run.task().jobIds().get(0), 3);
            Thread.sleep(2000);

            Instant killedAt = Instant.now();
            RunRecord killed = run.evaluator().kill(run.record(), run.host(), run.sink());
            Duration queueEmptyAfter = Duration.between(killedAt, Instant.now()).plus(run.assertQueueEmpty(Duration.ofSeconds(10)));
            System.out.println("[kill] queue empty " + queueEmptyAfter.toMillis() + " ms after kill");
            assertThat(queueEmptyAfter).isLessThanOrEqualTo(Duration.ofSeconds(10));
            assertThat(killed.phase()).isEqualTo(RunRecord.Phase.KILLED);
            assertThat(killed.tasks().get(0).stop()).isEqualTo("killed");
            assertThat(run.logs.narrated()).contains("INFO nothing of invocation " + killed.invocationId() + " is left in the queue");

            RunRecord end = run.awaitDone(watch, Duration.ofMinutes(2));
            assertThat(end.tasks().get(0).stop()).isEqualTo("killed");
            assertThat(run.chainLines()).last().asString().endsWith("stopped reason=killed");
            run.assertLogsStreamedExactly();
            run.assertNoDuplicateSubmissions();
        }
    }
}
