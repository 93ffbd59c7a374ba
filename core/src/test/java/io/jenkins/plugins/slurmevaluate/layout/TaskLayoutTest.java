package io.jenkins.plugins.slurmevaluate.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class TaskLayoutTest {

    private static final String INV = "0123456789abcdef";

    @Test
    void pathsFollowTheReferenceLayout() {
        String run = TaskLayout.invocationDirName(LocalDateTime.of(2026, 11, 25, 9, 5, 7), INV);
        TaskLayout layout = TaskLayout.of("/lustre/evals/", run, "lm-evaluation-harness.hellaswag", 0);
        assertThat(layout.invocationDir()).isEqualTo("/lustre/evals/20261125_090507-0123456789abcdef");
        assertThat(layout.taskDir()).isEqualTo(layout.invocationDir() + "/lm-evaluation-harness.hellaswag.0");
        assertThat(layout.runScript()).endsWith(".hellaswag.0/run.sub");
        assertThat(layout.slurmLog("42")).endsWith("/logs/slurm-42.log");
        assertThat(layout.slurmLogPattern()).endsWith("/logs/slurm-%A.log");
        assertThat(layout.endMarker("42")).endsWith("/.jobs/42.end");
    }

    @Test
    void hostileTaskNamesBecomeOneSafePathSegment() {
        assertThat(TaskLayout.taskDirName("../../etc/passwd", 3)).isEqualTo(".._.._etc_passwd.3");
        assertThat(TaskLayout.taskDirName("a b'$`\n", 0)).isEqualTo("a_b____.0");
        assertThat(TaskLayout.taskDirName("..", 1)).isEqualTo("_...1");
        assertThat(TaskLayout.taskDirName("", 2)).isEqualTo("_.2");
    }

    @Test
    void relativeOutputDirIsRefused() {
        assertThatThrownBy(() -> TaskLayout.of("evals", "x", "t", 0)).hasMessageContaining("absolute");
    }

    @Test
    void invocationIdMustBeSixteenHexDigits() {
        assertThatThrownBy(() -> TaskLayout.invocationDirName(LocalDateTime.now(), "XYZ")).hasMessageContaining("16");
    }

    @Test
    void everySrunLogPatternLivesInTheLogsDirectory() {
        TaskLayout layout = TaskLayout.of("/o", "run", "t", 0);
        assertThat(layout.clientLogPattern()).isEqualTo("/o/run/t.0/logs/client-%A.log");
        assertThat(layout.serverLogPattern(1)).isEqualTo("/o/run/t.0/logs/server-1-%A-%t.log");
        assertThat(layout.auxServerLogPattern("judge", 0)).isEqualTo("/o/run/t.0/logs/judge-server-0-%A-%t.log");
        assertThat(layout.proxyLogPattern()).isEqualTo("/o/run/t.0/logs/proxy-%A.log");
        assertThat(layout.auxProxyLogPattern("judge")).isEqualTo("/o/run/t.0/logs/judge-proxy-%A.log");
        assertThat(layout.proxyConfigTemplate()).isEqualTo("/o/run/t.0/proxy.cfg.template");
        assertThat(layout.auxProxyConfig("judge")).isEqualTo("/o/run/t.0/judge_proxy.cfg");
    }

    @Test
    void percentSignsOfTheDirectoryAreNotSlurmPatterns() {
        TaskLayout layout = TaskLayout.of("/data/100%A", "run", "t", 0);
        assertThat(layout.slurmLogPattern()).isEqualTo("/data/100%%A/run/t.0/logs/slurm-%A.log");
    }

    @Test
    void auxiliaryNamesMustBeSafeFileNames() {
        TaskLayout layout = TaskLayout.of("/o", "run", "t", 0);
        assertThatThrownBy(() -> layout.auxProxyConfig("../x")).hasMessageContaining("file name");
    }

    @Test
    void aProgressFileHoldsACountOrNothing() {
        assertThat(TaskLayout.parseProgress("42\n")).isEqualTo(42);
        assertThat(TaskLayout.parseProgress(" 0 ")).isZero();
        for (String bad : new String[] {null, "", "\n", "-3", "4.5", "12abc", "unknown", "99999999999"}) {
            assertThat(TaskLayout.parseProgress(bad)).as(String.valueOf(bad)).isNull();
        }
    }
}
