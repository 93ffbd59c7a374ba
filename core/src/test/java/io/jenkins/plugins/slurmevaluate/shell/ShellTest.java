package io.jenkins.plugins.slurmevaluate.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellTest {

    @Test
    void safeTokensStayBare() {
        assertThat(Shell.quote("sbatch")).isEqualTo("sbatch");
        assertThat(Shell.quote("--dependency=afternotok:12")).isEqualTo("--dependency=afternotok:12");
        assertThat(Shell.quote("/a/b.c")).isEqualTo("/a/b.c");
    }

    @Test
    void emptyStringIsQuoted() {
        assertThat(Shell.quote("")).isEqualTo("''");
    }

    @Test
    void singleQuoteIsClosedEscapedAndReopened() {
        assertThat(Shell.quote("it's")).isEqualTo("'it'\\''s'");
    }

    @Test
    void nulIsRefused() {
        assertThatThrownBy(() -> Shell.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bashReadsHostileTokensBackUnchanged() throws Exception {
        List<String> hostile = List.of("", " ", "a b", "'", "''", "\"", "$HOME", "${x:-y}", "`id`", "$(id)", "\\",
                "\\'", "a\nb", "\t", "*", "?", "[a]", "~", "!", "!!", "#c", "x;y", "a|b", "a&b", "<>", "é ünï 🚀",
                "--opt='v'", "-n", "-e", "%A", "\r\n");
        String line = "set -- " + Shell.join(hostile) + "; for a in \"$@\"; do printf '%s\\0' \"$a\"; done";
        Process p = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        String[] got = new String(out, StandardCharsets.UTF_8).split("\0", -1);
        assertThat(List.of(got).subList(0, got.length - 1)).containsExactlyElementsOf(hostile);
    }

    @Test
    void joinQuotesEveryToken() {
        assertThat(Shell.join("echo", "a b", "c")).isEqualTo("echo 'a b' c");
    }
}
