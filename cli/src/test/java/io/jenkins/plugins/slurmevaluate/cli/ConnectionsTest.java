package io.jenkins.plugins.slurmevaluate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.slurmevaluate.remote.HostKeyPolicy;
import io.jenkins.plugins.slurmevaluate.remote.SshSettings;
import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options + config + ~/.ssh/config → SSH settings, as {@code ssh <host>} would resolve them; no connection is made. */
class ConnectionsTest {

    @TempDir
    Path home;

    private Path key;
    private final Map<String, String> env = Map.of("USER", "localme");

    @BeforeEach
    void keys() throws IOException {
        key = Files.createDirectories(home.resolve(".ssh")).resolve("id_ed25519");
        Files.writeString(key, "not really a key");
    }

    private void sshConfig(String text) throws IOException {
        Files.writeString(home.resolve(".ssh/config"), text);
    }

    private static Connections.Target config(String host, String user, boolean explicit) {
        return new Connections.Target(host, user, explicit, null, false);
    }

    private Connections.Connection resolve(ConnectionRequest flags, Connections.Target target) throws CliFailure {
        return Connections.resolve(flags, target, env, home);
    }

    @Test
    void anAliasResolvesToItsHostPortUserKeyAndKnownHosts() throws Exception {
        Path alt = home.resolve("tb_key");
        Files.writeString(alt, "k");
        sshConfig("Host slurm-testbed\n HostName 127.0.0.1\n Port 2222\n User slurmtest\n IdentityFile " + alt
                + "\n UserKnownHostsFile /tb/known_hosts\n StrictHostKeyChecking yes\n");
        var c = resolve(ConnectionRequest.none(), config("slurm-testbed", "localme", false));
        assertThat(c.ssh()).isEqualTo(SshSettings.builder("127.0.0.1", "slurmtest").port(2222).identityFile(alt, null)
                .hostKeyPolicy(HostKeyPolicy.knownHosts(Path.of("/tb/known_hosts"))).build());
        assertThat(c.cluster()).isEqualTo(new ClusterRef(null, "slurm-testbed", 2222, "slurmtest", false));
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void anExplicitConfigUserBeatsTheSshConfigAndAFlagBeatsBoth() throws Exception {
        sshConfig("Host h\n User fromsshconfig\n");
        assertThat(resolve(ConnectionRequest.none(), config("h", "fromconfig", true)).ssh().user()).isEqualTo("fromconfig");
        assertThat(resolve(ConnectionRequest.none(), config("h", "localme", false)).ssh().user()).isEqualTo("fromsshconfig");
        var flags = new ConnectionRequest("other", "flaguser", 2200, null, null, false, null, false);
        var c = resolve(flags, config("h", "fromconfig", true));
        assertThat(c.ssh().describe()).isEqualTo("flaguser@other:2200");
    }

    @Test
    void withoutAnySshConfigTheDefaultsApply() throws Exception {
        var c = resolve(ConnectionRequest.none(), config("login1", "alice", true));
        assertThat(c.ssh()).isEqualTo(SshSettings.builder("login1", "alice").identityFile(key, null)
                .hostKeyPolicy(HostKeyPolicy.knownHosts(home.resolve(".ssh/known_hosts"))).build());
    }

    @Test
    void theFlagsChooseKeyKnownHostsAndTrustOnFirstUse() throws Exception {
        Path k = home.resolve("k");
        Files.writeString(k, "k");
        var flags = new ConnectionRequest(null, null, null, k, home.resolve("kh"), true, null, false);
        var c = resolve(flags, config("login1", "alice", true));
        assertThat(c.ssh().hostKeyPolicy()).isEqualTo(HostKeyPolicy.acceptFirstAndPin(home.resolve("kh")));
        assertThat(c.ssh().toString()).contains("key file " + k);
    }

    @Test
    void strictHostKeyCheckingNoTurnsVerificationOffLoudly() throws Exception {
        sshConfig("Host lab\n StrictHostKeyChecking no\n");
        var c = resolve(ConnectionRequest.none(), config("lab", "alice", true));
        assertThat(c.ssh().hostKeyPolicy().kind()).isEqualTo(HostKeyPolicy.Kind.NO_VERIFICATION);
        assertThat(c.warnings()).singleElement().asString().contains("host key verification is OFF for lab");
    }

    @Test
    void tokensInFileNamesAreExpanded() throws Exception {
        Path k = Files.createDirectories(home.resolve("keys")).resolve("login1-alice");
        Files.writeString(k, "k");
        sshConfig("Host *\n IdentityFile %d/keys/%h-%r\n UserKnownHostsFile ~/kh-%u\n");
        var c = resolve(ConnectionRequest.none(), config("login1", "alice", true));
        assertThat(c.ssh().toString()).contains("key file " + k).contains("known_hosts " + home.resolve("kh-localme"));
    }

    @Test
    void localNeedsNoSshAndASavedLocalRunStaysLocal() throws Exception {
        var flags = new ConnectionRequest(null, null, null, null, null, false, null, true);
        var c = resolve(flags, config("login1", "alice", true));
        assertThat(c.ssh()).isNull();
        assertThat(c.cluster().local()).isTrue();
        assertThat(resolve(ConnectionRequest.none(), new Connections.Target("localhost", "u", true, 22, true)).ssh()).isNull();
    }

    @Test
    void reattachingUsesTheRecordsPortUnlessAFlagSaysOtherwise() throws Exception {
        var saved = Connections.Target.of(new ClusterRef(null, "login1", 2222, "alice", false));
        assertThat(resolve(ConnectionRequest.none(), saved).ssh().port()).isEqualTo(2222);
        var flags = new ConnectionRequest(null, null, 22, null, null, false, null, false);
        assertThat(resolve(flags, saved).ssh().port()).isEqualTo(22);
    }

    @Test
    void missingKeysAreUsageErrorsThatSayWhatToDo() throws Exception {
        Files.delete(key);
        assertThatThrownBy(() -> resolve(ConnectionRequest.none(), config("login1", "alice", true)))
                .isInstanceOf(CliFailure.class).hasMessageContaining("no private key for alice@login1: pass --identity FILE")
                .extracting(e -> ((CliFailure) e).exitCode()).isEqualTo(ExitCode.INVALID);
        sshConfig("Host login1\n IdentityFile ~/.ssh/gone\n");
        assertThatThrownBy(() -> resolve(ConnectionRequest.none(), config("login1", "alice", true)))
                .hasMessageContaining("none of the IdentityFile keys the SSH config names for login1 is readable");
        var flags = new ConnectionRequest(null, null, null, home.resolve("nope"), null, false, null, false);
        assertThatThrownBy(() -> resolve(flags, config("login1", "alice", true))).hasMessageContaining("--identity");
    }

    @Test
    void noHostAtAllIsAUsageError() {
        assertThatThrownBy(() -> resolve(ConnectionRequest.none(), config(null, "alice", true)))
                .hasMessageContaining("set execution.hostname in the config, or pass --host or --local");
    }
}
