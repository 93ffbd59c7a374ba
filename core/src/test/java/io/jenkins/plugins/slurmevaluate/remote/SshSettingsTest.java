package io.jenkins.plugins.slurmevaluate.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SshSettingsTest {

    private static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nsecret-key-material\n";

    @Test
    void toStringNeverShowsTheKeyOrThePassphrase() {
        SshSettings s = SshSettings.builder("login1", "alice")
                .identityKey("credential cluster-key", KEY.getBytes(StandardCharsets.UTF_8), "hunter2")
                .build();
        assertThat(s.toString())
                .contains("alice@login1:22", "key 'credential cluster-key' (encrypted)")
                .doesNotContain("hunter2", "secret-key-material", "BEGIN");
    }

    @Test
    void theKeyContentIsCopiedOnTheWayInAndOut() {
        byte[] key = KEY.getBytes(StandardCharsets.UTF_8);
        SshSettings s = SshSettings.builder("login1", "alice").identityKey("k", key, null).build();
        key[0] = 'X';
        byte[] out = s.identityKey().orElseThrow();
        assertThat(out[0]).isEqualTo((byte) '-');
        out[1] = 'Y';
        assertThat(s.identityKey().orElseThrow()[1]).isEqualTo((byte) '-');
    }

    @Test
    void settingsWithoutAPrivateKeyAreRefused() {
        assertThatThrownBy(() -> SshSettings.builder("login1", "alice").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no private key for alice@login1: call identityFile(...) or identityKey(...), "
                        + "or password(...) for password authentication");
    }

    @Test
    void aPasswordReplacesTheKeyAndNeverShows() {
        SshSettings s = SshSettings.builder("login1", "alice").identityKey("k", KEY.getBytes(StandardCharsets.UTF_8), "pp")
                .password("correct horse").build();
        assertThat(s.identityKey()).isEmpty();
        assertThat(new String(s.password().orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("correct horse");
        assertThat(s.toString()).contains("a password").doesNotContain("correct horse", "pp", "encrypted");
        assertThat(s).isNotEqualTo(SshSettings.builder("login1", "alice").password("other").build());
    }

    @Test
    void hostKeysAreCheckedAgainstTheUsersKnownHostsUnlessToldOtherwise() {
        SshSettings s = SshSettings.builder("login1", "alice").identityFile(Path.of("/k"), null).build();
        assertThat(s.hostKeyPolicy())
                .isEqualTo(HostKeyPolicy.knownHosts(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts")));
        assertThat(s.identityDescription()).isEqualTo("key file /k");
    }

    @Test
    void defaultsAreBoundedAndOverridable() {
        SshSettings s = SshSettings.builder("login1", "alice").identityFile(Path.of("/k"), null)
                .port(2222).connectTimeout(Duration.ofSeconds(5)).keepAlive(Duration.ofSeconds(10), 3)
                .reconnect(2, Duration.ofMillis(100), Duration.ofSeconds(1)).maxChannels(4).build();
        assertThat(s.describe()).isEqualTo("alice@login1:2222");
        assertThat(s.connectTimeout()).hasSeconds(5);
        assertThat(s.keepAliveCountMax()).isEqualTo(3);
        assertThat(s.connectAttempts()).isEqualTo(2);
        assertThat(s.maxChannels()).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536})
    void aPortOutsideTheTcpRangeIsRefused(int port) {
        assertThatThrownBy(() -> SshSettings.builder("h", "u").port(port))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and 65535");
    }

    @Test
    void blankHostOrUserIsRefused() {
        assertThatThrownBy(() -> SshSettings.builder(" ", "u")).hasMessage("host must not be blank");
        assertThatThrownBy(() -> SshSettings.builder("h", "")).hasMessage("user must not be blank");
    }

    @Test
    void reconnectPausesDoubleUpToTheCap() {
        Duration first = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(15);
        assertThat(SshConnection.backoff(1, first, max)).hasSeconds(1);
        assertThat(SshConnection.backoff(2, first, max)).hasSeconds(2);
        assertThat(SshConnection.backoff(3, first, max)).hasSeconds(4);
        assertThat(SshConnection.backoff(4, first, max)).hasSeconds(8);
        assertThat(SshConnection.backoff(5, first, max)).hasSeconds(15);
        assertThat(SshConnection.backoff(50, first, max)).hasSeconds(15);
    }
}
