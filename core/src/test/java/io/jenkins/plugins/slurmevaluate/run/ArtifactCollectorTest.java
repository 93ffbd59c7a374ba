package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCollectorTest {

    @TempDir
    Path tmp;

    private RunRecord record(Path inv, String... taskDirs) {
        List<TaskRecord> tasks = java.util.Arrays.stream(taskDirs)
                .map(d -> TaskRecord.planned(d.replaceAll("\\.\\d+$", ""), 0, inv.resolve(d).toString(), "j")).toList();
        return new RunRecord(RunRecord.SCHEMA, "0123456789abcdef", Instant.now(), new ClusterRef(null, "h", 22, "u", true),
                "x", inv.toString(), List.of(), List.of(), null, RunRecord.Phase.COLLECTING, tasks, null, null);
    }

    @Test
    void artifactsAndLogsArriveWithoutCachesAndSecrets() throws Exception {
        Path inv = tmp.resolve("remote/inv");
        Path task = Files.createDirectories(inv.resolve("hellaswag.0"));
        Files.createDirectories(task.resolve("artifacts/cache/responses"));
        Files.writeString(task.resolve("artifacts/results.yml"), "results: {}\n");
        Files.writeString(task.resolve("artifacts/cache/responses/x.json"), "{}");
        Files.writeString(task.resolve("artifacts/lm_cache.db"), "db");
        Files.createDirectories(task.resolve("logs"));
        Files.writeString(task.resolve("logs/slurm-12.log"), "hello\n");
        Files.writeString(task.resolve(".secrets.env"), "export X='secret'\n");
        Files.createDirectories(inv.resolve("never-ran.1"));
        RemoteHost host = new ProcessHost();
        var got = new ArtifactCollector(host).collect(record(inv, "hellaswag.0", "never-ran.1"), tmp.resolve("local"),
                CollectLimits.defaults());
        assertThat(got.files()).isEqualTo(2);
        assertThat(tmp.resolve("local/hellaswag.0/artifacts/results.yml")).hasContent("results: {}");
        assertThat(tmp.resolve("local/hellaswag.0/logs/slurm-12.log")).hasContent("hello");
        assertThat(tmp.resolve("local/hellaswag.0/artifacts/cache")).doesNotExist();
        assertThat(tmp.resolve("local/hellaswag.0/artifacts/lm_cache.db")).doesNotExist();
        assertThat(tmp.resolve("local/hellaswag.0/.secrets.env")).doesNotExist();
    }

    @Test
    void entriesThatWouldLandOutsideTheDestinationAreRefused() throws Exception {
        byte[] evil = tar("../escape.txt", "x");
        Files.createDirectories(tmp.resolve("dest"));
        assertThatThrownBy(() -> ArtifactCollector.extract(new ByteArrayInputStream(evil), tmp.resolve("dest"),
                CollectLimits.defaults())).hasMessageContaining("outside the destination");
        assertThat(tmp.resolve("escape.txt")).doesNotExist();
    }

    @Test
    void theSizeLimitStopsTheDownloadWithAHint() throws Exception {
        byte[] big = tar("t.0/artifacts/big.bin", "x".repeat(2000));
        Files.createDirectories(tmp.resolve("dest"));
        assertThatThrownBy(() -> ArtifactCollector.extract(new ByteArrayInputStream(big), tmp.resolve("dest"),
                new CollectLimits(1000, 10, Duration.ofSeconds(5)))).hasMessageContaining("raise the size limit");
    }

    private static byte[] tar(String name, String content) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name, true);
            e.setSize(data.length);
            out.putArchiveEntry(e);
            out.write(data);
            out.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
