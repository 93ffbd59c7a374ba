package io.jenkins.plugins.slurmevaluate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigFileTest {

    @TempDir
    Path home;

    private SshConfigFile.HostConfig lookup(String config, String host) throws IOException {
        Path file = Files.createDirectories(home.resolve(".ssh")).resolve("config");
        Files.writeString(file, config);
        return new SshConfigFile(file, home).lookup(host);
    }

    @Test
    void theFirstValueObtainedWinsAndIdentityFilesAccumulate() throws IOException {
        var c = lookup("""
                Host cluster
                    HostName login1.example.com
                    Port 2222
                    IdentityFile ~/.ssh/cluster_key
                Host *
                    User alice
                    Port 22
                    IdentityFile ~/.ssh/id_ed25519
                    UserKnownHostsFile ~/.ssh/known_hosts ~/.ssh/known_hosts2
                    StrictHostKeyChecking accept-new
                """, "cluster");
        assertThat(c.hostName()).isEqualTo("login1.example.com");
        assertThat(c.port()).isEqualTo(2222);
        assertThat(c.user()).isEqualTo("alice");
        assertThat(c.identityFiles()).containsExactly("~/.ssh/cluster_key", "~/.ssh/id_ed25519");
        assertThat(c.knownHostsFiles()).containsExactly("~/.ssh/known_hosts", "~/.ssh/known_hosts2");
        assertThat(c.strictHostKeyChecking()).isEqualTo("accept-new");
    }

    @Test
    void anIncludedFileIsReadWhereItStandsAsTheTestBedsAliasNeeds() throws IOException {
        Path included = home.resolve("testbed_config");
        Files.writeString(included, """
                # written by testbed/up.sh
                Host slurm-testbed
                    HostName 127.0.0.1
                    Port=2222
                    User slurmtest
                    IdentityFile /keys/id_ed25519
                    UserKnownHostsFile /keys/known_hosts
                    StrictHostKeyChecking yes
                """);
        var c = lookup("Include " + included + "\nHost *\n  User root\n", "slurm-testbed");
        assertThat(c).isEqualTo(new SshConfigFile.HostConfig("127.0.0.1", 2222, "slurmtest", List.of("/keys/id_ed25519"),
                List.of("/keys/known_hosts"), "yes", List.of()));
    }

    @Test
    void relativeIncludesAreUnderDotSshAndGlobsAreReadInOrder() throws IOException {
        Path d = Files.createDirectories(home.resolve(".ssh/config.d"));
        Files.writeString(d.resolve("20-b"), "Host x\n  Port 20\n");
        Files.writeString(d.resolve("10-a"), "Host x\n  Port 10\n");
        assertThat(lookup("Include config.d/*\n", "x").port()).isEqualTo(10);
    }

    @Test
    void patternsNegationAndMatchBlocks() throws IOException {
        String config = """
                Host *.cluster !bastion.cluster
                    User alice
                Match host foo exec "true"
                    User matched
                Match all
                    Port 2200
                """;
        assertThat(lookup(config, "login.cluster").user()).isEqualTo("alice");
        assertThat(lookup(config, "bastion.cluster").user()).isNull();
        assertThat(lookup(config, "foo").user()).isNull(); // Match blocks other than "all" are skipped
        assertThat(lookup(config, "foo").port()).isEqualTo(2200);
        assertThat(lookup(config, "LOGIN.CLUSTER").user()).isEqualTo("alice");
    }

    @Test
    void settingsItCannotHonourAreReported() throws IOException {
        var c = lookup("Host c\n  ProxyJump bastion\n  ProxyCommand none\n", "c");
        assertThat(c.unsupported()).containsExactly("proxyjump bastion");
    }

    @Test
    void aMissingFileSaysNothing() throws IOException {
        var c = new SshConfigFile(home.resolve("nope"), home).lookup("h");
        assertThat(c.hostName()).isNull();
        assertThat(c.identityFiles()).isEmpty();
    }

    @Test
    void wordsHonourEqualsQuotesAndComments() {
        assertThat(SshConfigFile.words("  IdentityFile \"/my keys/id\"  # mine")).containsExactly("IdentityFile", "/my keys/id");
        assertThat(SshConfigFile.words("Port=2222")).containsExactly("Port", "2222");
        assertThat(SshConfigFile.words("Port = 2222")).containsExactly("Port", "2222");
        assertThat(SshConfigFile.words("# comment")).isEmpty();
    }
}
