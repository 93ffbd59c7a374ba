package io.jenkins.plugins.slurmevaluate.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

    @TempDir
    Path dir;

    private static RunRequest parseRun(String... args) {
        CommandLine cl = Main.commandLine(new CliContext(System.out, System.err, Map.of(), Path.of(".")));
        CommandLine.ParseResult parsed = cl.parseArgs(args);
        return ((RunCommand) parsed.subcommand().commandSpec().userObject()).request();
    }

    @Test
    void runOptionsBecomeARequest() {
        RunRequest r = parseRun("run", "-c", "eval.yaml", "-o", "execution.walltime=02:00:00", "--override",
                "+deployment.extra_args=--x", "--env-file", "secrets.env", "--tasks", "mmlu,gsm8k", "-t", "ifeval",
                "--dry-run", "--output-dir", "out");
        assertThat(r).isEqualTo(new RunRequest(Path.of("eval.yaml"), List.of("execution.walltime=02:00:00",
                "+deployment.extra_args=--x"), Path.of("secrets.env"), List.of("mmlu", "gsm8k", "ifeval"), true,
                Path.of("out")));
    }

    @Test
    void optionalRunOptionsDefaultToNothing() {
        assertThat(parseRun("run", "--config", "eval.yaml")).isEqualTo(
                new RunRequest(Path.of("eval.yaml"), List.of(), null, List.of(), false, null));
    }

    @Test
    void overrideValuesMayContainEqualsSignsAndCommas() {
        assertThat(parseRun("run", "-c", "x", "-o", "a.b=c=d,e").overrides()).containsExactly("a.b=c=d,e");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "status", "logs", "kill", "resume"})
    void everyCommandHasHelp(String command) {
        CliRun r = CliRun.of(Map.of(), dir, command, "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: slurm-evaluate " + command);
    }

    @Test
    void topLevelHelpListsTheCommands() {
        CliRun r = CliRun.of(Map.of(), dir, "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("run", "status", "logs", "kill", "resume");
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "logs", "kill", "resume"})
    void commandsNotBuiltYetSaySoAndExit2(String command) {
        CliRun r = CliRun.of(Map.of(), dir, command, "abc123");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("slurm-evaluate " + command + ": not implemented yet");
    }

    @Test
    void runWithoutDryRunIsNotImplementedYet() {
        CliRun r = CliRun.of(Map.of(), dir, "run", "-c", "eval.yaml");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("use --dry-run");
    }

    @Test
    void usageErrorsExit2() {
        assertThat(CliRun.of(Map.of(), dir, "run", "--dry-run").exitCode()).isEqualTo(2); // no -c
        assertThat(CliRun.of(Map.of(), dir, "run", "-c", "x", "--bogus").exitCode()).isEqualTo(2);
        assertThat(CliRun.of(Map.of(), dir, "frobnicate").exitCode()).isEqualTo(2);
        assertThat(CliRun.of(Map.of(), dir).exitCode()).isEqualTo(2);
    }

    @Test
    void aMissingConfigFileIsAnInvalidConfig() {
        CliRun r = CliRun.of(Map.of(), dir, "run", "-c", dir.resolve("nope.yaml").toString(), "--dry-run");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("cannot read the config file");
    }
}
