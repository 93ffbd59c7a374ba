package io.jenkins.plugins.slurmevaluate.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test bed's fake OpenAI-compatible server ({@code fake-model-server}), run on this machine for the benchmark's
 * evaluations ({@code deployment: none} points at it). Stopped by its own process handle.
 */
final class FakeModelServer implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://([^:]+):(\\d+)");

    private final Process process;
    private final int port;

    private FakeModelServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static FakeModelServer start(String model) throws IOException {
        Process p = new ProcessBuilder(List.of("fake-model-server", "--host", "127.0.0.1", "--port", "0",
                "--served-model-name", model)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                int port = Integer.parseInt(m.group(2));
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // one line per request; not needed
                        }
                    } catch (IOException ignored) {
                        // stopped
                    }
                }, "fake-model-server output");
                drain.setDaemon(true);
                drain.start();
                return new FakeModelServer(p, port);
            }
        }
        throw new IOException("fake-model-server exited before listening (exit " + p.exitValue() + ")");
    }

    /** The completions URL the evaluations call. */
    String completionsUrl() {
        return "http://127.0.0.1:" + port + "/v1/completions";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
