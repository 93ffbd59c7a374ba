package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.FileChunk;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class ClusterWatcherTest {

    /** A host whose connection just dropped in the middle of a command that carried a script, as SSH reports it. */
    private static final class DroppedHost implements RemoteHost {
        @Override
        public ExecResult exec(List<String> argv, Duration timeout) throws IOException {
            throw new IOException("the connection to u@h:22 dropped while `bash -c 'max=$1; np=$2; shift 2\\n"
                    .replace("\\n", "\n") + "pats=(...)` was running (the session is down); it may or may not have run to the end.");
        }

        @Override
        public ExecResult execStreaming(List<String> argv, OutputStream stdout, Duration timeout) throws IOException {
            return exec(argv, timeout);
        }

        @Override
        public void writeFile(String path, byte[] content, int mode) {}

        @Override
        public FileChunk readFile(String path, long offset, int maxBytes) {
            return FileChunk.absent();
        }

        @Override
        public String describe() {
            return "u@h:22";
        }

        @Override
        public void close() {}
    }

    /** A clock that stands still until a test moves it. */
    private static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-07T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static RunRecord watchedRecord() {
        TaskRecord t = TaskRecord.planned("hellaswag", 0, "/e/inv/hellaswag.0", "job").withJobIds(List.of("12"));
        return new RunRecord(RunRecord.SCHEMA, "0123456789abcdef", Instant.now(), new ClusterRef(null, "h", 22, "u", false),
                "x.yaml", "/e/inv", List.of(), List.of(), null, RunRecord.Phase.WATCHING, List.of(t), null, null);
    }

    private static WatchSettings fast(Duration grace) {
        return new WatchSettings(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(5), Duration.ofMillis(20),
                1.5, grace, Duration.ofSeconds(1));
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    @Test
    void anOutageLongerThanTheGraceFailsTheWatch() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        ManualClock clock = new ManualClock();
        RecordingSink sink = new RecordingSink();
        try (ClusterWatcher watcher = new ClusterWatcher(new DroppedHost(), scheduler, clock, fast(Duration.ofMinutes(30)))) {
            Watch w = watcher.watch(watchedRecord(), sink, r -> {});
            await(() -> !sink.warnings.isEmpty());
            clock.advance(Duration.ofMinutes(31));
            await(() -> w.done().isDone());
            assertThat(w.done()).isCompletedExceptionally();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void withAGraceThatNeverEndsAnOutageIsNarratedAgainButNeverFailsTheWatch() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        ManualClock clock = new ManualClock();
        RecordingSink sink = new RecordingSink();
        try (ClusterWatcher watcher = new ClusterWatcher(new DroppedHost(), scheduler, clock, fast(WatchSettings.FOREVER))) {
            Watch w = watcher.watch(watchedRecord(), sink, r -> {});
            await(() -> !sink.warnings.isEmpty());
            assertThat(sink.warnings.get(0)).endsWith("; retrying until it answers (the jobs go on meanwhile; abort to stop "
                    + "waiting)");
            assertThat(w.status()).startsWith("cluster unreachable since 2026-12-07T10:00:00Z; 0 running, 0 of 1 finished");
            clock.advance(Duration.ofHours(5));
            await(() -> sink.warnings.size() >= 2);
            Thread.sleep(100); // several more polls, still in the same reminder interval
            assertThat(sink.warnings).hasSize(2);
            assertThat(sink.warnings.get(1)).startsWith("u@h:22 still not answering after 300 min (").endsWith("; still retrying");
            assertThat(w.done()).isNotDone();
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void aDroppedConnectionIsNarratedOnOneLineEvenWhenTheFailedCommandQuotedAScript() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        RecordingSink sink = new RecordingSink();
        TaskRecord t = TaskRecord.planned("hellaswag", 0, "/e/inv/hellaswag.0", "job").withJobIds(List.of("12"));
        RunRecord record = new RunRecord(RunRecord.SCHEMA, "0123456789abcdef", Instant.now(), new ClusterRef(null, "h", 22, "u", false),
                "x.yaml", "/e/inv", List.of(), List.of(), null, RunRecord.Phase.WATCHING, List.of(t), null, null);
        try (ClusterWatcher watcher = new ClusterWatcher(new DroppedHost(), scheduler, Clock.systemUTC(), WatchSettings.defaults())) {
            watcher.watch(record, sink, r -> {});
            for (int i = 0; i < 200 && sink.warnings.isEmpty(); i++) {
                Thread.sleep(10);
            }
        } finally {
            scheduler.shutdownNow();
        }
        assertThat(sink.warnings).containsExactly("u@h:22 is not answering (the connection to u@h:22 dropped while `bash -c "
                + "'max=$1; np=$2; shift 2 … pats=(...)` was running (the session is down); it may or may not have run to the end.); "
                + "retrying for up to 30 min");
    }
}
