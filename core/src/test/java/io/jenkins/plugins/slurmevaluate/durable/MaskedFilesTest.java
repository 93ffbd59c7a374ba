package io.jenkins.plugins.slurmevaluate.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.run.LogSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskedFilesTest {

    private static final String SECRET = "hf_s3cr3t-VALUE";

    @TempDir
    Path dir;

    @Test
    void downloadedJobLogsLoseTheirSecretsAndEveryOtherByteStays() throws Exception {
        Path log = Files.createDirectories(dir.resolve("gsm8k.1/logs")).resolve("client-12.log");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("token is " + SECRET + " (réel)\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, ' '});
        bytes.writeBytes((SECRET + " in a line that is not UTF-8\r\n").getBytes(StandardCharsets.US_ASCII));
        bytes.writeBytes("no newline at the end".getBytes(StandardCharsets.US_ASCII));
        Files.write(log, bytes.toByteArray());
        Path artifact = Files.createDirectories(dir.resolve("gsm8k.1/artifacts")).resolve("results.yml");
        Files.writeString(artifact, "untouched: " + SECRET + "\n");
        Path clean = dir.resolve("gsm8k.1/logs/slurm-12.log");
        Files.writeString(clean, "nothing secret\n");
        long cleanModified = Files.getLastModifiedTime(clean).toMillis();

        int changed = MaskedFiles.maskLogs(dir, LogSink.masking(LogSink.discarding(), List.of(SECRET)));

        assertThat(changed).isEqualTo(1);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("token is **** (réel)\n".getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, ' '});
        expected.writeBytes("**** in a line that is not UTF-8\r\nno newline at the end".getBytes(StandardCharsets.US_ASCII));
        assertThat(Files.readAllBytes(log)).isEqualTo(expected.toByteArray());
        assertThat(Files.readString(artifact)).contains(SECRET);
        assertThat(Files.getLastModifiedTime(clean).toMillis()).isEqualTo(cleanModified);
        try (var files = Files.list(log.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("client-12.log", "slurm-12.log");
        }
    }
}
