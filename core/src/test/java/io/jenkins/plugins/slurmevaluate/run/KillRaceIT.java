package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.shell.Shell;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario g, the racy variant: the user kills the run at the worst moment, when the first link has just timed out
 * and its successor has just started and is deciding whether to resume (it may already be queueing a link of its
 * own). The kill must still leave nothing in the queue within 10 s and the chain stopped as killed. (Where exactly
 * the kill lands in the successor varies from run to run; every outcome must keep these promises.)
 */
@Tag("testbed")
class KillRaceIT {

    @Test
    void killingJustAsASuccessorStartsAfterATimeoutLeavesNothingQueued() throws Exception {
        try (TestbedRun run = TestbedRun.of("kill-race", "execution.walltime=00:01:00",
                "evaluation.nemo_evaluator_config.config.params.limit_samples=100",
                "+env_vars.STANDIN_SECONDS_PER_REQUEST=lit:3", "+env_vars.STANDIN_NUM_SAMPLES=lit:100")) {
            run.submit();
            Watch watch = run.watch();
            String first = run.task().jobIds().get(0);
            String successor = awaitSuccessorRunning(run, first);
            Thread.sleep(600); // the successor is now deciding: asking sacct, queueing its own successor

            Instant killedAt = Instant.now();
            RunRecord killed = run.evaluator().kill(run.record(), run.host(), run.sink());
            Duration queueEmptyAfter = Duration.between(killedAt, Instant.now()).plus(run.assertQueueEmpty(Duration.ofSeconds(10)));
            TestbedAdmin.say("successor " + successor + " was running when killed; queue empty " + queueEmptyAfter.toMillis() + " ms after");
            assertThat(queueEmptyAfter).isLessThanOrEqualTo(Duration.ofSeconds(10));
            assertThat(killed.phase()).isEqualTo(RunRecord.Phase.KILLED);

            RunRecord end = run.awaitDone(watch, Duration.ofMinutes(2));
            assertThat(end.tasks().get(0).stop()).as(run.chainStatusText()).isEqualTo("killed");
            List<String> events = run.chainLines();
            if (events.stream().anyMatch(l -> l.startsWith(successor + " "))) {
                assertThat(events).last().asString().isEqualTo(successor + " stopped reason=killed");
            } // else the successor was killed before it could set its traps, and the .killed mark tells the watcher
            assertThat(events).noneMatch(l -> l.contains("stopped reason=completed") || l.contains("stopped reason=failed"));
            assertThat(run.remote("sleep 3; squeue --me -h -n " + Shell.quote(run.jobName()) + " -o %i").stdout())
                    .as("still nothing a few seconds later").isEmpty();
            run.assertLogsStreamedExactly();
            run.assertNoDuplicateSubmissions();
        }
    }

    /** Waits for the first link's TIMEOUT and returns its successor's id as soon as squeue shows it RUNNING. */
    private static String awaitSuccessorRunning(TestbedRun run, String first) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            assertThat(Instant.now()).as("link %s timed out and its successor started", first).isBefore(deadline);
            List<String> running = run.remote("squeue --me -h -t R -n " + Shell.quote(run.jobName()) + " -o %i").stdout().lines()
                    .map(String::strip).filter(id -> !id.isEmpty() && !id.equals(first)).toList();
            if (!running.isEmpty()) {
                return running.get(0);
            }
            Thread.sleep(100);
        }
    }
}
