package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.layout.ChainEvent;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario e: a 1-minute walltime and a 1-minute max_walltime for the whole chain. The first link times out after
 * 71-89 s; its successor finds the budget spent before doing any work and stops the chain with reason max_walltime,
 * which the record, the user's log and the verdict (ERROR) all say.
 */
@Tag("testbed")
class MaxWalltimeIT {

    @Test
    void aChainThatHasUsedItsMaxWalltimeStopsAndTheVerdictIsError() throws Exception {
        try (TestbedRun run = TestbedRun.of("max-walltime", "execution.walltime=00:01:00", "execution.max_walltime=00:01:00",
                "evaluation.nemo_evaluator_config.config.params.limit_samples=40",
                "+env_vars.STANDIN_SECONDS_PER_REQUEST=lit:3", "+env_vars.STANDIN_NUM_SAMPLES=lit:40")) {
            RunRecord end = run.runToEnd(Duration.ofMinutes(6));

            TaskRecord t = end.tasks().get(0);
            assertThat(t.stop()).as(run.chainStatusText()).isEqualTo("max_walltime");
            assertThat(t.stopDetail()).matches("used=\\d+ limit=60");
            ChainEvent stopped = run.chainEvents().get(run.chainEvents().size() - 1);
            assertThat(stopped.event()).isEqualTo("stopped");
            assertThat(stopped.attribute("reason")).hasValue("max_walltime");
            String first = t.jobIds().get(0);
            assertThat(stopped.jobId()).as("the successor stops the chain").isNotEqualTo(first);
            assertThat(run.chainEvents()).noneMatch(e -> e.event().equals("resumed"));
            assertThat(run.remoteText(run.taskDir() + "/logs/slurm-" + stopped.jobId() + ".log"))
                    .contains("the chain stops here: max_walltime");
            assertThat(run.logs.narrated()).anyMatch(l -> l.contains("chain stopped: max_walltime (used="));

            Evaluator.Outcome outcome = run.verdict(run.collect());
            assertThat(outcome.verdict()).isEqualTo("ERROR");
            assertThat(outcome.message()).startsWith("tasks did not complete: " + t.id() + " max_walltime (used=");
            assertThat(outcome.record().verdict()).isEqualTo("ERROR");
            run.assertCleanEnd();
        }
    }
}
