package io.jenkins.plugins.slurmevaluate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real {@code squeue --me -h -t all -o FORMAT} output from the test bed (Slurm 22.05), fields joined by the unit separator. */
class SqueueParserTest {

    static String row(String... fields) {
        return String.join(SqueueParser.SEP, fields);
    }

    static final String QUEUE = String.join("\n",
            row("28", "CANCELLED", "None", "0:05", "1:00", "(null)", "eval-28", "(null)"),
            row("18", "CANCELLED", "JobHeldUser", "0:00", "1:00", "(null)", "eval-18", "$HOME `id` %A ! ;&|<>"),
            row("19", "CANCELLED", "JobHeldUser", "0:00", "1:00", "(null)", "eval-19", ""),
            row("20", "CANCELLED", "JobHeldUser", "0:00", "1:00", "(null)", "eval-20", "tab\tx  two  spaces"),
            row("29", "COMPLETED", "None", "0:00", "1:00", "(null)", "eval-29", "run=abc 'quoted'"),
            row("27", "OUT_OF_MEMORY", "OutOfMemory", "0:01", "1:00", "(null)", "eval-27", "(null)"),
            row("30_[1-3]", "PENDING", "BeginTime", "0:00", "1:00", "(null)", "eval-30", "(null)"),
            row("26", "TIMEOUT", "TimeLimit", "1:26", "1:00", "(null)", "eval-26", "(null)"),
            row("6", "RUNNING", "None", "0:03", "2:00", "(null)", "eval-6", "tok|en 1"),
            row("7", "FAILED", "NonZeroExitCode", "0:00", "1:00", "(null)", "eval-7", "(null)"),
            row("8", "PENDING", "DependencyNeverSatisfied", "0:00", "1:00", "afterok:7(failed)", "eval-8", "(null)"),
            row("9_1", "COMPLETED", "None", "0:02", "1:00", "(null)", "eval-9", "(null)"),
            row("4", "PENDING", "Dependency", "0:00", "1:00", "afterany:2(unfulfilled)", "eval-4", "(null)"),
            row("2", "RUNNING", "None", "1-02:03:04", "UNLIMITED", "(null)", "eval-2", "(null)"),
            ""
        ) + "\n";

    private static QueueEntry entry(String id) {
        return SqueueParser.parse(QUEUE).stream().filter(e -> e.jobId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void everyRowIsRead() {
        assertThat(SqueueParser.parse(QUEUE)).hasSize(14);
    }

    @ParameterizedTest(name = "{0}: {1} ({2})")
    @CsvSource(delimiter = ';', value = {
        "28;CANCELLED;None", "27;OUT_OF_MEMORY;OutOfMemory", "30_[1-3];PENDING;BeginTime", "26;TIMEOUT;TimeLimit",
        "6;RUNNING;None", "7;FAILED;NonZeroExitCode", "4;PENDING;Dependency"
    })
    void stateAndReasonAreRead(String id, JobState state, String reason) {
        assertThat(entry(id).state()).isEqualTo(state);
        assertThat(entry(id).reason()).isEqualTo(reason);
    }

    @Test
    void aDependencyThatCanNeverBeSatisfiedIsRecognised() {
        QueueEntry never = entry("8");
        assertThat(never.waitsForever()).isTrue();
        assertThat(never.dependency()).isEqualTo("afterok:7(failed)");
        assertThat(entry("4").waitsForever()).isFalse();
        assertThat(entry("4").dependency()).isEqualTo("afterany:2(unfulfilled)");
    }

    @Test
    void commentsAreKeptExactlyEvenWithBarsQuotesAndTabs() {
        assertThat(entry("6").comment()).isEqualTo("tok|en 1");
        assertThat(entry("18").comment()).isEqualTo("$HOME `id` %A ! ;&|<>");
        assertThat(entry("20").comment()).isEqualTo("tab\tx  two  spaces");
        assertThat(entry("29").comment()).isEqualTo("run=abc 'quoted'");
    }

    @Test
    void nullFieldsAreEmpty() {
        assertThat(entry("28").comment()).isEmpty();
        assertThat(entry("28").dependency()).isEmpty();
        assertThat(entry("19").comment()).isEmpty();
    }

    @Test
    void timesAreReadAndUnlimitedIsNull() {
        assertThat(entry("26").timeUsed()).isEqualTo(Duration.ofSeconds(86));
        assertThat(entry("26").timeLimit()).isEqualTo(Duration.ofMinutes(1));
        assertThat(entry("2").timeUsed()).isEqualTo(Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4));
        assertThat(entry("2").timeLimit()).isNull();
    }

    @Test
    void arrayIdsKeepTheirTaskPartAndKnowTheirBase() {
        assertThat(entry("30_[1-3]").baseJobId()).isEqualTo("30");
        assertThat(entry("9_1").baseJobId()).isEqualTo("9");
    }

    @Test
    void jobNamesAreReadAndMayContainTheOldSeparator() {
        QueueEntry e = SqueueParser.parse(row("5", "RUNNING", "None", "0:01", "1:00", "(null)", "acct-x.a|b.0-0123", "c|d") + "\n").get(0);
        assertThat(e.name()).isEqualTo("acct-x.a|b.0-0123");
        assertThat(e.comment()).isEqualTo("c|d");
        assertThat(entry("6").name()).isEqualTo("eval-6");
    }

    @Test
    void blankLinesHeadersAndErrorsAreSkipped() {
        List<QueueEntry> rows = SqueueParser.parse(String.join("\n",
                "JOBID|STATE|REASON|TIME|TIME_LIMIT|DEPENDENCY|COMMENT",
                "slurm_load_jobs error: Invalid job id specified",
                row("5", "COMPLETED", "None", "0:00", "1:00", "(null)", "eval-5", "(null)"),
                ""
            ) + "\n");
        assertThat(rows).extracting(QueueEntry::jobId).containsExactly("5");
    }
}
