package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.layout.ChainEvent;
import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Scenario j: slurmdbd is stopped (by its PID file) right after the first link starts and stays down until the run is
 * over, while the chain goes through a TIMEOUT and a resume. Neither the links nor the watcher can ask sacct: the
 * successor learns its predecessor's TIMEOUT from scontrol, the run-time budget comes from the links' own markers,
 * and the watcher follows squeue and the chain's files to the right verdict. slurmdbd is started again in
 * {@code finally} with up.sh's command line, and must answer before the test ends.
 *
 * <p>Isolated: no other test can use sacct meanwhile.
 */
@Isolated("slurmdbd is stopped: sacct fails for everyone")
@Tag("testbed")
class AccountingDownIT {

    @Test
    void withSlurmdbdStoppedTheChainResumesFromScontrolAndTheWatchFollowsSqueueAndMarkersToTheRightVerdict() throws Exception {
        try (TestbedRun run = TestbedRun.of("accounting-down", "execution.walltime=00:01:00",
                "evaluation.nemo_evaluator_config.config.params.limit_samples=40",
                "+env_vars.STANDIN_SECONDS_PER_REQUEST=lit:3", "+env_vars.STANDIN_NUM_SAMPLES=lit:40")) {
            RunRecord end;
            try {
                TestbedAdmin.awaitNoOtherJobs(List.of(), Duration.ofMinutes(2)); // other people share the test bed
                run.submit();
                Watch watch = run.watch();
                Waits.clientLines(run, run.task().jobIds().get(0), 1);
                TestbedAdmin.stopDaemon("slurmdbd");
                ExecResult sacct = run.remote("sacct -X -n -j " + run.task().jobIds().get(0));
                assertThat(sacct.exitCode()).as("sacct with slurmdbd down: %s", sacct.stderr()).isNotZero();
                end = run.awaitDone(watch, Duration.ofMinutes(6));
                assertThat(run.remote("sacct -X -n -j " + run.task().jobIds().get(0)).exitCode()).as("still down at the end").isNotZero();
            } finally {
                TestbedAdmin.startDaemon("slurmdbd");
            }
            assertThat(TestbedAdmin.daemonRunning("slurmdbd")).isTrue();

            TaskRecord t = end.tasks().get(0);
            assertThat(t.stop()).as(run.chainStatusText()).isEqualTo("completed");
            List<ChainEvent> resumed = run.chainEvents().stream().filter(e -> e.event().equals("resumed")).toList();
            assertThat(resumed).hasSize(t.jobIds().size() - 1).isNotEmpty().allSatisfy(e -> {
                assertThat(e.attribute("prev_state")).hasValue("TIMEOUT");
                assertThat(e.attribute("source")).as("sacct is down").hasValue("scontrol");
            });
            assertThat(run.remoteText(run.taskDir() + "/logs/client-" + t.jobIds().get(1) + ".log")).containsPattern("resuming: [1-9]\\d*/40");
            assertThat(run.verdict(run.collect()).verdict()).isEqualTo("PASS");
            run.assertCleanEnd();
        }
    }
}
