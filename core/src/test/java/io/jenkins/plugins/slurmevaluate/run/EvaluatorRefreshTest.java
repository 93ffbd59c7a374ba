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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Evaluator#refresh} and {@link Evaluator#readLogs} (one look at a run, for the status and logs commands), and
 * {@link Evaluator#submitRest} (finishing a submission a crash interrupted).
 */
class EvaluatorRefreshTest {

    private static final String SEP = "\u001f";

    @TempDir
    Path tmp;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final RecordingSink sink = new RecordingSink();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /**
     * Runs the chain-file and log scripts here; answers squeue from {@link #queue}, sacct with nothing; keeps scancel
     * and sbatch, which answers job ids from 70 on.
     */
    private static final class ScriptedSlurm implements RemoteHost {
        final ProcessHost local = new ProcessHost();
        final List<String> queue = new ArrayList<>();
        final List<List<String>> cancels = new ArrayList<>();
        final List<List<String>> submits = new ArrayList<>();
        final List<List<String>> scripts = new ArrayList<>();

        @Override
        public ExecResult execStreaming(List<String> argv, OutputStream stdout, Duration timeout) throws IOException {
            return switch (argv.get(0)) {
                case "squeue" -> {
                    stdout.write(String.join("\n", queue).getBytes(StandardCharsets.UTF_8));
                    yield new ExecResult(0, "", "");
                }
                case "env" -> new ExecResult(0, "", ""); // sacct
                case "scancel" -> {
                    cancels.add(argv);
                    yield new ExecResult(0, "", "");
                }
                case "sbatch" -> {
                    submits.add(argv);
                    stdout.write((69 + submits.size() + "\n").getBytes(StandardCharsets.UTF_8));
                    yield new ExecResult(0, "", "");
                }
                default -> {
                    scripts.add(argv);
                    yield local.execStreaming(argv, stdout, timeout);
                }
            };
        }

        @Override
        public ExecResult exec(List<String> argv, Duration timeout) throws IOException {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            ExecResult r = execStreaming(argv, out, timeout);
            return new ExecResult(r.exitCode(), out.toString(StandardCharsets.UTF_8), r.stderr());
        }

        @Override
        public void writeFile(String path, byte[] content, int mode) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileChunk readFile(String path, long offset, int maxBytes) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String describe() {
            return "scripted";
        }

        @Override
        public void close() {}
    }

    private RunRecord record(String... taskNames) throws IOException {
        List<TaskRecord> tasks = new ArrayList<>();
        for (int i = 0; i < taskNames.length; i++) {
            Path dir = Files.createDirectories(tmp.resolve("inv").resolve(taskNames[i] + "." + i).resolve("logs"));
            tasks.add(TaskRecord.planned(taskNames[i], i, dir.getParent().toString(), "job-" + taskNames[i])
                    .withJobIds(List.of(String.valueOf(12 + i))).withState("PENDING").withLastAlive(Instant.now()));
        }
        return new RunRecord(RunRecord.SCHEMA, "0123456789abcdef", Instant.now(), new ClusterRef(null, "h", 22, "u", true),
                "x.yaml", tmp.resolve("inv").toString(), List.of(), List.of(), null, RunRecord.Phase.WATCHING, tasks, null, null);
    }

    private static String row(String id, String state, String reason, String name) {
        return String.join(SEP, id, state, reason, "0:05", "10:00", "", name, "");
    }

    @Test
    void refreshShowsEachChainAsItIsNowAndCancelsNothing() throws Exception {
        RunRecord r = record("ifeval", "gsm8k");
        Files.writeString(Path.of(r.tasks().get(1).taskDir(), ".chain_status"),
                "1700000000 13 started link=1\n1700000100 13 exit code=0\n1700000100 13 stopped reason=completed\n");
        ScriptedSlurm host = new ScriptedSlurm();
        host.queue.add(row("12", "RUNNING", "None", "job-ifeval"));
        host.queue.add(row("14", "PENDING", "DependencyNeverSatisfied", "job-gsm8k"));
        try (Evaluator evaluator = new Evaluator(Clock.systemUTC(), scheduler, WatchSettings.defaults())) {
            RunRecord now = evaluator.refresh(r, host, sink);

            assertThat(now.tasks().get(0).state()).isEqualTo("RUNNING");
            assertThat(now.tasks().get(0).chainStopped()).isFalse();
            assertThat(now.tasks().get(1).stop()).isEqualTo("completed");
            assertThat(host.cancels).isEmpty();
        }
    }

    @Test
    void theEvaluatorsProgressIsReadInTheSameCommandAsTheChainFilesOfEveryTask() throws Exception {
        RunRecord r = record("ifeval", "gsm8k", "mmlu");
        Files.createDirectories(Path.of(r.tasks().get(0).taskDir(), "artifacts"));
        Files.writeString(Path.of(r.tasks().get(0).taskDir(), "artifacts", "progress"), "17\n");
        Files.createDirectories(Path.of(r.tasks().get(1).taskDir(), "artifacts"));
        Files.writeString(Path.of(r.tasks().get(1).taskDir(), "artifacts", "progress"), "1"); // half written: 1 of 12
        ScriptedSlurm host = new ScriptedSlurm();
        host.queue.add(row("12", "RUNNING", "None", "job-ifeval"));
        try (Evaluator evaluator = new Evaluator(Clock.systemUTC(), scheduler, WatchSettings.defaults())) {
            RunRecord now = evaluator.refresh(r, host, sink);

            assertThat(now.tasks()).extracting(TaskRecord::progress).containsExactly(17, 1, null);
            assertThat(now.tasks().get(0).requestsDone()).isEqualTo("requests done 17");
            assertThat(now.tasks().get(2).requestsDone()).isNull();
            assertThat(RunWatch.requestsDone(now)).isEqualTo(", requests done 18");
            assertThat(RunWatch.requestsDone(r)).isEmpty();
            assertThat(host.scripts).as("one remote command reads every task's files").hasSize(1);
        }
    }

    @Test
    void aProgressFileThatIsNotACountShowsNoNumber() throws Exception {
        RunRecord r = record("ifeval").withTask(0, t -> t.withProgress(5));
        Files.createDirectories(Path.of(r.tasks().get(0).taskDir(), "artifacts"));
        Files.writeString(Path.of(r.tasks().get(0).taskDir(), "artifacts", "progress"), "unknown");
        try (Evaluator evaluator = new Evaluator(Clock.systemUTC(), scheduler, WatchSettings.defaults())) {
            assertThat(evaluator.refresh(r, new ScriptedSlurm(), sink).tasks().get(0).progress()).isNull();
        }
    }

    @Test
    void readLogsPrintsWhatIsNewOnceAndMovesTheOffsets() throws Exception {
        RunRecord r = record("ifeval");
        Path log = Path.of(r.tasks().get(0).taskDir(), "logs", "slurm-12.log");
        Files.writeString(log, "one\ntwo\n");
        try (Evaluator evaluator = new Evaluator(Clock.systemUTC(), scheduler, WatchSettings.defaults())) {
            RunRecord after = evaluator.readLogs(r, new ProcessHost(), sink);
            RunRecord again = evaluator.readLogs(after, new ProcessHost(), sink);

            assertThat(sink.linesOf("ifeval.0", "slurm-12")).containsExactly("one", "two");
            assertThat(again.tasks().get(0).logOffset(log.toString())).isEqualTo(8);
        }
    }

    @Test
    void submitRestFindsWhatWasSubmittedAndSubmitsOnlyTheTasksWithoutAJob() throws Exception {
        RunRecord r = record("ifeval", "gsm8k", "mmlu");
        // the crash came after gsm8k's sbatch and before its id was saved, and before mmlu's sbatch
        r = r.withTask(1, t -> TaskRecord.planned(t.name(), t.index(), t.taskDir(), t.jobName()))
                .withTask(2, t -> TaskRecord.planned(t.name(), t.index(), t.taskDir(), t.jobName()))
                .withPhase(RunRecord.Phase.SUBMITTING, "submitting");
        ScriptedSlurm host = new ScriptedSlurm();
        host.queue.add(row("12", "RUNNING", "None", "job-ifeval"));
        host.queue.add(row("40", "PENDING", "Priority", "job-gsm8k"));
        List<RunRecord> saved = new ArrayList<>();
        try (Evaluator evaluator = new Evaluator(Clock.systemUTC(), scheduler, WatchSettings.defaults())) {
            RunRecord done = evaluator.submitRest(r, host, saved::add, sink);

            assertThat(host.submits).hasSize(1).first().asString().contains(r.tasks().get(2).taskDir() + "/run.sub");
            assertThat(done.tasks()).extracting(TaskRecord::currentJobId).containsExactly("12", "40", "70");
            assertThat(done.phase()).isEqualTo(RunRecord.Phase.WATCHING);
            assertThat(saved).last().isEqualTo(done);
            assertThat(saved).anySatisfy(s -> assertThat(s.tasks().get(2).jobIds()).containsExactly("70"));
        }
    }
}
