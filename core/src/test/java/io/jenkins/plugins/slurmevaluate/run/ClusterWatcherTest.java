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
