package io.jenkins.plugins.slurmevaluate.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How to reach the cluster: the options every command that talks to it shares. */
final class ConnectionOptions {

    @Option(names = "--host", paramLabel = "HOST",
            description = "Login node or ~/.ssh/config alias (default: the config's execution.hostname, or the run's).")
    String host;

    @Option(names = "--user", paramLabel = "USER",
            description = "SSH user (default: execution.username if set in the config, else User from the SSH config, else $USER).")
    String user;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "SSH port (default: Port from the SSH config, else 22).")
    Integer port;

    @Option(names = {"-i", "--identity"}, paramLabel = "FILE",
            description = "Private key (default: IdentityFile from the SSH config, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa). "
                    + "An encrypted key's passphrase comes from $" + Connections.PASSPHRASE_VARIABLE + ".")
    Path identity;

    @Option(names = "--known-hosts", paramLabel = "FILE",
            description = "Trusted host keys (default: UserKnownHostsFile from the SSH config, else ~/.ssh/known_hosts).")
    Path knownHosts;

    @Option(names = "--accept-new-host-key",
            description = "Trust a host that is not in known_hosts yet on first use and pin its key there (OpenSSH's accept-new).")
    boolean acceptNewHostKey;

    @Option(names = "--ssh-config", paramLabel = "FILE",
            description = "OpenSSH client config to resolve the host with (default ~/.ssh/config): HostName, Port, User, "
                    + "IdentityFile, UserKnownHostsFile, StrictHostKeyChecking, Include.")
    Path sshConfig;

    @Option(names = "--local",
            description = "Run Slurm commands on this machine, without SSH (on the cluster's login node; no MFA prompt).")
    boolean local;

    ConnectionRequest request() {
        return new ConnectionRequest(host, user, port, identity, knownHosts, acceptNewHostKey, sshConfig, local);
    }
}
