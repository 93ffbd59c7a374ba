package io.jenkins.plugins.slurmevaluate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Real {@code sacct -P -n} output from the test bed (Slurm 22.05), printed with {@code |} here for readability and
 * parsed with that separator; production asks for the unit separator instead.
 */
class SacctParserTest {

    /** TIMEOUT, cgroup OOM, scancel of a running job with an srun step, steps with a failed Pyxis import, a pending array. */
    static final String FAULTS = """
            26|TIMEOUT|0:0|00:01:26|86|2026-11-25T20:52:56|2026-11-25T20:52:57|2026-11-25T20:54:23|cap-timeout|
            26.batch|CANCELLED|0:15|00:01:27|87|2026-11-25T20:52:57|2026-11-25T20:52:57|2026-11-25T20:54:24|batch|
            27|OUT_OF_MEMORY|0:125|00:00:01|1|2026-11-25T20:52:56|2026-11-25T20:52:57|2026-11-25T20:52:58|cap-oom|
            27.batch|OUT_OF_MEMORY|0:125|00:00:01|1|2026-11-25T20:52:57|2026-11-25T20:52:57|2026-11-25T20:52:58|batch|
            28|CANCELLED by 1001|0:0|00:00:05|5|2026-11-25T20:52:56|2026-11-25T20:52:57|2026-11-25T20:53:02|cap-cancel|
            28.batch|CANCELLED|0:15|00:00:06|6|2026-11-25T20:52:57|2026-11-25T20:52:57|2026-11-25T20:53:03|batch|
            28.0|CANCELLED|0:15|00:00:07|7|2026-11-25T20:52:57|2026-11-25T20:52:57|2026-11-25T20:53:04|sleep|
            29|COMPLETED|0:0|00:00:00|0|2026-11-25T20:52:56|2026-11-25T20:52:57|2026-11-25T20:52:57|cap steps|
            29.batch|COMPLETED|0:0|00:00:00|0|2026-11-25T20:52:57|2026-11-25T20:52:57|2026-11-25T20:52:57|batch|
            29.0|COMPLETED|0:0|00:00:00|0|2026-11-25T20:52:57|2026-11-25T20:52:57|2026-11-25T20:52:57|true|
            29.1|FAILED|1:0|00:00:00|0|2026-11-25T20:52:57|2026-11-25T20:52:57|2026-11-25T20:52:57|true|
            30_[1-3]|PENDING|0:0|00:00:00|0|2026-11-25T20:52:56|Unknown|Unknown|cap-array|
            """;

    /** A job requeued by its owner, with -D: the superseded run first, then the current one. */
    static final String REQUEUED_HISTORY = """
            6|REQUEUED|0:0|00:00:03|3|2026-11-25T20:43:26|2026-11-25T20:43:27|2026-11-25T20:43:30|probe|
            6.batch|CANCELLED|0:15|00:00:04|4|2026-11-25T20:43:27|2026-11-25T20:43:27|2026-11-25T20:43:31|batch|
            6|RUNNING|0:0|00:00:07|7|2026-11-25T20:43:32|2026-11-25T20:43:43|Unknown|probe|
            6.batch|RUNNING|0:0|00:00:07|7|2026-11-25T20:43:43|2026-11-25T20:43:43|Unknown|batch|
            """;

    private static List<AccountingEntry> parse(String output) {
        return SacctParser.parse(output, "|");
    }

    @Test
    void allocationRowsAndStepRowsAreTold() {
        List<AccountingEntry> rows = parse(FAULTS);
        assertThat(rows).hasSize(12);
        assertThat(rows).filteredOn(AccountingEntry::isAllocation).extracting(AccountingEntry::jobId)
                .containsExactly("26", "27", "28", "29", "30_[1-3]");
        assertThat(rows).filteredOn(r -> r.jobId().equals("29")).extracting(AccountingEntry::step)
                .containsExactly(null, "batch", "0", "1");
    }

    @ParameterizedTest(name = "{0} is {1} with exit {2}, signal {3}")
    @CsvSource(delimiter = ';', nullValues = "null", value = {
        "26;TIMEOUT;0;0;86",
        "27;OUT_OF_MEMORY;0;125;1",
        "28;CANCELLED;0;0;5",
        "29;COMPLETED;0;0;0",
        "30_[1-3];PENDING;0;0;0"
    })
    void eachFaultScenarioIsReadFromItsAllocationRow(String id, JobState state, Integer exit, Integer signal,
            long elapsed) {
        AccountingEntry row = SlurmClient.latestAllocations(parse(FAULTS)).get(id);
        assertThat(row.state()).isEqualTo(state);
        assertThat(row.exitCode()).isEqualTo(exit);
        assertThat(row.signal()).isEqualTo(signal);
        assertThat(row.elapsed()).isEqualTo(Duration.ofSeconds(elapsed));
    }

    @Test
    void whoCancelledStaysInTheRawState() {
        AccountingEntry cancelled = parse(FAULTS).get(4);
        assertThat(cancelled.rawState()).isEqualTo("CANCELLED by 1001");
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.name()).isEqualTo("cap-cancel");
    }

    @Test
    void aFailedStepIsVisibleUnderACompletedJob() {
        AccountingEntry step = parse(FAULTS).get(10);
        assertThat(step.jobId()).isEqualTo("29");
        assertThat(step.step()).isEqualTo("1");
        assertThat(step.state()).isEqualTo(JobState.FAILED);
        assertThat(step.exitCode()).isEqualTo(1);
    }

    @Test
    void timesAreReadAndUnknownOrNoneIsNull() {
        List<AccountingEntry> rows = parse(FAULTS);
        assertThat(rows.get(0).submit()).isEqualTo(LocalDateTime.of(2026, 11, 25, 20, 52, 56));
        assertThat(rows.get(0).start()).isEqualTo(LocalDateTime.of(2026, 11, 25, 20, 52, 57));
        assertThat(rows.get(0).end()).isEqualTo(LocalDateTime.of(2026, 11, 25, 20, 54, 23));
        AccountingEntry pendingArray = rows.get(11);
        assertThat(pendingArray.start()).isNull();
        assertThat(pendingArray.end()).isNull();
        assertThat(pendingArray.baseJobId()).isEqualTo("30");
    }

    @Test
    void arrayTasksKeepTheirTaskIdAndStep() {
        List<AccountingEntry> rows = parse("""
                9_1|COMPLETED|0:0|00:00:02|2|2026-11-25T20:44:26|2026-11-25T20:44:26|2026-11-25T20:44:28|arr|
                9_1.batch|COMPLETED|0:0|00:00:02|2|2026-11-25T20:44:26|2026-11-25T20:44:26|2026-11-25T20:44:28|batch|
                9_2|COMPLETED|0:0|00:00:02|2|2026-11-25T20:44:26|2026-11-25T20:44:26|2026-11-25T20:44:28|arr|
                """);
        assertThat(rows).extracting(AccountingEntry::jobId, AccountingEntry::step)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("9_1", null),
                        org.assertj.core.groups.Tuple.tuple("9_1", "batch"),
                        org.assertj.core.groups.Tuple.tuple("9_2", null));
        assertThat(rows.get(2).baseJobId()).isEqualTo("9");
    }

    @Test
    void theExitCodeIsEmptyAfterANodeFailure() {
        // observed on the test bed after scontrol update State=DOWN (slurm-testbed.md, section 7)
        List<AccountingEntry> rows = parse("""
                31|NODE_FAIL|0:0|00:00:09|9|2026-11-25T21:00:00|2026-11-25T21:00:01|2026-11-25T21:00:10|job|
                31.batch|CANCELLED||00:00:09|9|2026-11-25T21:00:01|2026-11-25T21:00:01|2026-11-25T21:00:10|batch|
                """);
        assertThat(rows.get(0).state()).isEqualTo(JobState.NODE_FAIL);
        assertThat(rows.get(0).state().isResumable()).isTrue();
        assertThat(rows.get(1).exitCode()).isNull();
        assertThat(rows.get(1).signal()).isNull();
    }

    @Test
    void withDuplicatesTheLatestRunOfARequeuedJobWins() {
        List<AccountingEntry> rows = parse(REQUEUED_HISTORY);
        assertThat(rows).filteredOn(AccountingEntry::isAllocation).extracting(AccountingEntry::state)
                .containsExactly(JobState.PENDING, JobState.RUNNING);
        Map<String, AccountingEntry> latest = SlurmClient.latestAllocations(rows);
        assertThat(latest).containsOnlyKeys("6");
        assertThat(latest.get("6").rawState()).isEqualTo("RUNNING");
        assertThat(latest.get("6").end()).isNull();
    }

    @Test
    void theFirstSecondsShowAPlaceholderAllocationThatLagsItsBatchStep() {
        // observed ~0.5-4 s after submission: the job's own record has not reached slurmdbd yet
        List<AccountingEntry> rows = parse("""
                52|PENDING|0:0|00:00:01|1|2026-11-25T21:05:22|2026-11-25T21:05:22|Unknown|allocation|
                52.batch|RUNNING|0:0|00:00:01|1|2026-11-25T21:05:22|2026-11-25T21:05:22|Unknown|batch|
                """);
        assertThat(rows.get(0).name()).isEqualTo("allocation");
        assertThat(rows.get(0).state()).isEqualTo(JobState.PENDING);
        assertThat(rows.get(1).state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void theUnitSeparatorKeepsBarsInNamesAndCommentsApart() {
        // observed: with the default '|', a job named "probe|name" shifts every column after JobName
        String us = SacctParser.SEPARATOR;
        String line = String.join(us, "6", "RUNNING", "0:0", "00:00:07", "7", "2026-11-25T20:43:32",
                "2026-11-25T20:43:43", "Unknown", "probe|name", "tok|en 1");
        AccountingEntry row = SacctParser.parse(line + "\n", us).get(0);
        assertThat(row.name()).isEqualTo("probe|name");
        assertThat(row.comment()).isEqualTo("tok|en 1");
    }

    @Test
    void aSeparatorInsideTheLastColumnStaysInTheComment() {
        AccountingEntry row = parse("7|FAILED|3:0|00:00:00|0|2026-11-25T20:44:26|2026-11-25T20:44:26|"
                + "2026-11-25T20:44:26|job|a|b|c\n").get(0);
        assertThat(row.comment()).isEqualTo("a|b|c");
        assertThat(row.state()).isEqualTo(JobState.FAILED);
        assertThat(row.exitCode()).isEqualTo(3);
    }

    @Test
    void blankLinesAndLinesThatAreNotRowsAreSkipped() {
        List<AccountingEntry> rows = parse("\n\n  \nsacct: error: something odd\n"
                + "JobID|State|ExitCode|Elapsed|ElapsedRaw|Submit|Start|End|JobName|Comment\n"
                + "8|PENDING|0:0|00:00:00|0|2026-11-25T20:44:26|Unknown|Unknown|dep|\n"
                + "8|too|few\n");
        assertThat(rows).extracting(AccountingEntry::jobId).containsExactly("8");
    }

    @Test
    void anUnknownStateIsKeptAsUnknownNotDropped() {
        AccountingEntry row = parse("12|BRAND_NEW|0:0|00:00:01|1|2026-11-25T20:44:26|2026-11-25T20:44:26|"
                + "2026-11-25T20:44:27|x|\n").get(0);
        assertThat(row.state()).isEqualTo(JobState.UNKNOWN);
        assertThat(row.rawState()).isEqualTo("BRAND_NEW");
    }

    @Test
    void elapsedFallsBackToTheFormattedColumnWhenTheRawOneIsEmpty() {
        AccountingEntry row = parse("5|COMPLETED|0:0|1-02:03:04||2026-11-25T20:44:26|2026-11-25T20:44:26|"
                + "2026-11-25T20:44:27|x|\n").get(0);
        assertThat(row.elapsed()).isEqualTo(Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4));
    }

    @Test
    void noOutputIsNoRows() {
        assertThat(parse("")).isEmpty();
    }
}
