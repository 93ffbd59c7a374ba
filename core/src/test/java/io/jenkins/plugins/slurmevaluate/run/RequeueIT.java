package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario c, the other way to interrupt a job: {@code scontrol requeue}. Every link is {@code --no-requeue} (a resume
 * is always a new job with its own log), and Slurm 22.05 refuses to requeue such a job, even for root: exit 1,
 * "Requested operation is presently disabled for job N", and the job runs on untouched. The chain is not disturbed.
 */
@Tag("testbed")
class RequeueIT {

    @Test
    void scontrolRequeueOfALinkIsRefusedAndTheChainCompletesUndisturbed() throws Exception {
        try (TestbedRun run = TestbedRun.of("requeue", "+env_vars.STANDIN_SECONDS_PER_REQUEST=lit:1",
                // 20 s of work: the link must still run when the test has seen its first lines and asks to requeue
                "evaluation.nemo_evaluator_config.config.params.limit_samples=20", "+env_vars.STANDIN_NUM_SAMPLES=lit:20")) {
            run.submit();
            Watch watch = run.watch();
            String link = run.task().jobIds().get(0);
            Waits.clientLines(run, link, 2);

            ExecResult requeue = run.remote("scontrol requeue " + link);
            assertThat(requeue.exitCode()).isEqualTo(1);
            assertThat(requeue.stderr()).contains("Requested operation is presently disabled for job " + link);
            assertThat(run.remote("squeue -h -j " + link + " -o %T").stdout().strip()).isEqualTo("RUNNING");

            RunRecord end = run.awaitDone(watch, Duration.ofMinutes(3));
            assertThat(end.tasks().get(0).stop()).isEqualTo("completed");
            assertThat(end.tasks().get(0).jobIds()).containsExactly(link);
            assertThat(run.remote("scontrol show job " + link + " | grep -o 'Restarts=[0-9]*'").stdout().strip()).isEqualTo("Restarts=0");
            run.assertCleanEnd();
        }
    }
}
