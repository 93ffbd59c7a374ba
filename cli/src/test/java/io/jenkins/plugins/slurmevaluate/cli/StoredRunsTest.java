package io.jenkins.plugins.slurmevaluate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.RunStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands on saved runs that need no cluster: finished runs, locks, listing. */
class StoredRunsTest {

    @TempDir
    Path dir;

    private Path state;
    private RunRecord done;

    @BeforeEach
    void store() throws Exception {
        state = dir.resolve("state");
        done = Records.run(RunRecord.Phase.DONE, Records.task("ifeval", 0).withJobIds(java.util.List.of("12"))
                .withState("COMPLETED").withStop("completed", "")).withVerdict("FAIL", "1 of 2 checks passed");
        RunStore.inDirectory(state).save(done);
    }

    private CliRun cli(String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--state-dir";
        all[args.length + 1] = state.toString();
        return CliRun.of(Map.of(), dir, all);
    }

    @Test
    void statusOfAFinishedRunShowsTheSavedStateWithoutConnecting() {
        CliRun r = cli("status", "0123");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("invocation 0123456789abcdef  DONE  verdict FAIL")
                .contains("ifeval.0").contains("COMPLETED").contains("12").contains("stopped: completed");
    }

    @Test
    void statusJsonIsForScripts() {
        CliRun r = cli("status", "0123", "--json");
        assertThat(r.out()).contains("\"invocation\" : \"0123456789abcdef\"", "\"verdict\" : \"FAIL\"", "\"live\" : false",
                "\"jobIds\" : [ \"12\" ]", "\"stop\" : \"completed\"");
    }

    @Test
    void killingAFinishedRunHasNothingToDo() {
        CliRun r = cli("kill", Records.ID);
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("is finished (FAIL); nothing to cancel");
    }

    @Test
    void followingAFinishedRunGivesItsVerdictAgain() {
        CliRun r = cli("logs", "-f", Records.ID);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCode.FAIL);
        assertThat(r.err()).contains("invocation 0123456789abcdef is finished: FAIL: 1 of 2 checks passed");
    }

    @Test
    void aRunFollowedByAnotherProcessCannotBeFollowedTwice() throws Exception {
        RunStore.inDirectory(state).save(done.withPhase(RunRecord.Phase.WATCHING, null));
        try (RunLock held = RunLock.acquire(state, Records.ID)) {
            CliRun r = cli("logs", "-f", Records.ID);
            assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID);
            assertThat(r.err()).contains("invocation 0123456789abcdef is being followed by another slurm-evaluate process");
            assertThat(cli("resume", Records.ID).exitCode()).isEqualTo(ExitCode.INVALID);
        }
    }

    @Test
    void listShowsEveryRunNewestFirst() throws Exception {
        RunStore.inDirectory(state).save(new RunRecord(RunRecord.SCHEMA, "fedcba9876543210", Records.CREATED.plusSeconds(60),
                done.cluster(), "/cfg/other.yaml", "/evals/x", null, null, null, RunRecord.Phase.WATCHING, null, null, null));
        CliRun r = cli("list");
        assertThat(r.exitCode()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[1]).startsWith("fedcba9876543210  2026-11-25 09:01:00Z").contains("WATCHING", "/cfg/other.yaml");
        assertThat(lines[2]).startsWith("0123456789abcdef").contains("DONE", "FAIL", "1/1", "alice@login1");
        assertThat(cli("list", "--json").out()).contains("\"invocation\" : \"fedcba9876543210\"");
    }

    @Test
    void hintsNameTheStateDirectoryUnlessItIsTheDefault() {
        Hints custom = new Hints(state, dir.resolve("default"));
        assertThat(custom.follow("abc")).isEqualTo("slurm-evaluate logs -f abc --state-dir " + state);
        Hints standard = new Hints(state, state);
        assertThat(standard.kill("abc")).isEqualTo("slurm-evaluate kill abc");
        assertThat(standard.interrupted(Records.run(RunRecord.Phase.WATCHING, Records.task("a", 0).withJobIds(java.util.List.of("7")))))
                .contains("its jobs KEEP RUNNING").contains("slurm-evaluate logs -f " + Records.ID)
                .contains("slurm-evaluate kill " + Records.ID);
        assertThat(standard.interrupted(Records.run(RunRecord.Phase.SUBMITTING, Records.task("a", 0))))
                .contains("interrupted while submitting").contains("finds it by name");
        assertThat(standard.interrupted(Records.run(RunRecord.Phase.WATCHING, Records.task("a", 0).withStop("completed", ""))))
                .contains("every chain of invocation " + Records.ID + " had stopped");
    }
}
