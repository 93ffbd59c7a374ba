package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.layout.ChainEvent;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Scenario d: the node is set DOWN while a link runs and comes back (RESUME) 10 s later. Slurm ends the link
 * NODE_FAIL at once; the successor it queued waits for the node, starts when it is back, finds NODE_FAIL, and resumes
 * from the stand-in's cache. The node is RESUMEd in {@code finally}, whatever happens.
 *
 * <p>Isolated: a DOWN node kills every job on it.
 */
@Isolated("setting the node DOWN kills every job on the test bed")
@Tag("testbed")
class NodeFailureIT {

    private static final Pattern RESUMING = Pattern.compile("resuming: (\\d+)/30 samples cached");

    @Test
    void aLinkOnANodeThatGoesDownIsResumedWhenTheNodeReturnsAndCompletes() throws Exception {
        String node = io.jenkins.plugins.slurmevaluate.testbed.Testbed.load().get("TESTBED_NODE");
        try (TestbedRun run = TestbedRun.of("node-fail", "evaluation.nemo_evaluator_config.config.params.limit_samples=30",
                "+env_vars.STANDIN_NUM_SAMPLES=lit:30", "+env_vars.STANDIN_SECONDS_PER_REQUEST=lit:1")) {
            Instant resumedAt;
            Watch watch;
            String first;
            try {
                TestbedAdmin.awaitNoOtherJobs(List.of(), Duration.ofMinutes(2)); // other people share the test bed
                run.submit();
                watch = run.watch();
                first = run.task().jobIds().get(0);
                Waits.clientLines(run, first, 6);
                TestbedAdmin.setNodeDown(node, "e2e-node-fail");
                Thread.sleep(10_000);
            } finally {
                resumedAt = Instant.now();
                TestbedAdmin.ensureNodeUp(node, Duration.ofSeconds(60));
            }
            RunRecord end = run.awaitDone(watch, Duration.ofMinutes(4));

            TaskRecord t = end.tasks().get(0);
            assertThat(t.stop()).as(run.chainStatusText()).isEqualTo("completed");
            assertThat(t.jobIds()).hasSize(2);
            String second = t.jobIds().get(1);
            assertThat(run.remote("sacct -X -n -P -o State -j " + first).stdout().strip()).isEqualTo("NODE_FAIL");
            List<ChainEvent> resumed = run.chainEvents().stream().filter(e -> e.event().equals("resumed")).toList();
            assertThat(resumed).singleElement().satisfies(e -> {
                assertThat(e.jobId()).isEqualTo(second);
                assertThat(e.attribute("prev_state")).hasValue("NODE_FAIL");
                assertThat(Instant.ofEpochSecond(e.epochSeconds())).as("resumed after the node returned").isAfterOrEqualTo(
                        resumedAt.minusSeconds(1));
            });
            Matcher m = RESUMING.matcher(run.remoteText(run.taskDir() + "/logs/client-" + second + ".log"));
            assertThat(m.find()).as("the second link resumed from the cache").isTrue();
            assertThat(Integer.parseInt(m.group(1))).as("samples cached").isPositive();
            assertThat(run.logs.narrated()).contains("INFO " + t.id() + ": job " + first + " ended NODE_FAIL; job " + second
                    + " resumes the chain (link 2)");
            assertThat(run.verdict(run.collect()).verdict()).isEqualTo("PASS");
            run.assertCleanEnd();
        }
    }
}
