package io.jenkins.plugins.slurmevaluate.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.FileChunk;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact argv the client sends, and what it makes of the answers, with a scripted host. */
class SlurmClientTest {

    static String row(String... fields) {
        return String.join(SqueueParser.SEP, fields);
    }

    private static final String US = "\u001f";

    private final ScriptedHost host = new ScriptedHost();
    private final SlurmClient slurm = new SlurmClient(host, Duration.ofSeconds(7));

    @Test
    void submitSendsOptionsBeforeTheScriptAndReturnsTheId() throws Exception {
        host.answer(0, "42\n", "");
        String id = slurm.submit("/home/u/run dir/run.sub",
                List.of("--dependency=afternotok:41", "--comment=token 'x' $y", "--job-name=acct-sub.mmlu.0"));
        assertThat(id).isEqualTo("42");
        assertThat(host.takeCommand()).containsExactly("sbatch", "--parsable", "--dependency=afternotok:41",
                "--comment=token 'x' $y", "--job-name=acct-sub.mmlu.0", "/home/u/run dir/run.sub");
        assertThat(host.timeouts).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void aScriptPathThatLooksLikeAnOptionIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> slurm.submit("--wrap=rm -rf ~", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(host.commands).isEmpty();
    }

    @Test
    void aRefusedSubmissionIsASubmissionFailedException() {
        host.answer(1, "", "sbatch: error: Batch job submission failed: Invalid account or account/partition "
                + "combination specified\n");
        assertThatThrownBy(() -> slurm.submit("run.sub", List.of("-A", "nosuch")))
                .isInstanceOf(SubmissionFailedException.class)
                .hasMessageContaining("Invalid account");
    }

    @Test
    void accountingAsksOneSacctCallForAllJobsWithAnExplicitFormat() throws IOException {
        host.answer(0, String.join(US, "12", "COMPLETED", "0:0", "00:00:03", "3", "2026-11-25T20:43:26",
                "2026-11-25T20:43:27", "2026-11-25T20:43:30", "a|b", "") + "\n", "");
        List<AccountingEntry> rows = slurm.accounting(List.of("12", "13", "12", "14_2"));
        assertThat(host.takeCommand()).containsExactly("env", "SLURM_TIME_FORMAT=standard", "sacct", "-P", "-n",
                "--delimiter=" + US, "--format=JobID,State,ExitCode,Elapsed,ElapsedRaw,Submit,Start,End,JobName,Comment",
                "-j", "12,13,14_2");
        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.state()).isEqualTo(JobState.COMPLETED);
            assertThat(r.name()).isEqualTo("a|b");
        });
    }

    @Test
    void historyAddsDuplicatesSinceAStartTime() throws IOException {
        host.answer(0, "", "");
        slurm.accountingHistory(List.of("6"), LocalDateTime.of(2026, 11, 25, 20, 43, 0, 123));
        assertThat(host.takeCommand()).containsSubsequence("-D", "-S", "2026-11-25T20:43:00", "-j", "6");
    }

    @Test
    void aFailingSacctIsAnIoExceptionWithSlurmsMessageNeverAnEmptyAnswer() {
        host.answer(1, "", "sacct: error: Problem talking to the database: Connection refused\n");
        assertThatThrownBy(() -> slurm.accounting(List.of("12")))
                .isInstanceOf(IOException.class)
                .hasMessage("sacct failed on scripted (exit 1): sacct: error: Problem talking to the database: "
                        + "Connection refused (is slurmdbd reachable, and accounting enabled?)");
    }

    @Test
    void queueListsOurJobsOnceAndKeepsOnlyTheAskedOnesWithTheirArrayTasks() throws IOException {
        host.answer(0, String.join("\n",
                row("28", "CANCELLED", "None", "0:05", "1:00", "(null)", "eval-28", "(null)"),
                row("30_[1-3]", "PENDING", "BeginTime", "0:00", "1:00", "(null)", "eval-30", "(null)"),
                row("9_1", "COMPLETED", "None", "0:02", "1:00", "(null)", "eval-9", "(null)"),
                row("9_2", "RUNNING", "None", "0:02", "1:00", "(null)", "eval-9", "(null)"),
                row("8", "PENDING", "DependencyNeverSatisfied", "0:00", "1:00", "afterok:7(failed)", "eval-8", "(null)"),
                ""
            ) + "\n", "");
        List<QueueEntry> entries = slurm.queue(List.of("9", "30", "8", "99999"));
        assertThat(host.takeCommand())
                .containsExactly("squeue", "--me", "-h", "-t", "all", "-o", SqueueParser.FORMAT);
        assertThat(entries).extracting(QueueEntry::jobId).containsExactly("30_[1-3]", "9_1", "9_2", "8");
    }

    @Test
    void aSingleArrayTaskCanBeAskedForAlone() throws IOException {
        host.answer(0, row("9_1", "COMPLETED", "None", "0:02", "1:00", "(null)", "a", "(null)") + "\n"
                + row("9_2", "RUNNING", "None", "0:02", "1:00", "(null)", "a", "(null)") + "\n", "");
        assertThat(slurm.queue(List.of("9_2"))).extracting(QueueEntry::jobId).containsExactly("9_2");
    }

    @Test
    void noIdsMeansNoCommand() throws IOException {
        assertThat(slurm.queue(List.of())).isEmpty();
        assertThat(slurm.accounting(List.of())).isEmpty();
        slurm.cancel(List.of());
        assertThat(host.commands).isEmpty();
    }

    @Test
    void cancelSendsEveryIdInOneScancel() throws IOException {
        host.answer(0, "", "");
        slurm.cancel(List.of("12", "13_[1-3]", "99999"));
        assertThat(host.takeCommand()).containsExactly("scancel", "12", "13_[1-3]", "99999");
    }

    @Test
    void anIdThatCouldBeReadAsAnOptionIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> slurm.cancel(List.of("12", "-u")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a Slurm job id: '-u'");
        assertThatThrownBy(() -> slurm.accounting(List.of("12,13")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(host.commands).isEmpty();
    }

    @Test
    void aFailingSqueueIsAnIoException() {
        host.answer(1, "", "slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n");
        assertThatThrownBy(() -> slurm.queue(List.of("1", "2")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("squeue failed on scripted (exit 1): slurm_load_jobs error: Unable to contact");
    }

    /** Answers each exec with the next scripted result and records the argv. */
    private static final class ScriptedHost implements RemoteHost {
        final Deque<ExecResult> answers = new ArrayDeque<>();
        final Deque<List<String>> commands = new ArrayDeque<>();
        final List<Duration> timeouts = new ArrayList<>();

        void answer(int exit, String stdout, String stderr) {
            answers.add(new ExecResult(exit, stdout, stderr));
        }

        List<String> takeCommand() {
            return commands.removeFirst();
        }

        @Override
        public ExecResult exec(List<String> argv, Duration timeout) {
            commands.add(List.copyOf(argv));
            timeouts.add(timeout);
            return answers.removeFirst();
        }

        @Override
        public ExecResult execStreaming(List<String> argv, OutputStream stdout, Duration timeout) {
            throw new UnsupportedOperationException();
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
}
