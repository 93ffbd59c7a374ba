package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogStreamerTest {

    @TempDir
    Path tmp;

    private final ProcessHost host = new ProcessHost();
    private final RecordingSink sink = new RecordingSink();
    private Path logs;
    private RunRecord record;

    @BeforeEach
    void setUp() throws IOException {
        Path taskDir = tmp.resolve("inv/hellaswag.0");
        logs = Files.createDirectories(taskDir.resolve("logs"));
        TaskRecord t = TaskRecord.planned("hellaswag", 0, taskDir.toString(), "job").withJobIds(List.of("12"));
        record = new RunRecord(RunRecord.SCHEMA, "0123456789abcdef", Instant.now(), new ClusterRef(null, "h", 22, "u", true),
                "x.yaml", tmp.resolve("inv").toString(), List.of(), List.of(), null, RunRecord.Phase.WATCHING, List.of(t), null, null);
    }

    private void append(String file, String text) throws IOException {
        Files.writeString(logs.resolve(file), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private RunRecord poll(RunRecord r) throws IOException {
        return new LogStreamer(host, sink, Duration.ofSeconds(10)).poll(r);
    }

    @Test
    void onlyCompleteLinesArePrintedAndAPartialLineWaitsForItsNewline() throws IOException {
        append("slurm-12.log", "one\ntw");
        record = poll(record);
        assertThat(sink.linesOf("hellaswag.0", "slurm-12")).containsExactly("one");
        append("slurm-12.log", "o\nthree\n");
        record = poll(record);
        assertThat(sink.linesOf("hellaswag.0", "slurm-12")).containsExactly("one", "two", "three");
        assertThat(record.tasks().get(0).logOffset(logs.resolve("slurm-12.log").toString())).isEqualTo(14);
    }

    @Test
    void aNewProcessWithTheSavedRecordContinuesWithoutLossOrRepetition() throws IOException {
        StringBuilder expected = new StringBuilder();
        for (int round = 0; round < 20; round++) {
            String chunk = "line " + round + " é€🚀 '$`\\\n" + (round % 3 == 0 ? "half-" : "");
            append("client-12.log", chunk);
            expected.append(chunk);
            record = poll(record); // every poll is as good as a fresh process: only the record carries state
        }
        append("client-12.log", "end\n");
        expected.append("end\n");
        record = poll(record);
        String printed = String.join("\n", sink.linesOf("hellaswag.0", "client-12")) + "\n";
        assertThat(printed).isEqualTo(expected.toString());
    }

    @Test
    void theLastLineWithoutNewlineIsPrintedOnceTheChainHasStopped() throws IOException {
        append("slurm-12.log", "done\nno newline at end");
        record = poll(record);
        assertThat(sink.linesOf("hellaswag.0", "slurm-12")).containsExactly("done");
        record = record.withTask(0, t -> t.withStop("completed", null));
        record = poll(record);
        record = poll(record);
        assertThat(sink.linesOf("hellaswag.0", "slurm-12")).containsExactly("done", "no newline at end");
    }

    @Test
    void everyFileOfTheCurrentAndPreviousLinkIsFollowedButNoOtherJobs() throws IOException {
        record = record.withTask(0, t -> TaskRecord.planned(t.name(), 0, t.taskDir(), "job").withJobIds(List.of("2", "12", "13")));
        append("slurm-12.log", "s12\n");
        append("slurm-13.log", "s13\n");
        append("server-0-13-0.log", "server rank 0\n");
        append("judge-server-13-0.log", "judge\n");
        append("slurm-113.log", "other job\n");
        append("slurm-3.log", "other job\n");
        record = poll(record);
        assertThat(sink.remote).containsExactlyInAnyOrder("hellaswag.0 slurm-12 s12", "hellaswag.0 slurm-13 s13",
                "hellaswag.0 server-0-13-0 server rank 0", "hellaswag.0 judge-server-13-0 judge");
        assertThat(host.execs).hasValue(1);
    }

    @Test
    void aLineLongerThanTheReadLimitIsPrintedInPiecesInsteadOfStalling() throws IOException {
        append("slurm-12.log", "x".repeat(25) + "\n");
        LogStreamer small = new LogStreamer(host, sink, Duration.ofSeconds(10), 10);
        for (int i = 0; i < 4; i++) {
            record = small.poll(record);
        }
        assertThat(String.join("", sink.linesOf("hellaswag.0", "slurm-12"))).isEqualTo("x".repeat(25));
    }

    @Test
    void maskingReplacesSecretsAndEachLineOfAMultiLineSecret() throws IOException {
        LogSink masked = LogSink.masking(sink, List.of("hf_SeCrEt", "first-line\nsecond-line", "ab"));
        append("slurm-12.log", "token=hf_SeCrEt;\nfirst-line\nsecond-line ok\nab stays\n");
        new LogStreamer(host, masked, Duration.ofSeconds(10)).poll(record);
        masked.info("using hf_SeCrEt");
        assertThat(sink.linesOf("hellaswag.0", "slurm-12")).containsExactly("token=****;", "****", "**** ok", "ab stays");
        assertThat(sink.info).containsExactly("using ****");
    }

    @Test
    void noLogsYetIsNotAnError() throws IOException {
        RunRecord same = poll(record);
        assertThat(sink.remote).isEmpty();
        assertThat(same).isEqualTo(record);
    }

    @Test
    void oneReadSharedByTwoRunsGivesEachRunOnlyItsOwnLinesAndOffsets() throws IOException {
        Path otherDir = tmp.resolve("inv2/gsm8k.0");
        Path otherLogs = Files.createDirectories(otherDir.resolve("logs"));
        TaskRecord t = TaskRecord.planned("gsm8k", 0, otherDir.toString(), "job2").withJobIds(List.of("40"));
        RunRecord other = new RunRecord(RunRecord.SCHEMA, "fedcba9876543210", Instant.now(), new ClusterRef(null, "h", 22, "u", true),
                "y.yaml", tmp.resolve("inv2").toString(), List.of(), List.of(), null, RunRecord.Phase.WATCHING, List.of(t), null, null);
        append("slurm-12.log", "mine\n");
        Files.writeString(otherLogs.resolve("slurm-40.log"), "theirs\npartial");
        RecordingSink otherSink = new RecordingSink();
        LogStreamer mine = new LogStreamer(host, sink, Duration.ofSeconds(10));
        LogStreamer theirs = new LogStreamer(host, otherSink, Duration.ofSeconds(10));

        LogStreamer.Request a = LogStreamer.request(record);
        LogStreamer.Request b = LogStreamer.request(other);
        List<LogTail.Link> links = new java.util.ArrayList<>(a.links());
        links.addAll(b.links());
        java.util.Map<String, Long> offsets = new java.util.HashMap<>(a.offsets());
        offsets.putAll(b.offsets());
        List<LogTail.Chunk> chunks = LogTail.read(host, links, offsets, LogStreamer.MAX_BYTES, Duration.ofSeconds(10));
        record = mine.apply(record, chunks);
        other = theirs.apply(other, chunks);

        assertThat(host.execs).as("one command for both runs").hasValue(1);
        assertThat(sink.remote).containsExactly("hellaswag.0 slurm-12 mine");
        assertThat(otherSink.remote).containsExactly("gsm8k.0 slurm-40 theirs");
        assertThat(record.tasks().get(0).logOffsets()).containsOnlyKeys(logs.resolve("slurm-12.log").toString());
        assertThat(other.tasks().get(0).logOffset(otherLogs.resolve("slurm-40.log").toString())).isEqualTo(7);
    }

    @Test
    void logReadsAreGroupedUpToTheLinkLimitAndABigRunGoesAlone() {
        RunWatch one = new RunWatch(record, sink, r -> {}, null, null);
        RunRecord three = record.withTask(0, x -> x.withJobIds(List.of("13")));
        RunRecord big = new RunRecord(record.schema(), record.invocationId(), record.createdAt(), record.cluster(), "x.yaml",
                record.invocationDir(), List.of(), List.of(), null, RunRecord.Phase.WATCHING,
                List.of(record.tasks().get(0), TaskRecord.planned("b", 1, "/d/b.1", "j").withJobIds(List.of("7", "8")),
                        TaskRecord.planned("c", 2, "/d/c.2", "j").withJobIds(List.of("9"))), null, null);
        RunWatch two = new RunWatch(three, sink, r -> {}, null, null); // links 12 and 13
        RunWatch five = new RunWatch(big, sink, r -> {}, null, null); // 1 + 2 + 1 = 4 links

        assertThat(ClusterWatcher.logGroups(List.of(one, two, one, five, one), 3))
                .containsExactly(List.of(one, two), List.of(one), List.of(five), List.of(one));
        assertThat(ClusterWatcher.logGroups(List.of(one, one, one), ClusterWatcher.LOG_LINKS_PER_READ))
                .containsExactly(List.of(one, one, one));
    }
}
