package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.env.SecretSource;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.run.Evaluator;
import io.jenkins.plugins.slurmevaluate.run.LogSink;
import io.jenkins.plugins.slurmevaluate.run.WatchSettings;
import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * Ports for tests, standing in for one process that drives an evaluation (one Jenkins "life" between restarts): its
 * own scheduler, evaluator and host, a log that records every line, and a future that completes with the outcome.
 * {@link #close()} drops all of it, as a process exit would.
 */
class RecordingPorts implements EvaluationPorts, AutoCloseable {

    /** A line as the log got it. */
    record Line(String kind, String task, String source, String text) {}

    /** How an evaluation ended: exactly one of the three is set. */
    record End(EvaluationResult result, String failure, boolean stopped) {}

    final List<Line> lines = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<End> end = new CompletableFuture<>();
    final List<Path> published = java.util.Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(3);
    private final Evaluator evaluator;
    private final SecretSource secrets;
    private final ClusterProfile profile;
    private final Supplier<RemoteHost> hostFactory;
    private final Path scratchRoot;
    private RemoteHost host;

    RecordingPorts(ClusterProfile profile, SecretSource secrets, Supplier<RemoteHost> hostFactory, Path scratchRoot) {
        this.profile = profile;
        this.secrets = secrets;
        this.hostFactory = hostFactory;
        this.scratchRoot = scratchRoot;
        this.evaluator = new Evaluator(Clock.systemUTC(), scheduler, WatchSettings.defaults()
                .withStatusIntervals(Duration.ofSeconds(1), Duration.ofSeconds(3)));
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public Evaluator evaluator() {
        return evaluator;
    }

    @Override
    public LogSink log() {
        return new LogSink() {
            @Override
            public void remoteLine(String task, String source, String text) {
                lines.add(new Line("remote", task, source, text));
            }

            @Override
            public void info(String text) {
                lines.add(new Line("info", null, null, text));
            }

            @Override
            public void warn(String text) {
                lines.add(new Line("warn", null, null, text));
            }
        };
    }

    @Override
    public SecretSource secrets() {
        return secrets;
    }

    @Override
    public Map<String, String> environment() {
        return Map.of();
    }

    @Override
    public String readFile(String path) throws IOException {
        return Files.readString(Path.of(path));
    }

    @Override
    public ClusterProfile cluster(EvaluationRequest request) {
        return profile;
    }

    @Override
    public synchronized RemoteHost host(EvaluationRequest request, ClusterRef cluster) {
        if (host == null) {
            host = hostFactory.get();
        }
        return host;
    }

    @Override
    public Path scratchDirectory() throws IOException {
        Files.createDirectories(scratchRoot);
        return Files.createTempDirectory(scratchRoot, "scratch");
    }

    @Override
    public void persist(boolean changed, boolean wait) {
        events.add(wait ? "persist-wait" : "persist");
    }

    @Override
    public void publish(EvaluationResult result, Path directory, LogSink log) {
        events.add("publish");
        published.add(directory);
    }

    @Override
    public void finished(EvaluationResult result) {
        events.add("finished");
        end.complete(new End(result, null, false));
    }

    @Override
    public void failed(String message) {
        events.add("failed");
        end.complete(new End(null, message, false));
    }

    @Override
    public void stopped() {
        events.add("stopped");
        end.complete(new End(null, null, true));
    }

    /** Remote lines received so far. */
    List<Line> remoteLines() {
        synchronized (lines) {
            return lines.stream().filter(l -> l.kind().equals("remote")).toList();
        }
    }

    @Override
    public void close() throws IOException {
        evaluator.close();
        scheduler.shutdownNow();
        synchronized (this) {
            if (host != null) {
                host.close();
            }
        }
    }
}
