package io.jenkins.plugins.slurmevaluate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.config.plan.Trust;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Parses command lines into requests and checks exit codes, without running anything (like okcurl's MainTest). */
class MainTest {

    private static final ConnectionRequest NO_FLAGS = ConnectionRequest.none();

    @TempDir
    Path dir;

    private static Object parse(String... args) {
        CommandLine cl = Main.commandLine(new CliContext(System.out, System.err, Map.of(), Path.of(".")));
        return cl.parseArgs(args).subcommand().commandSpec().userObject();
    }

    private static RunRequest parseRun(String... args) {
        return ((RunCommand) parse(args)).request();
    }

    @Test
    void runOptionsBecomeARequest() {
        RunRequest r = parseRun("run", "-c", "eval.yaml", "-o", "execution.walltime=02:00:00", "--override",
                "+deployment.extra_args=--x", "--env-file", "secrets.env", "--tasks", "mmlu,gsm8k", "-t", "ifeval",
                "--gate", "mmlu.acc >= 0.5", "-g", "gsm8k.exact_match.strict-match >= baseline", "--baseline", "prev/",
                "--max-regression", "1%", "--strict", "--results-dir", "res", "--detach", "--cancel-on-interrupt",
                "--host", "login1", "--user", "alice", "--port", "2222", "--identity", "k", "--known-hosts", "kh",
                "--accept-new-host-key", "--ssh-config", "cfg", "--state-dir", "state", "--trust-pre-cmd",
                "--trust-unlisted-tasks");
        assertThat(r).isEqualTo(new RunRequest(Path.of("eval.yaml"), List.of("execution.walltime=02:00:00",
                "+deployment.extra_args=--x"), Path.of("secrets.env"), List.of("mmlu", "gsm8k", "ifeval"),
                List.of("mmlu.acc >= 0.5", "gsm8k.exact_match.strict-match >= baseline"), Path.of("prev/"), "1%", true,
                Path.of("res"), true, true, false, null,
                new ConnectionRequest("login1", "alice", 2222, Path.of("k"), Path.of("kh"), true, Path.of("cfg"), false),
                Path.of("state"), new Trust(true, true)));
    }

    @Test
    void optionalRunOptionsDefaultToNothing() {
        assertThat(parseRun("run", "--config", "eval.yaml")).isEqualTo(new RunRequest(Path.of("eval.yaml"), List.of(), null,
                List.of(), List.of(), null, null, false, null, false, false, false, null, NO_FLAGS, null, Trust.NONE));
    }

    @Test
    void dryRunTakesAnOutputDirectory() {
        RunRequest r = parseRun("run", "-c", "x", "--dry-run", "--output-dir", "out", "--local");
        assertThat(r.dryRun()).isTrue();
        assertThat(r.outputDir()).isEqualTo(Path.of("out"));
        assertThat(r.connection().local()).isTrue();
    }

    @Test
    void overrideValuesAndGatesMayContainEqualsSignsCommasAndSpaces() {
        RunRequest r = parseRun("run", "-c", "x", "-o", "a.b=c=d,e", "--gate", "a.b >= 0.5, c");
        assertThat(r.overrides()).containsExactly("a.b=c=d,e");
        assertThat(r.gates()).containsExactly("a.b >= 0.5, c");
    }

    @Test
    void statusTakesAnInvocationPrefixAndJson() {
        StatusRequest r = ((StatusCommand) parse("status", "0123ab", "--json", "--state-dir", "s")).request();
        assertThat(r).isEqualTo(new StatusRequest(new TargetRequest("0123ab", null, NO_FLAGS, Path.of("s")), true));
    }

    @Test
    void logsFollowsWithResultsDirectoryAndConnectionFlags() {
        LogsRequest r = ((LogsCommand) parse("logs", "-f", "0123", "--results-dir", "res", "--env-file", "e",
                "--cancel-on-interrupt", "-i", "key", "--local")).request();
        assertThat(r).isEqualTo(new LogsRequest(new TargetRequest("0123", Path.of("e"),
                new ConnectionRequest(null, null, null, Path.of("key"), null, false, null, true), null), true, Path.of("res"), true));
        assertThat(((LogsCommand) parse("logs", "0123")).request().follow()).isFalse();
    }

    @Test
    void killTakesTheInvocationAndConnectionFlags() {
        TargetRequest r = ((KillCommand) parse("kill", "abc", "--host", "h", "-p", "22")).request();
        assertThat(r).isEqualTo(new TargetRequest("abc", null, new ConnectionRequest("h", null, 22, null, null, false, null, false), null));
    }

    @Test
    void resumeMayDetach() {
        ResumeRequest r = ((ResumeCommand) parse("resume", "abc", "-d", "--results-dir", "r")).request();
        assertThat(r).isEqualTo(new ResumeRequest(new TargetRequest("abc", null, NO_FLAGS, null), true, Path.of("r"), false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "status", "logs", "kill", "resume", "list"})
    void everyCommandHasHelpWithTheExitCodes(String command) {
        CliRun r = CliRun.of(Map.of(), dir, command, "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: slurm-evaluate " + command).contains(ExitCode.HELP);
    }

    @Test
    void topLevelHelpListsTheCommandsAndExitCodes() {
        CliRun r = CliRun.of(Map.of(), dir, "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("run", "status", "logs", "kill", "resume", "list").contains(ExitCode.HELP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "logs", "kill", "resume"})
    void anUnknownInvocationExits2AndSaysWhereToLook(String command) {
        CliRun r = CliRun.of(Map.of(), dir, command, "abc123", "--state-dir", dir.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(r.err()).contains("slurm-evaluate " + command + ": no run abc123 in " + dir)
                .contains("'slurm-evaluate list --state-dir " + dir + "' shows the runs there");
    }

    @Test
    void anInvocationIdThatIsNotHexExits2() {
        CliRun r = CliRun.of(Map.of(), dir, "status", "../x", "--state-dir", dir.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(r.err()).contains("not an invocation id");
    }

    @Test
    void anInvalidGateExits2BeforeAnythingElsePointingAtTheMistake() {
        CliRun r = CliRun.of(Map.of(), dir, "run", "-c", "does-not-matter.yaml", "--gate", "hellaswag.acc_norm => 0.8");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(r.err()).contains("slurm-evaluate run: invalid --gate: gate 1 of 1:").contains("did you mean >=?").contains("^");
    }

    @Test
    void aBadMaxRegressionExits2() {
        CliRun r = CliRun.of(Map.of(), dir, "run", "-c", "x.yaml", "--max-regression", "lots");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(r.err()).contains("--max regression 'lots' is not an amount");
    }

    @Test
    void outputDirWithoutDryRunIsAUsageError() {
        CliRun r = CliRun.of(Map.of(), dir, "run", "-c", "x.yaml", "--output-dir", "o");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(r.err()).contains("--output-dir goes with --dry-run");
    }

    @Test
    void usageErrorsExit2() {
        assertThat(CliRun.of(Map.of(), dir, "run", "--dry-run").exitCode()).isEqualTo(2); // no -c
        assertThat(CliRun.of(Map.of(), dir, "run", "-c", "x", "--bogus").exitCode()).isEqualTo(2);
        assertThat(CliRun.of(Map.of(), dir, "frobnicate").exitCode()).isEqualTo(2);
        assertThat(CliRun.of(Map.of(), dir, "status").exitCode()).isEqualTo(2); // no id
        assertThat(CliRun.of(Map.of(), dir).exitCode()).isEqualTo(2);
    }

    @Test
    void aMissingConfigFileIsAnInvalidConfig() {
        CliRun r = CliRun.of(Map.of(), dir, "run", "-c", dir.resolve("nope.yaml").toString(), "--dry-run");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("cannot read the config file");
    }

    @Test
    void listOfAnEmptyStateDirectoryPrintsOnlyTheHeader() {
        CliRun r = CliRun.of(Map.of(), dir, "list", "--state-dir", dir.resolve("none").toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().strip()).startsWith("INVOCATION").doesNotContain("\n");
    }
}
