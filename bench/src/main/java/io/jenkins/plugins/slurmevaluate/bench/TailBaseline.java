package io.jenkins.plugins.slurmevaluate.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * P4's baseline: {@code ssh HOST tail -n +1 -F FILE}, which pushes each line as it is written, with each emitter
 * line's arrival latency taken the same way as in the sink. Stopped by destroying its own process.
 */
final class TailBaseline implements AutoCloseable {

    private final Process process;
    private final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    private TailBaseline(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "tail baseline");
        reader.setDaemon(true);
        reader.start();
    }

    static TailBaseline start(String sshAlias, String file) throws IOException {
        return new TailBaseline(new ProcessBuilder("ssh", sshAlias, "tail", "-n", "+1", "-F", file)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start());
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Instant now = Instant.now();
                if (line.startsWith("bench-line ")) {
                    long written = Long.parseLong(line.split(" ", 4)[2]);
                    latencies.add((now.getEpochSecond() * 1_000_000_000L + now.getNano() - written) / 1e6);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process was stopped
        }
    }

    /** Waits until {@code n} lines have arrived, or {@code seconds}. */
    void awaitLines(int n, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (latencies.size() < n && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    double[] latencies() {
        synchronized (latencies) {
            return latencies.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
