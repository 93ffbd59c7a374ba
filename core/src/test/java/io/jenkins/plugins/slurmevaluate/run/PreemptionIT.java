package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.layout.ChainEvent;
import io.jenkins.plugins.slurmevaluate.shell.Shell;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Scenario c: a job in the {@code urgent} partition asks for every CPU of the node while a link runs. Slurm preempts
 * the link (by requeue, which a {@code --no-requeue} job turns into a final PREEMPTED); the successor the link queued
 * starts once the urgent job is done, finds its predecessor PREEMPTED, and resumes from the stand-in's cache.
 *
 * <p>Isolated: asking for all CPUs preempts every {@code debug} job on the node, not only ours (on this Slurm the
 * victims are taken oldest first until the urgent job fits), so no other test may have a job running meanwhile.
 */
@Isolated("an urgent job for all CPUs preempts every job on the node")
@Tag("testbed")
class PreemptionIT {

    private static final Pattern RESUMING = Pattern.compile("resuming: (\\d+)/30 samples cached");

    @Test
    void aPreemptedLinkIsResumedByItsSuccessorWithItsProgressKeptAndCompletes() throws Exception {
        String urgentName = "e2e-urgent-" + UUID.randomUUID().toString().substring(0, 8);
        try (TestbedRun run = TestbedRun.of("preemption", "evaluation.nemo_evaluator_config.config.params.limit_samples=30",
                "+env_vars.STANDIN_NUM_SAMPLES=lit:30", "+env_vars.STANDIN_SECONDS_PER_REQUEST=lit:1")) {
            try {
                TestbedAdmin.awaitNoOtherJobs(List.of(), Duration.ofMinutes(2)); // other people share the test bed
                run.submit();
                Watch watch = run.watch();
                String first = run.task().jobIds().get(0);
                Waits.clientLines(run, first, 6);

                String cpus = run.testbed.get("TESTBED_NODE_CPUS");
                String urgent = run.remote("sbatch --parsable -A " + Shell.quote(run.testbed.account()) + " -p "
                        + Shell.quote(run.testbed.get("TESTBED_PREEMPTOR_PARTITION")) + " -c " + cpus + " -t 1 -J " + urgentName
                        + " -o /dev/null --wrap 'sleep 5'").stdout().strip();
                TestbedAdmin.say("urgent job " + urgent + " for " + cpus + " CPUs submitted");
                RunRecord end = run.awaitDone(watch, Duration.ofMinutes(4));

                TaskRecord t = end.tasks().get(0);
                assertThat(t.stop()).as(run.chainStatusText()).isEqualTo("completed");
                assertThat(t.jobIds()).hasSize(2);
                String second = t.jobIds().get(1);
                assertThat(run.remote("sacct -X -n -P -o State -j " + first).stdout().strip()).isEqualTo("PREEMPTED");
                List<ChainEvent> resumed = run.chainEvents().stream().filter(e -> e.event().equals("resumed")).toList();
                assertThat(resumed).singleElement().satisfies(e -> {
                    assertThat(e.jobId()).isEqualTo(second);
                    assertThat(e.attribute("prev_state")).hasValue("PREEMPTED");
                });
                Matcher m = RESUMING.matcher(run.remoteText(run.taskDir() + "/logs/client-" + second + ".log"));
                assertThat(m.find()).as("the second link resumed from the cache").isTrue();
                assertThat(Integer.parseInt(m.group(1))).as("samples cached").isPositive();
                assertThat(run.remoteText(run.taskDir() + "/logs/slurm-" + first + ".log")).contains("DUE TO PREEMPTION");
                assertThat(run.logs.narrated()).contains("INFO " + t.id() + ": job " + first + " ended PREEMPTED; job " + second
                        + " resumes the chain (link 2)");
                assertThat(run.remote("sacct -X -n -P -o State -j " + urgent).stdout().strip()).isEqualTo("COMPLETED");
                assertThat(run.verdict(run.collect()).verdict()).isEqualTo("PASS");
                run.assertCleanEnd();
            } finally {
                run.remote("scancel --name=" + urgentName + " 2>/dev/null; true");
            }
        }
    }
}
