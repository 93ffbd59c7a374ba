package io.jenkins.plugins.slurmevaluate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParsersTest {

    private static final String SDIAG = String.join("\n",
            "Server thread count:  3",
            "Remote Procedure Call statistics by message type",
            "\tREQUEST_FED_INFO                        ( 2049) count:2135   ave_time:723    total_time:1544841",
            "\tREQUEST_JOB_USER_INFO                   ( 2039) count:2042   ave_time:961    total_time:1962520",
            "\tREQUEST_JOB_INFO_SINGLE                 ( 2021) count:20     ave_time:662    total_time:13256",
            "",
            "Remote Procedure Call statistics by user",
            "\tslurmtest       (    1001) count:7588   ave_time:1004   total_time:7618545",
            "");

    @Test
    void sdiagCountsAreReadByMessageTypeAndNotByUser() {
        Map<String, Long> m = SlurmRpcCounters.parse(SlurmRpcCounters.section(SDIAG));
        assertThat(m).containsExactlyInAnyOrderEntriesOf(Map.of("REQUEST_FED_INFO", 2135L, "REQUEST_JOB_USER_INFO", 2042L,
                "REQUEST_JOB_INFO_SINGLE", 20L));
    }

    @Test
    void deltasKeepWhatChangedAndSurviveACounterReset() {
        Map<String, Long> d = SlurmRpcCounters.delta(Map.of("a", 10L, "b", 5L, "c", 7L), Map.of("a", 15L, "b", 5L, "c", 2L, "d", 1L));
        assertThat(d).containsExactlyInAnyOrderEntriesOf(Map.of("a", 5L, "c", 2L, "d", 1L));
    }

    @Test
    void ssRowsAreFilteredByProcess() {
        String ss = "0      0      127.0.0.1:60924 127.0.0.1:2222 users:((\"java\",pid=42,fd=31))\n"
                + "0      0      127.0.0.1:60926 127.0.0.1:2222 users:((\"ssh\",pid=4242,fd=3))\n";
        assertThat(ConnectionSampler.connectionsOf(ss, 42)).containsExactly("127.0.0.1:60924");
        assertThat(ConnectionSampler.connectionsOf(ss, 4242)).containsExactly("127.0.0.1:60926");
    }

    @Test
    void commandsAreCountedByTheProgramOrTheHelperName() {
        assertThat(CountingHost.kind(List.of("squeue", "--me"))).isEqualTo("squeue");
        assertThat(CountingHost.kind(List.of("env", "SLURM_TIME_FORMAT=standard", "sacct", "-j", "1"))).isEqualTo("sacct");
        assertThat(CountingHost.kind(List.of("bash", "-c", "script", "logtail", "1048576", "1"))).isEqualTo("logtail");
        assertThat(CountingHost.kind(List.of("/usr/bin/sbatch", "x"))).isEqualTo("sbatch");
    }

    @Test
    void percentilesAreNearestRank() {
        double[] v = {5, 1, 4, 2, 3, 6, 7, 8, 9, 10};
        assertThat(Stats.percentile(v, 50)).isEqualTo(5);
        assertThat(Stats.percentile(v, 99)).isEqualTo(10);
        assertThat(Stats.percentile(v, 10)).isEqualTo(1);
    }

    @Test
    void theFakeLogIsTheSameBytesWhateverTheOffsets() {
        byte[] whole = FakeSlurmHost.content(0, 3 * FakeSlurmHost.LINE);
        byte[] part = FakeSlurmHost.content(70, 100);
        assertThat(new String(whole, 70, 100, StandardCharsets.US_ASCII)).isEqualTo(new String(part, StandardCharsets.US_ASCII));
        assertThat(new String(whole, StandardCharsets.US_ASCII).split("\n")).hasSize(3).allMatch(l -> l.length() == FakeSlurmHost.LINE - 1);
    }

    @Test
    void theEmitterLinesAreSplitAsTheStreamerPrintsThem() {
        assertThat(LogLatencyBench.lines("a\r\nb\n")).containsExactly("a", "b");
        assertThat(LogLatencyBench.lines("a\nb")).containsExactly("a", "b");
    }
}
