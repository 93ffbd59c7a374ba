package io.jenkins.plugins.slurmevaluate.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.slurmevaluate.testbed.Testbed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SSH adapter against the test bed's real sshd. */
class SshRemoteHostIT {

    private static final Duration T = Duration.ofSeconds(30);

    private static Testbed testbed;
    private static RemoteHost host;
    private static String dir;

    @TempDir
    Path tmp;

    @BeforeAll
    static void connect() throws IOException {
        testbed = Testbed.load();
        host = testbed.ssh();
        dir = testbed.uniqueDir("ssh");
        assertThat(host.exec(List.of("mkdir", "-p", dir), T).exitCode()).isZero();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (host != null) {
            host.exec(List.of("rm", "-rf", dir), T);
            host.close();
        }
    }

    @Test
    void manyCommandsFromManyThreadsShareOneConnection() throws Exception {
        RemoteHost own = testbed.ssh();
        try (own) {
            for (int i = 0; i < 20; i++) {
                assertThat(own.exec(List.of("echo", "n" + i), T).stdout()).isEqualTo("n" + i + "\n");
            }
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<ExecResult>> results = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                List<String> argv = List.of("sh", "-c", "sleep 0.05; echo \"$1\"", "sh", "c" + i);
                results.add(pool.submit(() -> own.exec(argv, T)));
            }
            for (int i = 0; i < 60; i++) {
                assertThat(results.get(i).get().stdout()).isEqualTo("c" + i + "\n");
            }
            pool.shutdown();
            assertThat(own.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void hostileArgvArrivesAsExactlyTheSameTokens() throws IOException {
        List<String> tokens = List.of("plain", "two words", "it's", "\"double\"", "$HOME", "`id`", "$(id)",
                "line1\nline2", "tab\there", "", "-n", "*", "~", "a;b|c&&d", "back\\slash", "üñí©ødé", "!event");
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\0"));
        argv.addAll(tokens);
        ExecResult r = host.exec(argv, T);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().split("\0", -1)).containsExactlyElementsOf(withTrailingEmpty(tokens));
    }

    private static List<String> withTrailingEmpty(List<String> tokens) {
        List<String> l = new ArrayList<>(tokens);
        l.add(""); // the split after the last NUL
        return l;
    }

    @Test
    void exitCodeStdoutAndStderrComeBackSeparately() throws IOException {
        ExecResult r = host.exec(List.of("sh", "-c", "echo out; echo err >&2; exit 7"), T);
        assertThat(r).isEqualTo(new ExecResult(7, "out\n", "err\n"));
    }

    @Test
    void writeFileCreatesParentsAndTheRequestedModeAndLeavesNoTemporaryFile() throws IOException {
        String path = dir + "/new/sub/.secrets.env";
        host.writeFile(path, "export A='x'\n".getBytes(StandardCharsets.UTF_8), 0600);
        assertThat(host.exec(List.of("stat", "-c", "%a", path), T).stdout()).isEqualTo("600\n");
        assertThat(host.exec(List.of("cat", path), T).stdout()).isEqualTo("export A='x'\n");

        host.writeFile(path, "second".getBytes(StandardCharsets.UTF_8), 0750);
        assertThat(host.exec(List.of("stat", "-c", "%a", path), T).stdout()).isEqualTo("750\n");
        assertThat(host.exec(List.of("cat", path), T).stdout()).isEqualTo("second");
        assertThat(host.exec(List.of("ls", "-A", dir + "/new/sub"), T).stdout()).isEqualTo(".secrets.env\n");
    }

    @Test
    void writeFileOfBinaryContentIsByteExact() throws IOException {
        byte[] content = new byte[300_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        String path = dir + "/binary.bin";
        host.writeFile(path, content, 0644);
        FileChunk all = host.readFile(path, 0, content.length + 10);
        assertThat(all.size()).isEqualTo(content.length);
        assertThat(all.bytes()).isEqualTo(content);
    }

    @Test
    void writeFileIntoAPlaceThatCannotHoldItFailsWithTheReason() {
        assertThatThrownBy(() -> host.writeFile("/proc/forbidden/x", new byte[1], 0600))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot write /proc/forbidden/x on " + host.describe());
    }

    @Test
    void readFileFollowsAGrowingFileByOffset() throws IOException {
        String path = dir + "/log.txt";
        assertThat(host.readFile(path, 0, 100).missing()).isTrue();
        host.writeFile(path, "hello world\n".getBytes(StandardCharsets.UTF_8), 0644);

        FileChunk first = host.readFile(path, 0, 5);
        assertThat(new String(first.bytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(first.size()).isEqualTo(12);
        FileChunk rest = host.readFile(path, 6, 100);
        assertThat(new String(rest.bytes(), StandardCharsets.UTF_8)).isEqualTo("world\n");

        host.exec(List.of("sh", "-c", "printf 'more\\n' >> \"$1\"", "sh", path), T);
        FileChunk grown = host.readFile(path, 12, 100);
        assertThat(new String(grown.bytes(), StandardCharsets.UTF_8)).isEqualTo("more\n");
        assertThat(grown.size()).isEqualTo(17);

        FileChunk atEnd = host.readFile(path, 17, 100);
        assertThat(atEnd.bytes()).isEmpty();
        assertThat(atEnd.missing()).isFalse();
        assertThat(host.readFile(path, 1000, 100).size()).as("size below offset: truncated").isEqualTo(17);
    }

    @Test
    void execStreamingCopiesATarStreamAsItArrives() throws Exception {
        host.writeFile(dir + "/artifacts/results.yml", "score: 0.5\n".getBytes(StandardCharsets.UTF_8), 0644);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        ExecResult r = host.execStreaming(List.of("tar", "-C", dir, "-cf", "-", "artifacts"), tar, T);
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEmpty();
        byte[] bytes = tar.toByteArray();
        assertThat(bytes.length % 512).isZero();
        assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains("artifacts/results.yml", "score: 0.5");

        List<Long> arrivals = new ArrayList<>();
        long start = System.nanoTime();
        OutputStream timing = new OutputStream() {
            @Override
            public void write(int b) {
                arrivals.add((System.nanoTime() - start) / 1_000_000);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                arrivals.add((System.nanoTime() - start) / 1_000_000);
            }
        };
        host.execStreaming(List.of("sh", "-c", "echo first; sleep 2; echo second"), timing, T);
        assertThat(arrivals).hasSizeGreaterThanOrEqualTo(2);
        assertThat(arrivals.get(arrivals.size() - 1) - arrivals.get(0))
                .as("the first chunk arrived while the command still ran").isGreaterThanOrEqualTo(1500);
    }

    @Test
    void aFailingOutputStreamFailsOnlyItsOwnCallNotTheSharedConnection() throws IOException {
        RemoteHost own = testbed.ssh();
        try (own) {
            OutputStream full = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    throw new IOException("disk full");
                }
            };
            assertThatThrownBy(() -> own.execStreaming(List.of("head", "-c", "1000000", "/dev/zero"), full, T))
                    .isInstanceOf(IOException.class)
                    .hasMessage("copying the output of `head -c 1000000 /dev/zero` failed: disk full");
            assertThat(own.exec(List.of("echo", "still"), T).stdout()).isEqualTo("still\n");
            assertThat(own.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void aCommandThatOutlivesItsTimeoutIsAbandonedAndTheConnectionStaysUsable() throws IOException {
        RemoteHost own = testbed.ssh();
        try (own) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> own.exec(List.of("sleep", "30"), Duration.ofSeconds(1)))
                    .isInstanceOf(InterruptedIOException.class)
                    .hasMessageContaining("`sleep 30` did not finish within PT1S");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(own.exec(List.of("true"), T).exitCode()).isZero();
            assertThat(own.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void aDroppedConnectionFailsTheRunningCommandAndTheNextCallReconnects() throws IOException {
        RemoteHost own = RemoteHost.ssh(testbed.sshSettingsBuilder()
                .reconnect(3, Duration.ofMillis(200), Duration.ofSeconds(1)).build());
        try (own) {
            assertThat(own.exec(List.of("echo", "before"), T).stdout()).isEqualTo("before\n");
            // kill the sshd process that serves this connection: the TCP connection drops mid-command
            String killServer = "p=$$; while [ \"$(ps -o comm= -p \"$p\")\" != sshd ]; do "
                    + "p=$(ps -o ppid= -p \"$p\" | tr -d ' '); done; kill -9 \"$p\"; sleep 5";
            assertThatThrownBy(() -> own.exec(List.of("sh", "-c", killServer), T))
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(InterruptedIOException.class)
                    .hasMessageContaining("dropped")
                    .hasMessageContaining("may or may not have run");
            assertThat(own.exec(List.of("echo", "after"), T).stdout()).isEqualTo("after\n");
            assertThat(own.connectionCount()).isEqualTo(2);
        }
    }

    @Test
    void aHostKeyThatDiffersFromKnownHostsIsRefusedWithTheTypedError() throws Exception {
        Path knownHosts = tmp.resolve("known_hosts");
        String otherKey = generateKey(tmp.resolve("other")).split(" ")[1];
        Files.writeString(knownHosts, "[127.0.0.1]:2222 ssh-ed25519 " + otherKey + "\n");
        RemoteHost refused = RemoteHost.ssh(testbed.sshSettingsBuilder()
                .hostKeyPolicy(HostKeyPolicy.knownHosts(knownHosts)).build());
        try (refused) {
            assertThatThrownBy(() -> refused.exec(List.of("true"), T))
                    .isInstanceOfSatisfying(HostKeyRejectedException.class, e -> {
                        assertThat(e.host()).isEqualTo("[127.0.0.1]:2222");
                        assertThat(e.keyType()).isEqualTo("ssh-ed25519");
                        assertThat(e.fingerprint()).isEqualTo(testbedFingerprint("ssh-ed25519"));
                        assertThat(e.trustedKeys()).isEqualTo(knownHosts.toString());
                    })
                    .hasMessageContaining("CHANGED")
                    .hasMessageContaining(testbedFingerprint("ssh-ed25519"))
                    .hasMessageContaining(knownHosts.toString())
                    .hasMessageContaining("ssh-keygen -R");
        }
    }

    @Test
    void aHostMissingFromKnownHostsIsRefusedWithAHowToAddItHint() {
        Path knownHosts = tmp.resolve("absent/known_hosts");
        RemoteHost refused = RemoteHost.ssh(testbed.sshSettingsBuilder()
                .hostKeyPolicy(HostKeyPolicy.knownHosts(knownHosts)).reconnect(5, Duration.ofSeconds(5), Duration.ofSeconds(5)).build());
        long start = System.nanoTime();
        assertThatThrownBy(() -> refused.exec(List.of("true"), T))
                .isInstanceOf(HostKeyRejectedException.class)
                .hasMessageContaining("host key of [127.0.0.1]:2222 rejected")
                .hasMessageContaining(testbedFingerprint("ssh-ed25519"))
                .hasMessageContaining("the file does not exist")
                .hasMessageContaining("ssh-keyscan -p 2222 127.0.0.1 >> " + knownHosts);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not retried").isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aPinnedFingerprintIsAcceptedAndAnyOtherIsRefused() throws IOException {
        RemoteHost pinned = RemoteHost.ssh(testbed.sshSettingsBuilder()
                .hostKeyPolicy(HostKeyPolicy.pinned(testbedFingerprint("ssh-ed25519"))).build());
        try (pinned) {
            assertThat(pinned.exec(List.of("echo", "ok"), T).stdout()).isEqualTo("ok\n");
        }
        String wrong = "SHA256:" + "A".repeat(43);
        RemoteHost refused = RemoteHost.ssh(testbed.sshSettingsBuilder()
                .hostKeyPolicy(HostKeyPolicy.pinned(wrong)).build());
        assertThatThrownBy(() -> refused.exec(List.of("true"), T))
                .isInstanceOf(HostKeyRejectedException.class)
                .hasMessageContaining("the pinned fingerprint is " + wrong)
                .hasMessageContaining(testbedFingerprint("ssh-ed25519"));
    }

    @Test
    void acceptFirstAndPinWritesTheFirstKeyAndIsStrictAfterwards() throws Exception {
        Path knownHosts = tmp.resolve("new-dir/known_hosts");
        HostKeyPolicy tofu = HostKeyPolicy.acceptFirstAndPin(knownHosts);
        try (RemoteHost first = RemoteHost.ssh(testbed.sshSettingsBuilder().hostKeyPolicy(tofu).build())) {
            assertThat(first.exec(List.of("true"), T).exitCode()).isZero();
        }
        assertThat(Files.readString(knownHosts)).startsWith("[127.0.0.1]:2222 ssh-ed25519 AAAA").endsWith("\n");
        try (RemoteHost second = RemoteHost.ssh(testbed.sshSettingsBuilder().hostKeyPolicy(tofu).build())) {
            assertThat(second.exec(List.of("true"), T).exitCode()).isZero();
        }
        assertThat(Files.readAllLines(knownHosts)).hasSize(1);

        String otherKey = generateKey(tmp.resolve("other")).split(" ")[1];
        Files.writeString(knownHosts, "[127.0.0.1]:2222 ssh-ed25519 " + otherKey + "\n");
        RemoteHost third = RemoteHost.ssh(testbed.sshSettingsBuilder().hostKeyPolicy(tofu).build());
        assertThatThrownBy(() -> third.exec(List.of("true"), T)).isInstanceOf(HostKeyRejectedException.class);
        assertThat(Files.readAllLines(knownHosts)).containsExactly("[127.0.0.1]:2222 ssh-ed25519 " + otherKey);
    }

    @Test
    void noVerificationMustBeChosenExplicitlyAndThenConnects() throws IOException {
        try (RemoteHost open = RemoteHost.ssh(testbed.sshSettingsBuilder()
                .hostKeyPolicy(HostKeyPolicy.noVerification()).build())) {
            assertThat(open.exec(List.of("echo", "ok"), T).stdout()).isEqualTo("ok\n");
        }
    }

    @Test
    void aKeyTheServerDoesNotKnowIsRefusedNamingTheIdentityTried() throws Exception {
        Path key = tmp.resolve("stranger");
        generateKey(key);
        RemoteHost stranger = RemoteHost.ssh(testbed.sshSettingsBuilder().identityFile(key, null).build());
        assertThatThrownBy(() -> stranger.exec(List.of("true"), T))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("slurmtest@127.0.0.1:2222 refused public key authentication with key file " + key)
                .hasMessageContaining("authorized_keys");
    }

    @Test
    void aPasswordTheServerDoesNotAcceptIsRefusedWithTheTypedError() {
        // the test bed's sshd allows public keys only: this shows the password is offered and the refusal is typed
        RemoteHost withPassword = RemoteHost.ssh(testbed.sshSettingsBuilder().password("not the password").build());
        assertThatThrownBy(() -> withPassword.exec(List.of("true"), T))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("slurmtest@127.0.0.1:2222 refused the password of slurmtest");
    }

    @Test
    void anEncryptedKeyWorksWithItsPassphraseAndFailsClearlyWithout() throws Exception {
        Path key = tmp.resolve("encrypted");
        Files.copy(Path.of(testbed.get("TESTBED_SSH_KEY")), key);
        run("ssh-keygen", "-q", "-p", "-N", "s3cret pass", "-f", key.toString());
        try (RemoteHost ok = RemoteHost.ssh(testbed.sshSettingsBuilder().identityFile(key, "s3cret pass").build())) {
            assertThat(ok.exec(List.of("echo", "ok"), T).stdout()).isEqualTo("ok\n");
        }
        RemoteHost noPass = RemoteHost.ssh(testbed.sshSettingsBuilder().identityFile(key, null).build());
        assertThatThrownBy(() -> noPass.exec(List.of("true"), T))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageContaining("passphrase is missing or wrong");
    }

    @Test
    void aKeyGivenAsContentAuthenticatesLikeAKeyFile() throws IOException {
        byte[] key = Files.readAllBytes(Path.of(testbed.get("TESTBED_SSH_KEY_RSA")));
        try (RemoteHost fromBytes = RemoteHost.ssh(testbed.sshSettingsBuilder()
                .identityKey("credential testbed-rsa", key, null).build())) {
            assertThat(fromBytes.exec(List.of("whoami"), T).stdout()).isEqualTo(testbed.sshUser() + "\n");
        }
    }

    @Test
    void aPortWithNothingListeningFailsAfterTheBoundedRetries() {
        RemoteHost nowhere = RemoteHost.ssh(SshSettings.builder("127.0.0.1", "nobody").port(1)
                .identityFile(Path.of(testbed.get("TESTBED_SSH_KEY")), null)
                .reconnect(3, Duration.ofMillis(100), Duration.ofMillis(200)).build());
        assertThatThrownBy(() -> nowhere.exec(List.of("true"), T))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot connect to nobody@127.0.0.1:1 (3 attempts)");
        assertThat(nowhere.connectionCount()).isZero();
    }

    /** The fingerprint of the test bed's host key of this type, computed from its known_hosts file. */
    private static String testbedFingerprint(String type) {
        try {
            for (String line : Files.readAllLines(testbed.knownHosts())) {
                String[] f = line.split(" ");
                if (f.length >= 3 && f[1].equals(type)) {
                    return HostKeyVerifier.fingerprint(Base64.getDecoder().decode(f[2]));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no " + type + " key in " + testbed.knownHosts());
    }

    /** Generates an unencrypted ed25519 key pair with ssh-keygen and returns the public key line. */
    private static String generateKey(Path file) throws Exception {
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", file.toString());
        return Files.readString(Path.of(file + ".pub")).strip();
    }

    private static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(Arrays.toString(argv) + " failed: " + out);
        }
    }
}
