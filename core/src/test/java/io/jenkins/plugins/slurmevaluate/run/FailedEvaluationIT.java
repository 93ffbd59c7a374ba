package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.layout.ChainEvent;
import io.jenkins.plugins.slurmevaluate.shell.Shell;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario f: the evaluation itself fails (the stand-in exits 3 after two samples). That is not an infrastructure
 * failure: the link cancels the successor it queued, the chain stops with reason failed, nothing resumes, and the
 * verdict is ERROR.
 */
@Tag("testbed")
class FailedEvaluationIT {

    @Test
    void aFailedEvaluationIsNotResumedAndItsLinkCancelsItsOwnSuccessor() throws Exception {
        try (TestbedRun run = TestbedRun.of("failed-eval", "+env_vars.STANDIN_FAIL_EXIT_CODE=lit:3")) {
            RunRecord end = run.runToEnd(Duration.ofMinutes(4));

            TaskRecord t = end.tasks().get(0);
            assertThat(t.stop()).as(run.chainStatusText()).isEqualTo("failed");
            assertThat(t.stopDetail()).isEqualTo("code=3");
            assertThat(t.jobIds()).as("no link after the failed one").hasSize(1);
            String link = t.jobIds().get(0);
            String successor = run.chainEvents().get(0).attribute("id").orElseThrow();
            assertThat(run.chainLines()).containsExactly(link + " successor id=" + successor, link + " started link=1",
                    link + " exit code=3", link + " successor_cancelled id=" + successor, link + " stopped reason=failed code=3");
            assertThat(run.remote("sacct -X -n -P -o State -j " + successor).stdout().strip()).startsWith("CANCELLED");
            assertThat(run.remote("test -e " + Shell.quote(run.taskDir() + "/.jobs/" + successor + ".start")).exitCode())
                    .as("the successor never started").isNotZero();
            assertThat(run.logs.narrated()).anyMatch(l -> l.endsWith("chain stopped: failed (code=3)"));

            Evaluator.Outcome outcome = run.verdict(run.collect());
            assertThat(outcome.verdict()).isEqualTo("ERROR");
            assertThat(outcome.message()).isEqualTo("tasks did not complete: " + t.id() + " failed (code=3)");
            run.assertCleanEnd();
        }
    }
}
