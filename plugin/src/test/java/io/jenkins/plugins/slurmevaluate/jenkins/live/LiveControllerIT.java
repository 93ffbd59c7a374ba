package io.jenkins.plugins.slurmevaluate.jenkins.live;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end on a real controller ({@code plugin/live/controller.sh}: {@code java -jar jenkins.war} with the built
 * .hpi, configured by JCasC) and the Slurm test bed (needs testbed/up.sh; skipped without it), driven only through
 * Jenkins' HTTP API as a user would: the job {@code eval} runs the repository's own examples/testbed.yaml with the
 * README's gates. Build 1 passes; build 2 shows a trend of both builds and the gates as tests; build 3, a longer
 * evaluation, survives a {@code kill -9} of the controller; build 4 is aborted and leaves nothing in the queue.
 * The tests depend on each other's build numbers and run in order. Timings go to {@code target/live-timings.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveControllerIT {

    private static final String JOB = "eval";
    private static final List<String> TASKS = List.of("lm-evaluation-harness.ifeval.0", "gsm8k.1");
    /** examples/testbed.yaml's limit_samples. */
    private static final int SAMPLES = 5;
    /** Samples of the long evaluation (builds 3 and 4), one a second: about a minute. */
    private static final int LONG_SAMPLES = 45;
    private static final String LONG_RUN = String.join("\n", "+env_vars.STANDIN_SECONDS_PER_REQUEST=lit:1",
            "+env_vars.STANDIN_NUM_SAMPLES=lit:" + LONG_SAMPLES,
            "evaluation.nemo_evaluator_config.config.params.limit_samples=" + LONG_SAMPLES);
    private static final List<String> GATES = List.of("ifeval.acc >= 0.5", "gsm8k.exact_match.flexible-extract >= 0.2");
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);

    private static LiveController controller;
    private static JenkinsHttp jenkins;
    private static final Map<String, String> TIMINGS = new LinkedHashMap<>();
    /** Every Slurm job name the builds submitted, for the final check of the queue. */
    private static final Set<String> JOB_NAMES = new LinkedHashSet<>();

    @BeforeAll
    static void startController() throws Exception {
        Path env = Path.of(System.getenv().getOrDefault("TESTBED_ENV", "/var/lib/slurm-testbed/run/testbed.env"));
        assumeTrue(Files.isReadable(env), "needs the Slurm test bed (testbed/up.sh as root): no " + env);
        controller = LiveController.fresh(Path.of("target", "live-it-home"));
        long began = System.nanoTime();
        controller.start();
        time("start to ready", began);
        jenkins = new JenkinsHttp(controller.url(), "admin", controller.password());
    }

    @AfterAll
    static void stopController() throws Exception {
        if (controller == null) {
            return;
        }
        try {
            controller.stop();
        } catch (Throwable e) {
            controller.kill();
            throw e;
        } finally {
            writeTimings();
            List<String> left = SlurmQueue.jobsNamed(JOB_NAMES);
            SlurmQueue.cancel(JOB_NAMES);
            assertEquals(List.of(), left, "jobs of the builds left in the Slurm queue (now cancelled)");
        }
    }

    @Test
    @Order(1)
    void theFirstBuildPassesWithEachRemoteLineOnce() throws Exception {
        long began = System.nanoTime();
        int number = jenkins.build(JOB, Map.of("OVERRIDES", ""));
        assertEquals(1, number);
        assertEquals("SUCCESS", jenkins.waitForBuild(JOB, number, BUILD_TIMEOUT).path("result").asText());
        time("build 1: trigger to PASS", began);
        String log = logOf(number);
        assertThat(log, containsString("[slurm-evaluate] verdict: PASS (4 of 4 checks passed)"));
        assertEquals(TASKS.size(), Texts.count(log, ": submitted as job "), "one sbatch per task");
        Map<String, List<Integer>> samples = Texts.samples(log);
        for (String task : TASKS) {
            assertEquals(Texts.upTo(SAMPLES), samples.get(task), task + ": each sample line once, in order");
            assertEquals(1, Texts.countLines(log, "[" + task + " client-", "] done: "), task + ": its 'done' line once");
        }
    }

    @Test
    @Order(2)
    void theSecondBuildShowsATrendOverBothBuildsAndTheGatesAsTests() throws Exception {
        int number = jenkins.build(JOB, Map.of("OVERRIDES", ""));
        assertEquals(2, number);
        assertEquals("SUCCESS", jenkins.waitForBuild(JOB, number, BUILD_TIMEOUT).path("result").asText());
        logOf(number);

        String buildPage = jenkins.get("job/" + JOB + "/2/");
        assertThat(buildPage, containsString("Slurm evaluation examples/testbed.yaml"));
        assertThat(buildPage, containsString("<strong>PASS</strong>"));
        Matcher action = Pattern.compile("slurm-evaluate-[0-9a-f]+").matcher(buildPage);
        assertTrue(action.find(), "the build page links the evaluation page");
        String evaluationPage = jenkins.get("job/" + JOB + "/2/" + action.group() + "/");
        assertEquals(List.of("Score", "#1", "#2"), Texts.tableHeadings(evaluationPage, "Trend over the last builds"),
                "the trend's columns");

        JsonNode report = jenkins.json("job/" + JOB + "/2/testReport/api/json");
        assertEquals(0, report.path("failCount").asInt());
        List<String> cases = new ArrayList<>();
        report.path("suites").forEach(s -> s.path("cases").forEach(c -> cases.add(c.path("name").asText())));
        assertThat(cases, hasItems(GATES.toArray(String[]::new)));
    }

    @Test
    @Order(3)
    void anEvaluationResumesAfterTheControllerIsKilledWithOneSubmissionPerTask() throws Exception {
        long began = System.nanoTime();
        int number = jenkins.build(JOB, Map.of("OVERRIDES", LONG_RUN));
        assertEquals(3, number);
        String running = jenkins.waitForLog(JOB, number, "sample 5/" + LONG_SAMPLES + " answered", 1, Duration.ofMinutes(2));
        JOB_NAMES.addAll(Texts.submittedJobNames(running));
        Thread.sleep(Math.max(0, Duration.ofSeconds(17).toMillis() - (System.nanoTime() - began) / 1_000_000));
        controller.kill();
        TIMINGS.put("build 3: killed after", seconds(began));

        long restarted = System.nanoTime();
        controller.start();
        time("restart: start to ready", restarted);
        jenkins.waitForLog(JOB, number, "Resuming build at ", 1, Duration.ofMinutes(2));
        time("restart: start to 'Resuming build'", restarted);
        jenkins.waitForLog(JOB, number, "following invocation ", 2, Duration.ofMinutes(2));
        time("restart: start to re-attached ('following invocation')", restarted);
        assertEquals("SUCCESS", jenkins.waitForBuild(JOB, number, BUILD_TIMEOUT).path("result").asText());
        time("build 3: trigger to PASS across the kill", began);

        String log = logOf(number);
        assertEquals(TASKS.size(), Texts.count(log, ": submitted as job "), "one sbatch per task");
        Map<String, List<Integer>> samples = Texts.samples(log);
        for (String task : TASKS) {
            assertEquals(Texts.upTo(LONG_SAMPLES), samples.get(task), task + ": each sample line once across the kill, in order");
        }
        assertEquals(List.of(), SlurmQueue.jobsNamed(Texts.submittedJobNames(log)), "build 3's jobs left in the queue");
    }

    @Test
    @Order(4)
    void abortingABuildCancelsItsJobs() throws Exception {
        int number = jenkins.build(JOB, Map.of("OVERRIDES", LONG_RUN));
        assertEquals(4, number);
        String running = jenkins.waitForLog(JOB, number, "sample 3/" + LONG_SAMPLES + " answered", 1, Duration.ofMinutes(2));
        List<String> names = Texts.submittedJobNames(running);
        JOB_NAMES.addAll(names);
        assertEquals(TASKS.size(), names.size(), "one sbatch per task");
        assertNotEquals(List.of(), SlurmQueue.jobsNamed(names), "build 4's jobs run");

        long aborted = System.nanoTime();
        int status = jenkins.post("job/" + JOB + "/" + number + "/stop", Map.of()).statusCode();
        assertTrue(status == 200 || status == 302, "stop answered " + status);
        JenkinsHttp.poll(Duration.ofMinutes(1), "build 4's jobs to leave the queue", () -> SlurmQueue.jobsNamed(names),
                List::isEmpty);
        time("build 4: abort to empty queue", aborted);
        assertEquals("ABORTED", jenkins.waitForBuild(JOB, number, BUILD_TIMEOUT).path("result").asText());
        String log = logOf(number);
        assertThat(log, containsString("[slurm-evaluate] cancelled jobs "));
        assertThat(log, containsString(" is left in the queue"));
        assertThat(Texts.submittedJobNames(log), containsInAnyOrder(names.toArray(String[]::new)));
    }

    /** The build's log; its job names join those the final queue check looks for. */
    private static String logOf(int number) throws IOException, InterruptedException {
        String log = jenkins.log(JOB, number);
        JOB_NAMES.addAll(Texts.submittedJobNames(log));
        return log;
    }

    private static void time(String what, long beganNanos) {
        TIMINGS.put(what, seconds(beganNanos));
        System.out.println("[live] " + what + ": " + TIMINGS.get(what));
    }

    private static String seconds(long beganNanos) {
        return String.format("%.1f s", (System.nanoTime() - beganNanos) / 1e9);
    }

    private static void writeTimings() throws IOException {
        StringBuilder s = new StringBuilder();
        TIMINGS.forEach((k, v) -> s.append(k).append(": ").append(v).append('\n'));
        System.out.print("[live] timings\n" + s);
        Files.writeString(Path.of("target", "live-timings.txt"), s, StandardCharsets.UTF_8);
    }
}
