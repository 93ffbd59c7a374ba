package io.jenkins.plugins.slurmevaluate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvFileTest {

    @Test
    void readsTheDotenvForms() {
        EnvFile f = EnvFile.parse("""
                # comment
                A=plain
                export B=exported
                C = spaced  # trailing comment
                D='single $NOT #expanded'
                E="double \\"quoted\\"\\n next"
                F="multi
                line"
                G=
                H=a#b
                """);
        assertThat(f.values()).isEqualTo(Map.of("A", "plain", "B", "exported", "C", "spaced",
                "D", "single $NOT #expanded", "E", "double \"quoted\"\n next", "F", "multi\nline", "G", "", "H", "a#b"));
        assertThat(f.warnings()).isEmpty();
    }

    @Test
    void badLinesAreSkippedWithAWarningNamingTheLine() {
        EnvFile f = EnvFile.parse("A=1\nnot a statement\nB=\"unclosed\n");
        assertThat(f.values()).isEqualTo(Map.of("A", "1"));
        assertThat(f.warnings()).containsExactly("line 2 is not KEY=value; skipped",
                "line 3: the quoted value of B is not closed; skipped");
    }

    @Test
    void theEnvironmentWinsOverTheFile() {
        CliSecretSource s = new CliSecretSource(Map.of("A", "env"), Map.of("A", "file", "B", "file"), ".env");
        assertThat(s.lookup("A")).contains("env");
        assertThat(s.lookup("B")).contains("file");
        assertThat(s.lookup("C")).isEmpty();
        assertThat(s.describe()).isEqualTo("the process environment and the env file .env");
    }
}
