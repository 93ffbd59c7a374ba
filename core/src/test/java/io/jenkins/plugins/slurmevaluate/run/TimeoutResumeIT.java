package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.layout.ChainEvent;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario b: 2 minutes of work (40 samples × 3 s) against a 1-minute walltime. Slurm stops the first link at its
 * time limit (71-89 s after it started, the limit being checked every 30 s); the successor the link queued finds it
 * TIMEOUT, resumes from the stand-in's cache, and completes. Two links usually suffice; a slow start can need a third,
 * which must resume the same way.
 */
@Tag("testbed")
class TimeoutResumeIT {

    private static final Pattern RESUMING = Pattern.compile("resuming: (\\d+)/40 samples cached");

    @Test
    void aLinkThatTimesOutIsResumedByItsSuccessorWithItsProgressKeptAndCompletes() throws Exception {
        try (TestbedRun run = TestbedRun.of("timeout-resume", "execution.walltime=00:01:00",
                "evaluation.nemo_evaluator_config.config.params.limit_samples=40",
                "+env_vars.STANDIN_SECONDS_PER_REQUEST=lit:3", "+env_vars.STANDIN_NUM_SAMPLES=lit:40")) {
            RunRecord end = run.runToEnd(Duration.ofMinutes(8));

            TaskRecord t = end.tasks().get(0);
            assertThat(t.stop()).as(run.chainStatusText()).isEqualTo("completed");
            List<String> links = t.jobIds();
            assertThat(links).as("links of the chain").hasSizeBetween(2, 3);
            List<ChainEvent> events = run.chainEvents();
            String first = links.get(0);
            assertThat(events).filteredOn(e -> e.jobId().equals(first) && e.event().equals("exit"))
                    .singleElement().satisfies(e -> assertThat(e.attribute("signal")).hasValue("TERM"));
            List<ChainEvent> resumed = events.stream().filter(e -> e.event().equals("resumed")).toList();
            assertThat(resumed).hasSize(links.size() - 1).allSatisfy(e -> {
                assertThat(e.attribute("prev_state")).hasValue("TIMEOUT");
                assertThat(e.attribute("source")).hasValue("sacct");
            });
            for (int i = 1; i < links.size(); i++) {
                String link = links.get(i);
                String client = run.remoteText(run.taskDir() + "/logs/client-" + link + ".log");
                Matcher m = RESUMING.matcher(client);
                assertThat(m.find()).as("link %s resumed from the cache:\n%s", link, client).isTrue();
                assertThat(Integer.parseInt(m.group(1))).as("samples cached when link %s started", link).isPositive();
            }
            for (int i = 1; i < links.size(); i++) {
                assertThat(run.logs.narrated()).as("what the user was told").contains("INFO " + t.id() + ": job " + links.get(i - 1)
                        + " ended TIMEOUT; job " + links.get(i) + " resumes the chain (link " + (i + 1) + ")");
            }
            assertThat(run.logs.narrated()).last().isEqualTo("INFO " + t.id() + ": chain stopped: completed");
            assertThat(run.remoteText(run.taskDir() + "/artifacts/progress").strip()).isEqualTo("40");
            assertThat(run.verdict(run.collect()).verdict()).isEqualTo("PASS");
            run.assertCleanEnd();
        }
    }
}
