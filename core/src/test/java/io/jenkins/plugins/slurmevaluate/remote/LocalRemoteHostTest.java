package io.jenkins.plugins.slurmevaluate.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalRemoteHostTest {

    private static final Duration T = Duration.ofSeconds(20);

    @TempDir
    Path home;

    private RemoteHost host;

    @BeforeEach
    void setUp() {
        host = new LocalRemoteHost(home);
    }

    @Test
    void argvReachesTheCommandVerbatimWithoutAnyShell() throws IOException {
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
        argv.addAll(RemoteScriptsTest.HOSTILE);
        ExecResult r = host.exec(argv, T);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        List<String> expected = new ArrayList<>(RemoteScriptsTest.HOSTILE);
        expected.add("");
        assertThat(r.stdout().split("\0", -1)).containsExactlyElementsOf(expected);
    }

    @Test
    void exitCodeStdoutAndStderrComeBackSeparately() throws IOException {
        ExecResult r = host.exec(List.of("sh", "-c", "echo out; echo err >&2; exit 7"), T);
        assertThat(r).isEqualTo(new ExecResult(7, "out\n", "err\n"));
    }

    @Test
    void commandsRunInTheHomeDirectoryWithStdinClosed() throws IOException {
        assertThat(host.exec(List.of("pwd"), T).stdout()).isEqualTo(home.toRealPath() + "\n");
        assertThat(host.exec(List.of("cat"), T)).isEqualTo(new ExecResult(0, "", ""));
    }

    @Test
    void aMissingProgramIsExit127AsAShellWouldSay() throws IOException {
        ExecResult r = host.exec(List.of("no-such-program-xyz", "a"), T);
        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(r.stderr()).startsWith("no-such-program-xyz: command not found");
    }

    @Test
    void aCommandThatOutlivesItsTimeoutIsKilledWithItsChildren() throws Exception {
        Path marker = home.resolve("child-survived");
        long start = System.nanoTime();
        assertThatThrownBy(() -> host.exec(List.of("sh", "-c", "(sleep 2; touch \"$1\") & sleep 30", "sh",
                marker.toString()), Duration.ofMillis(500)))
                .isInstanceOf(InterruptedIOException.class)
                .hasMessageContaining("did not finish within PT0.5S; it was killed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        Thread.sleep(2500);
        assertThat(marker).doesNotExist();
    }

    @Test
    void execStreamingHandsOverOutputAsItArrives() throws IOException {
        List<Long> arrivals = new ArrayList<>();
        long start = System.nanoTime();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        OutputStream timing = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                arrivals.add((System.nanoTime() - start) / 1_000_000);
                all.write(b, off, len);
            }
        };
        ExecResult r = host.execStreaming(List.of("sh", "-c", "echo first; sleep 2; echo second"), timing, T);
        assertThat(r.stdout()).isEmpty();
        assertThat(all.toString(StandardCharsets.UTF_8)).isEqualTo("first\nsecond\n");
        assertThat(arrivals).hasSize(2);
        assertThat(arrivals.get(1) - arrivals.get(0)).as("the first line arrived while the command still ran")
                .isGreaterThanOrEqualTo(1500);
    }

    @Test
    void aFailingOutputStreamFailsTheCallWithItsError() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        };
        assertThatThrownBy(() -> host.execStreaming(List.of("echo", "x"), broken, T))
                .isInstanceOf(IOException.class)
                .hasMessage("copying the output of `echo` failed: disk full");
    }

    @ParameterizedTest
    @ValueSource(ints = {0600, 0644, 0700, 0400})
    void writeFileLeavesExactlyTheRequestedModeAndNoTemporaryFile(int mode) throws IOException {
        host.writeFile("a/b/.secrets.env", "K='v'\n".getBytes(StandardCharsets.UTF_8), mode);
        Path file = home.resolve("a/b/.secrets.env");
        assertThat(Files.readString(file)).isEqualTo("K='v'\n");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(LocalRemoteHost.permissions(mode));
        try (Stream<Path> s = Files.list(file.getParent())) {
            assertThat(s.toList()).containsExactly(file);
        }
    }

    @Test
    void permissionBitsMapOneToOne() {
        assertThat(PosixFilePermissions.toString(LocalRemoteHost.permissions(0754))).isEqualTo("rwxr-xr--");
        assertThat(PosixFilePermissions.toString(LocalRemoteHost.permissions(0))).isEqualTo("---------");
    }

    @Test
    void writeFileReplacesAnExistingFileWholly() throws IOException {
        host.writeFile("/" + home + "/x", "a long first version".getBytes(StandardCharsets.UTF_8), 0644);
        host.writeFile(home + "/x", "v2".getBytes(StandardCharsets.UTF_8), 0600);
        assertThat(Files.readString(home.resolve("x"))).isEqualTo("v2");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("x")))).isEqualTo("rw-------");
    }

    @Test
    void readFileReadsFromAnOffsetAndReportsTheSize() throws IOException {
        Files.writeString(home.resolve("log"), "hello world\n");
        FileChunk first = host.readFile("log", 0, 5);
        assertThat(new String(first.bytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(first.size()).isEqualTo(12);
        assertThat(new String(host.readFile("log", 6, 100).bytes(), StandardCharsets.UTF_8)).isEqualTo("world\n");
        assertThat(host.readFile("log", 12, 100).bytes()).isEmpty();
        assertThat(host.readFile("log", 40, 100).size()).isEqualTo(12);
        assertThat(host.readFile("missing", 0, 100).missing()).isTrue();
    }

    @Test
    void theLocalHostOpensNoConnections() {
        assertThat(host.connectionCount()).isZero();
        assertThat(host.describe()).isEqualTo("local");
    }
}
