package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteFilesTest {

    @TempDir
    Path tmp;

    @Test
    void readsPathsAndGlobsInOneCommandAndSkipsMissingFiles() throws Exception {
        Path task = Files.createDirectories(tmp.resolve("dir with space $HOME `x`/t.0"));
        Files.writeString(task.resolve(".chain_status"), "1 2 started link=1\n");
        Files.createDirectories(task.resolve(".jobs"));
        Files.writeString(task.resolve(".jobs/12.start"), "1764100000\n");
        Files.writeString(task.resolve(".jobs/12.end"), "1764100075 0\n");
        ProcessHost host = new ProcessHost();
        Map<String, String> files = RemoteFiles.read(host, List.of(task.toString(), tmp.resolve("missing").toString()),
                List.of(".chain_status", ".slurm_job_id.list", ".jobs/*"), 1000, Duration.ofSeconds(10));
        assertThat(files).containsOnlyKeys(task + "/.chain_status", task + "/.jobs/12.start", task + "/.jobs/12.end");
        assertThat(files.get(task + "/.jobs/12.end")).isEqualTo("1764100075 0\n");
        assertThat(host.execs).hasValue(1);
    }

    @Test
    void patternsThatCouldEscapeTheDirectoryAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RemoteFiles.read(new ProcessHost(), List.of("/d"),
                List.of("$(id)"), 4, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RemoteFiles.read(new ProcessHost(), List.of("/d"),
                List.of("../*"), 4, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bigFilesAreCutAtTheLimit() throws Exception {
        Files.writeString(tmp.resolve("big"), "0123456789");
        Map<String, String> files = RemoteFiles.read(new ProcessHost(), List.of(tmp.toString()), List.of("big"), 4, Duration.ofSeconds(10));
        assertThat(files.get(tmp + "/big")).isEqualTo("0123");
    }
}
