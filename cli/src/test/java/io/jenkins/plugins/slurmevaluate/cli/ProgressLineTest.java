package io.jenkins.plugins.slurmevaluate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private static final long T0 = 1_764_061_200L; // a cluster epoch second

    private static final String PROBE = String.join("\n",
            "N\t" + (T0 + 400),
            "L\t/d/ifeval.0\t_SE_TIME_LIMIT='00:10:00'    # as in #SBATCH --time",
            "L\t/d/ifeval.0\t_SE_MAX_LINKS=20",
            "L\t/d/ifeval.0\t_SE_MAX_WALLTIME_SECONDS=1800",
            "M\t/d/ifeval.0\t12.start\t" + T0 + " ",
            "M\t/d/ifeval.0\t12.end\t" + (T0 + 300) + " 143 ",
            "M\t/d/ifeval.0\t15.start\t" + (T0 + 340) + " ",
            "L\t/d/gsm8k.1\t_SE_TIME_LIMIT=10",
            "L\t/d/gsm8k.1\t_SE_MAX_LINKS=3",
            "L\t/d/gsm8k.1\t_SE_MAX_WALLTIME_SECONDS=''    # no limit",
            "M\t/d/gsm8k.1\t13.start\t" + T0 + " ",
            "M\t/d/gsm8k.1\t13.end\t" + (T0 + 41) + " 0 ",
            "");

    private static TaskRecord task(String name, int i, String... ids) {
        return TaskRecord.planned(name, i, "/d/" + name + "." + i, "job").withJobIds(List.of(ids));
    }

    @Test
    void eachTaskShowsStateLinkAndRunTimeAgainstItsMaxWalltime() {
        BudgetProbe.Snapshot s = BudgetProbe.parse(PROBE);
        RunRecord r = Records.run(RunRecord.Phase.WATCHING, task("ifeval", 0, "12", "15").withState("RUNNING"),
                task("gsm8k", 1, "13").withState("COMPLETED").withStop("completed", ""));
        String line = ProgressLine.format(r, s.budgets(), s.remoteEpoch() + 20, Records.CREATED.plusSeconds(3725));
        // link 12 ran 300 s, link 15 has run 80 s so far (from T0+340 to T0+420)
        assertThat(line).isEqualTo("[1:02:05] ifeval.0 RUNNING link 2/20, 0:06:20 of max_walltime 0:30:00"
                + " | gsm8k.1 completed after 0:00:41");
    }

    @Test
    void withoutAProbeYetOnlyStateAndLinkShow() {
        RunRecord r = Records.run(RunRecord.Phase.WATCHING, task("ifeval", 0, "12").withState("PENDING"), task("gsm8k", 1));
        assertThat(ProgressLine.format(r, Map.of(), -1, Records.CREATED))
                .isEqualTo("[0:00:00] ifeval.0 PENDING link 1 | gsm8k.1 not submitted");
    }

    @Test
    void theEvaluatorsCountShowsOnceItWroteOne() {
        RunRecord r = Records.run(RunRecord.Phase.WATCHING, task("ifeval", 0, "12").withState("RUNNING").withProgress(37),
                task("gsm8k", 1, "13").withState("RUNNING"), task("mmlu", 2, "14").withState("COMPLETED")
                        .withStop("completed", "").withProgress(0));
        assertThat(ProgressLine.format(r, Map.of(), -1, Records.CREATED)).isEqualTo("[0:00:00] ifeval.0 RUNNING link 1, "
                + "requests done 37 | gsm8k.1 RUNNING link 1 | mmlu.2 completed, requests done 0");
    }

    @Test
    void statusHasAProgressColumnAndJsonAProgressField() {
        RunRecord r = Records.run(RunRecord.Phase.WATCHING, task("ifeval", 0, "12").withState("RUNNING").withProgress(37),
                task("gsm8k", 1, "13").withState("RUNNING"));
        assertThat(StatusView.text(r)).containsPattern("(?m)^TASK +STATE +LINKS +JOBS +CHAIN +PROGRESS$")
                .containsPattern("(?m)^ifeval\\.0 +RUNNING +1 +12 +alive +requests done 37$")
                .containsPattern("(?m)^gsm8k\\.1 +RUNNING +1 +13 +alive +-$");
        assertThat(StatusView.json(r, true)).contains("\"progress\" : 37").contains("\"progress\" : null");
    }

    @Test
    void aChainWithoutMaxWalltimeSaysSo() {
        BudgetProbe.Snapshot s = BudgetProbe.parse(PROBE);
        TaskRecord t = task("gsm8k", 1, "13").withState("RUNNING");
        assertThat(ProgressLine.task(t, s.budgets().get("/d/gsm8k.1"), T0 + 30)).isEqualTo("gsm8k.1 RUNNING link 1/3, 0:00:41 (no max_walltime)");
    }

    @Test
    void aLinkKilledWithoutAnEndMarkerCountsAtMostItsTimeLimit() {
        BudgetProbe.Budget b = BudgetProbe.parse(PROBE).budgets().get("/d/ifeval.0");
        TaskRecord stopped = task("ifeval", 0, "12", "15").withStop("failed", "");
        assertThat(b.usedSeconds(stopped, T0 + 5000)).isEqualTo(300 + 600);
    }

    @Test
    void theProbeIgnoresLinesItCannotRead() {
        BudgetProbe.Snapshot s = BudgetProbe.parse("garbage\nM\t/d/x.0\t1.start\tnot-a-number\nN\tlater\n");
        assertThat(s.remoteEpoch()).isEqualTo(-1);
        assertThat(s.budgets()).isEmpty();
    }

    @Test
    void hoursGoOnPast24() {
        assertThat(ProgressLine.hms(120 * 3600 + 61)).isEqualTo("120:01:01");
    }
}
