package io.jenkins.plugins.slurmevaluate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.RunStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Terminal terminal(boolean redraw) {
        return new Terminal(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                redraw, 60);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void remoteLinesWaitForTheRecordThatCountsThemAndAreThenPrintedWithTaskAndSource() throws Exception {
        Terminal t = terminal(false);
        RunStore store = RunStore.inDirectory(dir);
        RecordKeeper keeper = new RecordKeeper(store, t, Records.run(RunRecord.Phase.WATCHING));
        t.remoteLine("gsm8k.1", "client-12", "sample 1/5");
        t.remoteLine("gsm8k.1", "slurm-12", "+ srun ...");
        assertThat(out()).isEmpty();
        keeper.accept(Records.run(RunRecord.Phase.WATCHING));
        assertThat(out()).isEqualTo("[gsm8k.1 client-12] sample 1/5\n[gsm8k.1 slurm-12] + srun ...\n");
        assertThat(store.find(Records.ID)).isPresent();
    }

    @Test
    void afterCtrlCNothingMoreIsPrintedOrSaved() throws Exception {
        Terminal t = terminal(false);
        RunStore store = RunStore.inDirectory(dir);
        RecordKeeper keeper = new RecordKeeper(store, t, Records.run(RunRecord.Phase.SUBMITTING));
        keeper.accept(Records.run(RunRecord.Phase.SUBMITTING));
        t.remoteLine("gsm8k.1", "client-12", "not yet counted");
        RunRecord last = keeper.close();
        t.mute();
        keeper.accept(Records.run(RunRecord.Phase.WATCHING)); // a poll that was under way
        t.info("late narration");
        t.notice("last words");
        assertThat(out()).isEmpty();
        assertThat(err()).isEqualTo("last words\n");
        assertThat(last.phase()).isEqualTo(RunRecord.Phase.SUBMITTING);
        assertThat(store.find(Records.ID).orElseThrow().phase()).isEqualTo(RunRecord.Phase.SUBMITTING);
    }

    @Test
    void onATerminalTheProgressIsRedrawnInPlaceAndClearedAroundOtherLines() {
        Terminal t = terminal(true);
        t.progress("[0:00:01] a.0 RUNNING link 1");
        t.info("a.0: job 12 RUNNING");
        t.progress("[0:00:02] a.0 RUNNING link 1");
        assertThat(err()).isEqualTo("[0:00:01] a.0 RUNNING link 1"
                + "\r\033[Kslurm-evaluate: a.0: job 12 RUNNING\n[0:00:01] a.0 RUNNING link 1"
                + "\r\033[K[0:00:02] a.0 RUNNING link 1");
    }

    @Test
    void aLongProgressLineIsCutToTheTerminalWidth() {
        Terminal t = terminal(true);
        t.progress("x".repeat(100));
        assertThat(err()).isEqualTo("x".repeat(58) + "…");
    }

    @Test
    void offATerminalTheProgressIsAPlainLine() {
        Terminal t = terminal(false);
        t.progress("[0:00:30] a.0 RUNNING link 1");
        assertThat(err()).isEqualTo("[0:00:30] a.0 RUNNING link 1\n");
    }
}
