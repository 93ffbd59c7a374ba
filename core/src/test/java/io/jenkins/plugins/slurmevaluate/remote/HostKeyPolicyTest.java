package io.jenkins.plugins.slurmevaluate.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostKeyPolicyTest {

    private static final String FP = "SHA256:iMXstt4Hgv3glZFYgM7kNxQDXfA6QK0osUZizOPuDWo";

    @Test
    void aPinnedFingerprintIsNormalised() {
        assertThat(HostKeyPolicy.pinned("  " + FP + "= ").fingerprint()).contains(FP);
        assertThat(HostKeyPolicy.pinned(FP)).isEqualTo(HostKeyPolicy.pinned(FP + "="));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "iMXstt4Hgv3glZFYgM7kNxQDXfA6QK0osUZizOPuDWo", // no SHA256: prefix
        "MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48", // MD5 is refused
        "SHA256:tooShort",
        ""
    })
    void somethingThatIsNotASha256FingerprintIsRefused(String text) {
        assertThatThrownBy(() -> HostKeyPolicy.pinned(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a SHA-256 host key fingerprint")
                .hasMessageContaining("ssh-keygen -lf");
    }

    @Test
    void eachPolicySaysWhatItTrusts() {
        assertThat(HostKeyPolicy.knownHosts(Path.of("/kh"))).hasToString("known_hosts /kh");
        assertThat(HostKeyPolicy.pinned(FP)).hasToString("pinned " + FP);
        assertThat(HostKeyPolicy.acceptFirstAndPin(Path.of("/kh")))
                .hasToString("accept the first key and pin it in /kh");
        assertThat(HostKeyPolicy.noVerification()).hasToString("no host key verification");
        assertThat(HostKeyPolicy.noVerification().knownHostsFile()).isEmpty();
        assertThat(HostKeyPolicy.acceptFirstAndPin(Path.of("/kh")).kind())
                .isEqualTo(HostKeyPolicy.Kind.ACCEPT_FIRST_AND_PIN);
    }
}
