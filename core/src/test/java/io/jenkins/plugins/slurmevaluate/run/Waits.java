package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Waiting for what the user sees, in end-to-end scenarios. */
final class Waits {

    private Waits() {}

    /** Until the sink has received {@code lines} lines of the link's evaluation log ({@code client-<job>}). */
    static void clientLines(TestbedRun run, String jobId, int lines) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        String source = "client-" + jobId;
        while (new String(run.logs.bytesOf(run.task().id(), source), StandardCharsets.UTF_8).lines().count() < lines) {
            assertThat(Instant.now()).as("%s has %d lines", source, lines).isBefore(deadline);
            Thread.sleep(100);
        }
    }
}
