package io.jenkins.plugins.slurmevaluate.jenkins.live;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The test bed's Slurm queue, asked locally (the test bed runs on this machine; the tests run as root). */
final class SlurmQueue {

    private SlurmQueue() {}

    /** "id name state" of every queued or running job with one of these names. */
    static List<String> jobsNamed(Collection<String> names) throws IOException, InterruptedException {
        if (names.isEmpty()) {
            return List.of();
        }
        return run("squeue", "-h", "-o", "%i %j %T", "-n", String.join(",", names)).lines().filter(l -> !l.isBlank()).toList();
    }

    /** Cancels every job with one of these names (a clean-up; the tests assert the plugin did it). */
    static void cancel(Collection<String> names) throws IOException, InterruptedException {
        if (!names.isEmpty()) {
            run("scancel", "-n", String.join(",", names));
        }
    }

    private static String run(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
        return out;
    }
}
