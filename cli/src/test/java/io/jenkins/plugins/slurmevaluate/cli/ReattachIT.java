package io.jenkins.plugins.slurmevaluate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance scenario h: the process that runs an evaluation is SIGKILLed mid-run; {@code logs} prints what is new
 * since, and {@code logs -f} from a new process goes on from the saved offsets to the verdict. Together the three
 * printed every byte of every remote log exactly once, the job completed, and the task was submitted once.
 */
@Tag("testbed")
class ReattachIT {

    private static final Pattern REMOTE = Pattern.compile("^\\[(\\S+) (\\S+)\\] (.*)$");

    @TempDir
    Path dir;

    @Test
    void aKilledRunIsFollowedOnByANewProcessWithoutLosingOrRepeatingALogByte() throws Exception {
        try (TestbedCli tb = new TestbedCli("reattach", dir)) {
            List<String> args = tb.run("--tasks", "gsm8k");
            args.addAll(TestbedCli.slow(20));
            long t0 = System.nanoTime();
            CliProcess first = tb.start(args);
            String id = first.awaitLine(Pattern.compile("invocation ([0-9a-f]{16}):"), Duration.ofSeconds(60));
            first.awaitCount(l -> l.matches("\\[gsm8k\\.1 client-\\d+\\] sample \\d+/20 .*"), 5, Duration.ofMinutes(3));
            Thread.sleep(ThreadLocalRandom.current().nextInt(1500)); // anywhere in the poll cycle
            first.sigkill();
            first.waitFor(Duration.ofSeconds(30));
            long killedAt = System.nanoTime();

            Thread.sleep(2000);
            CliRun glance = tb.inProcess(tb.on("logs", id)); // prints what is new since the kill, and exits
            assertThat(glance.exitCode()).as(glance.err()).isZero();
            assertThat(glance.err()).contains("invocation " + id + " (WATCHING)").contains("follow with 'slurm-evaluate logs -f");
            CliProcess second = tb.start(tb.on("logs", id.substring(0, 8), "-f"));
            int code = second.waitFor(Duration.ofMinutes(4));
            System.out.printf("[cli] ReattachIT: first process killed after %.1f s, logs -f took %.1f s more%n",
                    (killedAt - t0) / 1e9, (System.nanoTime() - killedAt) / 1e9);

            assertThat(code).as(String.join("\n", second.stderr())).isEqualTo(ExitCode.PASS);
            assertThat(String.join("\n", second.stdout())).contains("slurm-evaluate: PASS");
            RunRecord record = tb.record(id);
            TaskRecord task = record.tasks().get(0);
            assertThat(task.stop()).isEqualTo("completed");
            assertThat(task.jobIds()).hasSize(1);
            // one submission: apart from the first link only its queued successor, cancelled before it ever ran
            List<String> jobs = tb.accounted(task.jobName());
            assertThat(jobs).filteredOn(j -> !j.contains("|CANCELLED")).containsExactly(task.jobIds().get(0) + "|COMPLETED");

            Map<String, StringBuilder> streamed = new LinkedHashMap<>();
            int firstLines = collect(first.stdout(), streamed);
            int glanceLines = collect(glance.out().lines().toList(), streamed);
            int secondLines = collect(second.stdout(), streamed);
            System.out.printf("[cli] ReattachIT: %d lines streamed before SIGKILL, %d by logs, %d by logs -f%n", firstLines,
                    glanceLines, secondLines);
            assertThat(firstLines).isPositive();
            assertThat(glanceLines).isPositive();
            assertThat(secondLines).isPositive();
            Path logs = dir.resolve("results").resolve(Path.of(task.taskDir()).getFileName().toString()).resolve("logs");
            List<String> files = new ArrayList<>();
            try (Stream<Path> s = Files.list(logs)) {
                s.sorted().forEach(p -> files.add(p.getFileName().toString()));
            }
            assertThat(files).isNotEmpty();
            for (String file : files) {
                String remote = Files.readString(logs.resolve(file), StandardCharsets.UTF_8);
                String source = file.substring(0, file.length() - ".log".length());
                StringBuilder printed = streamed.remove("gsm8k.1 " + source);
                assertThat(printed).as("lines streamed from " + file).isNotNull();
                assertThat(printed.toString()).as(file + ": streamed by the killed process and then by logs -f")
                        .isEqualTo(remote.endsWith("\n") ? remote : remote + "\n");
            }
            assertThat(streamed).as("streamed lines of files that do not exist").isEmpty();
        }
    }

    /** Adds each {@code [task source] text} line to its source's text; returns how many there were. */
    private static int collect(List<String> stdout, Map<String, StringBuilder> bySource) {
        int n = 0;
        for (String line : stdout) {
            Matcher m = REMOTE.matcher(line);
            if (m.matches()) {
                bySource.computeIfAbsent(m.group(1) + " " + m.group(2), k -> new StringBuilder()).append(m.group(3)).append('\n');
                n++;
            }
        }
        return n;
    }
}
