package io.jenkins.plugins.slurmevaluate.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.slurmevaluate.layout.TaskLayout;
import io.jenkins.plugins.slurmevaluate.script.spec.SbatchHeader;
import io.jenkins.plugins.slurmevaluate.script.spec.ScriptSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Executes the functions of run.sub's library in bash, as rendered (the definitions block of a real script), with
 * sacct, scontrol, sbatch, scancel, srun, curl and sleep replaced by shell functions that read canned answers from
 * files and log their calls. Job 1000 is the running link; its time limit is 04:00:00.
 */
class ScriptLibraryTest {

    @TempDir
    Path tmp;
    private TaskLayout layout;
    private Path stub;
    private Path defs;

    @BeforeEach
    void renderDefinitions() throws IOException {
        ScriptSpec spec = GoldenSpecs.vllmSingle(tmp.resolve("out dir").toString());
        layout = spec.layout();
        Files.createDirectories(Path.of(layout.logsDir()));
        stub = Files.createDirectories(tmp.resolve("stub"));
        defs = tmp.resolve("defs.sh");
        Files.writeString(defs, definitions(new ScriptRenderer().render(spec).runScriptText()));
    }

    /** The definitions block of a rendered run.sub: assignments and functions only. */
    static String definitions(String runSub) {
        int begin = runSub.indexOf(RunScript.DEFINITIONS_BEGIN);
        int end = runSub.indexOf(RunScript.DEFINITIONS_END);
        assertThat(begin).as("definitions block").isPositive();
        return runSub.substring(begin, end);
    }

    private Bash.Result lib(String body) {
        String stubs = """
                set -u
                export SLURM_JOB_ID=1000
                _SE_TIME_LIMIT_SECONDS=$(_se_duration_seconds "$_SE_TIME_LIMIT")  # as _se_link_start does
                STUB=%s
                _stub_pop() {  # first line of file $1; the last line stays for later calls
                    [[ -f $1 ]] || return 0
                    head -n 1 "$1"
                    if (($(wc -l <"$1") > 1)); then sed -i 1d "$1"; fi
                }
                sacct() {
                    local a prev='' id='' field=''
                    for a in "$@"; do
                        case $prev in -j) id=$a ;; -o) field=$a ;; esac
                        prev=$a
                    done
                    echo "sacct $id $field" >>"$STUB/calls"
                    _stub_pop "$STUB/sacct.$field.$id"
                }
                scontrol() {
                    echo "scontrol $*" >>"$STUB/calls"
                    if [[ $1 == show && $2 == hostnames ]]; then _stub_pop "$STUB/hostnames"; tr ' ' '\\n' <<<"$(cat "$STUB/hostnames" 2>/dev/null)" >/dev/null; fi
                    if [[ $1 == show && $2 == job && -f $STUB/scontrol.$3 ]]; then cat "$STUB/scontrol.$3"; fi
                    return 0
                }
                sbatch() {
                    echo "sbatch $*" >>"$STUB/calls"
                    cat "$STUB/sbatch.out" 2>/dev/null
                    return "$(cat "$STUB/sbatch.rc" 2>/dev/null || echo 0)"
                }
                scancel() { echo "scancel $*" >>"$STUB/calls"; }
                sleep() { echo "sleep $*" >>"$STUB/calls"; }
                """.formatted(bashQuote(stub.toString()));
        return Bash.run("source " + bashQuote(defs.toString()) + "\n" + stubs + body);
    }

    private static String bashQuote(String s) {
        return io.jenkins.plugins.slurmevaluate.shell.Shell.quote(s);
    }

    private void write(String file, String content) throws IOException {
        Files.writeString(stub.resolve(file), content);
    }

    private String calls() throws IOException {
        Path calls = stub.resolve("calls");
        return Files.exists(calls) ? Files.readString(calls) : "";
    }

    private List<String> events() throws IOException {
        Path status = Path.of(layout.chainStatus());
        if (!Files.exists(status)) {
            return List.of();
        }
        return Files.readAllLines(status).stream().map(l -> {
            String[] f = l.split(" ", 3);
            assertThat(f[0]).as("epoch of " + l).matches("[0-9]+");
            return f[1] + " " + f[2];
        }).toList();
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    // ---- walltime parsing -------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} is {1} s")
    @CsvSource({"5,300", "05,300", "08,480", "09,540", "1:30,90", "08:09,489", "04:00:00,14400", "09:08:07,32887",
        "1-0,86400", "2-00,172800", "1-08,115200", "0-08:09,29340", "1-09:08:07,119287", "120:00:00,432000",
        "0:00:59,59", "00000000000000000001,60"})
    void everySlurmTimeFormatParsesInBaseTen(String time, long seconds) {
        Bash.Result r = lib("_se_duration_seconds " + bashQuote(time));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout().trim()).isEqualTo(Long.toString(seconds));
        assertThat(SbatchHeader.builder().time(time).account("a").partition("p").jobName("j").build()
                .timeLimitSeconds()).as("the Java grammar agrees").isEqualTo(seconds);
    }

    @ParameterizedTest(name = "[{0}] is refused")
    @ValueSource(strings = {"", "1h", "5d", "UNLIMITED", "INFINITE", "1:2:3:4", "-1", "1-", "1-2:3:4:5", " 1", "1.5",
        "\uff11", "4:00:00 ", "0x10"})
    void anythingElseIsRefusedNotReadAsZero(String time) {
        Bash.Result r = lib("_se_duration_seconds " + bashQuote(time));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        assertThatThrownBy(() -> SbatchHeader.builder().time(time).account("a").partition("p").jobName("j").build())
                .as("the Java grammar agrees").isInstanceOf(IllegalArgumentException.class);
    }

    // ---- states and decisions ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "after {0}: {1}")
    @CsvSource(delimiter = '|', value = {"TIMEOUT|resume", "PREEMPTED|resume", "NODE_FAIL|resume",
        "COMPLETED|stop completed", "FAILED|stop prev_failed", "CANCELLED|stop prev_cancelled",
        "OUT_OF_MEMORY|stop prev_out_of_memory", "BOOT_FAIL|stop prev_boot_fail", "DEADLINE|stop prev_deadline",
        "|stop prev_unknown"})
    void theDecisionTableResumesOnlyAfterTimeoutPreemptionOrNodeFailure(String state, String decision) {
        assertThat(lib("_se_decide " + bashQuote(state == null ? "" : state)).stdout().trim()).isEqualTo(decision);
    }

    @ParameterizedTest(name = "[{0}] reads as [{1}]")
    @CsvSource(delimiter = '|', value = {"CANCELLED by 1001|CANCELLED", "CANCELLED+|CANCELLED", "TIMEOUT|TIMEOUT",
        "NODE_FAIL|NODE_FAIL", "''|''", "weird$(x)|''", "completed|''"})
    void stateWordsAreTheFirstWordOfSlurmsText(String text, String word) {
        assertThat(lib("_se_state_word " + bashQuote(text)).stdout().trim()).isEqualTo(word);
    }

    @ParameterizedTest(name = "{0} links (max {1}), {2} s (max [{3}]): {4}")
    @CsvSource(delimiter = '|', value = {"0|10|0|''|ok", "9|10|0|432000|ok", "10|10|0|''|max_links links=10 limit=10",
        "3|10|399|400|ok", "3|10|400|400|max_walltime used=400 limit=400",
        "3|10|500|400|max_walltime used=500 limit=400", "3|10|99999999|''|ok", "1|1|0|''|max_links links=1 limit=1"})
    void budgetsStopTheChainOnceUsedUp(int links, int maxLinks, long used, String maxUsed, String verdict) {
        String max = maxUsed.isEmpty() ? "''" : maxUsed;
        assertThat(lib("_se_budget " + links + " " + maxLinks + " " + used + " " + max).stdout().trim())
                .isEqualTo(verdict);
    }

    // ---- the predecessor's state ----------------------------------------------------------------------------

    @Test
    void sacctIsAskedAgainUntilItShowsAFinalState() throws IOException {
        write("sacct.State.999", "\nCOMPLETING\nCANCELLED by 1001\n");
        Bash.Result r = lib("_se_prev_state 999; echo \"$_SE_PREV_STATE $_SE_PREV_SOURCE\"");
        assertThat(r.stdout().trim()).isEqualTo("CANCELLED sacct");
        assertThat(calls()).isEqualTo("sacct 999 State\nsleep 2\nsacct 999 State\nsleep 2\nsacct 999 State\n");
    }

    @Test
    void scontrolAnswersWhenAccountingStaysSilentFiveTimes() throws IOException {
        write("scontrol.999", "JobId=999 JobName=x\n   JobState=PREEMPTED Reason=None Dependency=(null)\n");
        Bash.Result r = lib("_se_prev_state 999; echo \"$_SE_PREV_STATE $_SE_PREV_SOURCE\"");
        assertThat(r.stdout().trim()).isEqualTo("PREEMPTED scontrol");
        assertThat(calls()).isEqualTo("sacct 999 State\nsleep 2\n".repeat(4) + "sacct 999 State\nscontrol show job 999\n");
    }

    @Test
    void aPredecessorKilledAfterItsTimeLimitLeftNoEndMarkerAndTimedOut() throws IOException {
        marker("999.start", (now() - 4 * 3600 - 10) + "\n");
        assertThat(prevState()).isEqualTo("TIMEOUT marker");
    }

    @Test
    void aPredecessorThatGotSigtermAfterItsWholeTimeLimitTimedOut() throws IOException {
        marker("999.start", (now() - 4 * 3600 - 30) + "\n");
        marker("999.end", (now() - 20) + " 143\n");
        assertThat(prevState()).isEqualTo("TIMEOUT marker");
    }

    @Test
    void aSigtermLongBeforeTheTimeLimitIsNotReadAsATimeout() throws IOException {
        marker("999.start", (now() - 100) + "\n");
        marker("999.end", (now() - 50) + " 143\n");
        assertThat(prevState()).isEqualTo("none");
    }

    @Test
    void endMarkersTellCompletedAndFailed() throws IOException {
        marker("999.start", (now() - 100) + "\n");
        marker("999.end", (now() - 50) + " 0\n");
        assertThat(prevState()).isEqualTo("COMPLETED marker");
        marker("999.end", (now() - 50) + " 2\n");
        assertThat(prevState()).isEqualTo("FAILED marker");
    }

    @Test
    void nobodyKnowingThePredecessorLeavesItsStateEmpty() throws IOException {
        assertThat(prevState()).isEqualTo("none");
    }

    private String prevState() {
        return lib("_se_prev_state 999; echo \"$_SE_PREV_STATE $_SE_PREV_SOURCE\"").stdout().trim();
    }

    private void marker(String name, String content) throws IOException {
        Path dir = Files.createDirectories(Path.of(layout.markersDir()));
        Files.writeString(dir.resolve(name), content);
    }

    // ---- run time of earlier links ----------------------------------------------------------------------------

    @Test
    void runTimeComesFromSacctThenMarkersThenTheWholeTimeLimit() throws IOException {
        Files.writeString(Path.of(layout.jobIdList()), "100\n101\n102\n\n103\n");
        write("sacct.ElapsedRaw.100", "3600\n");
        marker("101.start", "1000\n");
        marker("101.end", "2800 143\n");
        marker("103.start", (now() - 60) + "\n");
        Bash.Result r = lib("_se_used_seconds");
        // 100: sacct; 101: end - start; 102: nothing known, its whole limit; 103: killed 60 s after it started
        long used = Long.parseLong(r.stdout().trim());
        assertThat(used).isBetween(3600L + 1800 + 14400 + 60, 3600L + 1800 + 14400 + 65);
    }

    // ---- a link's decision, end to end ------------------------------------------------------------------------

    private Bash.Result link(String prev, String workload) {
        return lib("_se_link_start\n_se_chain_begin " + prev + "\necho WORKLOAD\n" + workload);
    }

    @Test
    void theFirstLinkQueuesItsSuccessorRunsAndCancelsItOnACleanExit() throws IOException {
        write("sbatch.out", "2001\n");
        Bash.Result r = link("''", "exit 0");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("WORKLOAD");
        assertThat(events()).containsExactly("1000 successor id=2001", "1000 started link=1", "1000 exit code=0",
                "1000 successor_cancelled id=2001", "1000 stopped reason=completed");
        assertThat(calls()).isEqualTo("sbatch --parsable --dependency=afternotok:1000 " + layout.runScript()
                + " 1000\nscontrol show job 1000\nscancel 2001\n");
        assertThat(Files.readString(Path.of(layout.jobIdList()))).isEqualTo("1000\n");
        assertThat(Files.readString(Path.of(layout.startMarker("1000")))).matches("[0-9]+\n");
        assertThat(Files.readString(Path.of(layout.endMarker("1000")))).matches("[0-9]+ 0\n");
    }

    @Test
    void aSuccessorResumesAfterATimeout() throws IOException {
        Files.writeString(Path.of(layout.jobIdList()), "999\n");
        write("sacct.State.999", "TIMEOUT\n");
        write("sacct.ElapsedRaw.999", "14410\n");
        write("sbatch.out", "2001;cluster\n");
        Bash.Result r = link("999", "exit 0");
        assertThat(r.stdout()).contains("WORKLOAD");
        assertThat(events()).startsWith("1000 successor id=2001",
                "1000 resumed link=2 prev=999 prev_state=TIMEOUT source=sacct");
        assertThat(Files.readString(Path.of(layout.jobIdList()))).isEqualTo("999\n1000\n");
    }

    @Test
    void aSuccessorOfAFailedLinkStopsTheChainWithoutWork() throws IOException {
        Files.writeString(Path.of(layout.jobIdList()), "999\n");
        write("sacct.State.999", "FAILED\n");
        Bash.Result r = link("999", "exit 0");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).doesNotContain("WORKLOAD");
        assertThat(events()).containsExactly("1000 exit code=0", "1000 stopped reason=prev_failed");
        assertThat(calls()).doesNotContain("sbatch").doesNotContain("scancel");
        assertThat(Files.readString(Path.of(layout.jobIdList()))).isEqualTo("999\n");
    }

    @Test
    void theKilledMarkStopsEveryLinkBeforeItAsksSlurmAnything() throws IOException {
        Files.writeString(Path.of(layout.killedMark()), "");
        Bash.Result r = link("999", "exit 0");
        assertThat(r.stdout()).doesNotContain("WORKLOAD");
        assertThat(events()).containsExactly("1000 exit code=0", "1000 stopped reason=killed");
        assertThat(calls()).isEmpty();
    }

    @Test
    void theChainStopsAtMaxChainLinks() throws IOException {
        Files.writeString(Path.of(layout.jobIdList()), "990\n991\n992\n993\n994\n995\n996\n997\n998\n999\n");
        write("sacct.State.999", "TIMEOUT\n");
        link("999", "exit 0");
        assertThat(events()).containsExactly("1000 exit code=0", "1000 stopped reason=max_links links=10 limit=10");
    }

    @Test
    void theChainStopsAtMaxWalltime() throws IOException {
        Files.writeString(Path.of(layout.jobIdList()), "998\n999\n");
        write("sacct.State.999", "NODE_FAIL\n");
        write("sacct.ElapsedRaw.998", "400000\n");
        write("sacct.ElapsedRaw.999", "32000\n");
        link("999", "exit 0");
        assertThat(events()).containsExactly("1000 exit code=0",
                "1000 stopped reason=max_walltime used=432000 limit=432000");
    }

    @Test
    void anArgumentThatIsNoJobIdStopsTheChainAsUnknown() throws IOException {
        link("'12; rm -rf x'", "exit 0");
        assertThat(events()).containsExactly("1000 exit code=0", "1000 stopped reason=prev_unknown");
        assertThat(calls()).isEmpty();
    }

    @Test
    void aFailedSuccessorSubmissionIsRecordedAndTheLinkStillRuns() throws IOException {
        write("sbatch.out", "sbatch: error: Batch job submission failed\n");
        write("sbatch.rc", "1\n");
        Bash.Result r = link("''", "exit 0");
        assertThat(r.stdout()).contains("WORKLOAD");
        assertThat(r.stderr()).contains("the chain cannot resume after this job");
        assertThat(events()).containsExactly("1000 successor_failed rc=1", "1000 started link=1", "1000 exit code=0",
                "1000 stopped reason=completed");
        assertThat(calls()).doesNotContain("scancel");
    }

    @Test
    void aFailingWorkloadCancelsTheSuccessorAndSaysFailed() throws IOException {
        write("sbatch.out", "2001\n");
        Bash.Result r = link("''", "exit 3");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(events()).endsWith("1000 exit code=3", "1000 successor_cancelled id=2001",
                "1000 stopped reason=failed code=3");
        assertThat(Files.readString(Path.of(layout.endMarker("1000")))).matches("[0-9]+ 3\n");
    }

    @Test
    void sigtermLeavesTheSuccessorToDecide() throws IOException {
        write("sbatch.out", "2001\n");
        Bash.Result r = link("''", "kill -TERM $$\necho NOT-REACHED");
        assertThat(r.exitCode()).isEqualTo(143);
        assertThat(r.stdout()).doesNotContain("NOT-REACHED");
        assertThat(events()).endsWith("1000 started link=1", "1000 exit code=143 signal=TERM");
        assertThat(calls()).doesNotContain("scancel");
    }

    @Test
    void sigtermAfterAKillCancelsTheSuccessorToo() throws IOException {
        write("sbatch.out", "2001\n");
        Bash.Result r = link("''", "touch " + bashQuote(layout.killedMark()) + "\nkill -TERM $$");
        assertThat(r.exitCode()).isEqualTo(143);
        assertThat(events()).endsWith("1000 exit code=143 signal=TERM", "1000 successor_cancelled id=2001",
                "1000 stopped reason=killed");
    }

    @Test
    void aKillThatLandsWhileTheSuccessorIsQueuedStillCancelsThatSuccessor() throws IOException {
        // as slurm-evaluate kill does: the mark, then scancel, whose SIGTERM reaches the link while sbatch runs
        String sbatch = "sbatch() { echo \"sbatch $*\" >>\"$STUB/calls\"; touch " + bashQuote(layout.killedMark())
                + "; kill -TERM $$; echo 2001; }\n";
        Bash.Result r = lib(sbatch + "_se_link_start\n_se_chain_begin ''\necho WORKLOAD\nexit 0");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(143);
        assertThat(r.stdout()).doesNotContain("WORKLOAD");
        assertThat(events()).containsExactly("1000 successor id=2001", "1000 exit code=143 signal=TERM",
                "1000 successor_cancelled id=2001", "1000 stopped reason=killed");
        assertThat(calls()).endsWith("scancel 2001\n");
    }

    @Test
    void aCleanExitWhileSlurmHasAlreadyFailedTheNodeIsNoCompletionTheSuccessorDecides() throws IOException {
        // srun exits 0 when its step dies with the node: the workload's "success" is the node's failure
        write("sbatch.out", "2001\n");
        write("scontrol.1000", "JobId=1000 JobName=x\n   JobState=NODE_FAIL Reason=NodeDown Dependency=(null)\n");
        Bash.Result r = link("''", "exit 0");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stderr()).contains("Slurm ended this job (NODE_FAIL) as it exited with 0: the next link decides");
        assertThat(events()).containsExactly("1000 successor id=2001", "1000 started link=1", "1000 exit code=0 slurm_state=NODE_FAIL");
        assertThat(calls()).doesNotContain("scancel");
    }

    @Test
    void aFailureWhileSlurmHasAlreadyFailedTheNodeIsLeftToTheSuccessorToo() throws IOException {
        write("sbatch.out", "2001\n");
        write("scontrol.1000", "JobId=1000 JobName=x\n   JobState=NODE_FAIL Reason=NodeDown Dependency=(null)\n");
        link("''", "exit 1");
        assertThat(events()).endsWith("1000 exit code=1 slurm_state=NODE_FAIL");
        assertThat(calls()).doesNotContain("scancel");
    }

    @Test
    void aSigtermThatArrivesWhileACompletedLinkExitsDoesNotCutItsExitTrapShort() throws IOException {
        // the workload completed just as the time limit (or a kill) struck: Slurm's SIGTERM lands in the EXIT trap
        write("sbatch.out", "2001\n");
        String scancel = "scancel() { echo \"scancel $*\" >>\"$STUB/calls\"; kill -TERM $$; }\n";
        Bash.Result r = lib(scancel + "_se_link_start\n_se_chain_begin ''\necho WORKLOAD\nexit 0");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(events()).containsExactly("1000 successor id=2001", "1000 started link=1", "1000 exit code=0",
                "1000 successor_cancelled id=2001", "1000 stopped reason=completed");
    }

    @Test
    void theExitTrapStopsBackgroundServersAndKeepsTheExitCode() throws IOException {
        Bash.Result r = link("''", "/bin/sleep 300 &\nSE_BACKGROUND_PIDS+=(\"$!\")\necho \"$!\" >\"$STUB/pid\"\nexit 0");
        assertThat(r.exitCode()).isZero();
        long pid = Long.parseLong(Files.readString(stub.resolve("pid")).trim());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aLinkOutsideSlurmRefusesToStart() {
        Bash.Result r = lib("unset SLURM_JOB_ID\n_se_link_start\necho STARTED");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.stderr()).contains("SLURM_JOB_ID is not set");
    }

    // ---- nodes, readiness, proxy ------------------------------------------------------------------------------

    @Test
    void nodesComeFromScontrolInSlurmsOrder() throws IOException {
        Bash.Result r = lib("""
                scontrol() { printf 'n3\\nn1\\nn2\\n'; }
                SLURM_JOB_NODELIST='n[1-3]'
                _se_resolve_nodes 3 && echo "${#SE_NODES[@]} ${SE_NODES[*]}"
                """);
        assertThat(r.stdout().trim()).isEqualTo("3 n3 n1 n2");
    }

    @Test
    void withoutScontrolOnlyAOneNodeJobGoesOn() {
        String noScontrol = "unset -f scontrol\nPATH=" + bashQuote(stub.resolve("nobin").toString()) + "\n"
                + "hostname() { echo thishost; }\nSLURM_JOB_NODELIST='n[1-2]'\n";
        assertThat(lib(noScontrol + "_se_resolve_nodes 1 && echo \"${SE_NODES[*]}\"").stdout().trim())
                .isEqualTo("thishost");
        Bash.Result two = lib(noScontrol + "_se_resolve_nodes 2 || echo FAILED");
        assertThat(two.stdout().trim()).isEqualTo("FAILED");
        assertThat(two.stderr()).contains("cannot list the 2 nodes");
    }

    @Test
    void tooFewNodesFailLoudly() {
        Bash.Result r = lib("scontrol() { echo n1; }\nSLURM_JOB_NODELIST=n1\n_se_resolve_nodes 2 || echo FAILED");
        assertThat(r.stdout().trim()).isEqualTo("FAILED");
        assertThat(r.stderr()).contains("this job has 1 node(s) (n1) but the layout needs 2");
    }

    @Test
    void onlyTheFirstAddressOfAMultiHomedNodeIsUsed() {
        Bash.Result r = lib("""
                srun() { echo "srun $*" >>"$STUB/calls"; echo "  10.0.0.${2##*=n} 192.168.7.1 fe80::1"; }
                _se_node_ips n1 n2
                """);
        assertThat(r.stdout()).isEqualTo("10.0.0.1\n10.0.0.2\n");
    }

    @Test
    void readinessSucceedsOnAnyTwoHundredStatus() {
        Bash.Result r = lib("curl() { echo 204; }\n/bin/sleep 30 >/dev/null 2>&1 & pid=$!\n"
                + "_se_wait_ready model http://x/health 60 /nope/%A \"$pid\"; rc=$?; kill \"$pid\"; exit $rc");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("model is ready after");
    }

    @Test
    void readinessFailsAsSoonAsAServerDiesAndShowsItsLogTail() throws IOException {
        Files.writeString(Path.of(layout.logsDir(), "server-0-1000-0.log"), "loading\nCUDA out of memory\n");
        Files.writeString(Path.of(layout.logsDir(), "server-0-999-0.log"), "an older link's log\n");
        String pattern = bashQuote(layout.serverLogPattern(0));
        Bash.Result r = lib("curl() { echo 000; return 7; }\n(exit 1) & dead=$!\nwait $dead\n"
                + "_se_wait_ready model http://x/health 3600 " + pattern + " \"$dead\" || echo FAILED");
        assertThat(r.stdout()).contains("FAILED");
        assertThat(r.stderr()).contains("exited before it was ready").contains("CUDA out of memory")
                .doesNotContain("an older link's log");
        assertThat(calls()).doesNotContain("sleep");
    }

    @Test
    void readinessGivesUpAfterItsTimeout() {
        Bash.Result r = lib("curl() { echo 503; }\n/bin/sleep 30 >/dev/null 2>&1 & pid=$!\n"
                + "_se_wait_ready model http://x/health 0 /nope/%A \"$pid\" || echo FAILED\nkill \"$pid\"");
        assertThat(r.stdout()).contains("FAILED");
        assertThat(r.stderr()).contains("model is not ready after 0s (last HTTP status 503)");
    }

    @Test
    void theProxyConfigGetsEachInstancesHeadAddress() throws IOException {
        Path template = tmp.resolve("proxy.cfg.template");
        Files.writeString(template, "server instance0 {IP_0}:8000 check\nserver instance1 {IP_1}:8000 check\n");
        Path out = tmp.resolve("proxy.cfg");
        lib("_se_write_proxy_config " + bashQuote(template.toString()) + " " + bashQuote(out.toString())
                + " 10.0.0.1 10.0.0.2");
        assertThat(Files.readString(out)).isEqualTo("server instance0 10.0.0.1:8000 check\n"
                + "server instance1 10.0.0.2:8000 check\n");
    }

    @Test
    void missingSecretsAreNamedWithoutTheirValues() {
        Bash.Result r = lib("A_1234_G=x\n_se_require_vars A_1234_G B_1234_G C_1234_G");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("does not define B_1234_G C_1234_G");
    }

    // ---- what runs inside the containers ------------------------------------------------------------------------

    @Test
    void theServerRunnerExportsRankAndLayoutThenRunsPreCmdInTheSameShell() {
        Bash.Result r = lib("SLURM_PROCID=3 bash -c \"$_SE_SERVER_RUNNER\" deployment 2 'export A=from-pre' "
                + "'echo \"$PROC_ID $NODES_PER_INSTANCE $A\"'");
        assertThat(r.stdout()).isEqualTo("3 2 from-pre\n");
    }

    @Test
    void theEvaluationRunnerWritesItsFilesRunsPreAndPostAndKeepsTheExitCode() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("evalbin"));
        Path evaluator = bin.resolve("nemo-evaluator");
        Files.writeString(evaluator, "#!/bin/bash\necho \"args: $*\"\necho \"pre: $FROM_PRE\"\ncat run_config.yaml\nexit 4\n");
        evaluator.toFile().setExecutable(true);
        Path unresolved = tmp.resolve("unresolved.yaml");
        String config = "a: 'quoted' \"$HOME\" `x`\n";
        Bash.Result r = Bash.run(List.of("bash", "-c", "source " + bashQuote(defs.toString())
                + "\nPATH=" + bashQuote(bin.toString()) + ":$PATH bash -c \"$_SE_EVAL_RUNNER\" evaluation \"$@\"",
                "x", config, "export FROM_PRE=yes", "echo post-ran", unresolved.toString(), "raw: it's\n"),
                Map.of(), tmp, 30);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(r.stdout()).isEqualTo("args: run_eval --run_config run_config.yaml\npre: yes\n" + config
                + "\npost-ran\n");
        assertThat(Files.readString(unresolved)).isEqualTo("raw: it's\n");
    }

    @Test
    void theEvaluationRunnerFallsBackToEvalFactory() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("efbin"));
        Path ef = bin.resolve("eval-factory");
        Files.writeString(ef, "#!/bin/bash\necho \"eval-factory $*\"\n");
        ef.toFile().setExecutable(true);
        Bash.Result r = Bash.run(List.of("bash", "-c", "source " + bashQuote(defs.toString()) + "\nPATH="
                + bashQuote(bin.toString()) + ":/usr/bin:/bin bash -c \"$_SE_EVAL_RUNNER\" evaluation c '' '' /x ''"),
                Map.of(), tmp, 30);
        assertThat(r.stdout()).isEqualTo("eval-factory run_eval --run_config run_config.yaml\n");
    }
}
