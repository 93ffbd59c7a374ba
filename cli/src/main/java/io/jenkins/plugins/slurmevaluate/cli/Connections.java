package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.remote.HostKeyPolicy;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.remote.SshSettings;
import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the connection options, the cluster named by the config (or by a saved run) and the OpenSSH client config
 * into SSH settings, the way {@code ssh <host>} would: a flag beats the config file's explicit value, which beats
 * {@code ~/.ssh/config}, which beats the defaults. A pure function of its inputs, so it is tested without SSH.
 */
final class Connections {

    /** Where the passphrase of an encrypted private key comes from (never a flag: argv is visible in ps). */
    static final String PASSPHRASE_VARIABLE = "SLURM_EVALUATE_SSH_PASSPHRASE";

    private static final List<String> DEFAULT_KEYS = List.of("id_ed25519", "id_ecdsa", "id_rsa");

    /**
     * The cluster as the config or a saved run names it, before the flags and the SSH config apply.
     *
     * @param host the host or SSH config alias, or null
     * @param user the user, or null
     * @param userExplicit false when the user is only {@code $USER} of this machine (the config's default), which the SSH
     *     config's {@code User} then beats, as it does for {@code ssh alias}
     * @param port the port a saved run used, or null
     * @param local whether a saved run ran without SSH
     */
    record Target(String host, String user, boolean userExplicit, Integer port, boolean local) {

        static Target of(ClusterRef ref) {
            return new Target(ref.host(), ref.user(), true, ref.port(), ref.local());
        }
    }

    /**
     * How to reach the cluster: the reference saved in the run record, and the SSH settings (null for {@code --local}).
     *
     * @param warnings things the user should know (verification off, settings that are ignored)
     */
    record Connection(ClusterRef cluster, SshSettings ssh, List<String> warnings) {

        RemoteHost open() {
            return ssh == null ? RemoteHost.local() : RemoteHost.ssh(ssh);
        }
    }

    private Connections() {}

    static Connection resolve(ConnectionRequest flags, Target target, Map<String, String> env, Path home) throws CliFailure {
        String localUser = env.getOrDefault("USER", System.getProperty("user.name"));
        if (flags.local() || (flags.host() == null && target.local())) {
            return new Connection(new ClusterRef(null, "localhost", 22, localUser, true), null, List.of());
        }
        String alias = flags.host() != null ? flags.host() : target.host();
        if (alias == null || alias.isBlank()) {
            throw CliFailure.invalid("no cluster to connect to: set execution.hostname in the config, or pass --host or --local");
        }
        Path configFile = flags.sshConfig() != null ? flags.sshConfig() : home.resolve(".ssh/config");
        if (flags.sshConfig() != null && !Files.isRegularFile(configFile)) {
            throw CliFailure.invalid("--ssh-config " + configFile + " is not a file");
        }
        SshConfigFile.HostConfig hc;
        try {
            hc = new SshConfigFile(configFile, home).lookup(alias);
        } catch (IOException e) {
            throw CliFailure.invalid("cannot read the SSH config " + configFile + ": " + e.getMessage());
        }
        List<String> warnings = new ArrayList<>();
        hc.unsupported().forEach(u -> warnings.add(configFile + " sets '" + u + "' for " + alias
                + ", which slurm-evaluate does not support; it connects directly"));
        String hostName = hc.hostName() != null ? expand(hc.hostName(), home, alias, "", 0, localUser) : alias;
        int port = first(flags.port(), target.port(), hc.port(), 22);
        String user = flags.user() != null ? flags.user()
                : target.userExplicit() && target.user() != null ? target.user()
                : hc.user() != null ? hc.user()
                : target.user() != null ? target.user() : localUser;
        Path identity = identity(flags, hc, home, hostName, user, port, localUser);
        Path knownHosts = flags.knownHosts() != null ? flags.knownHosts()
                : !hc.knownHostsFiles().isEmpty() ? Path.of(expand(hc.knownHostsFiles().get(0), home, hostName, user, port, localUser))
                : home.resolve(".ssh/known_hosts");
        HostKeyPolicy policy = policy(flags, hc, knownHosts);
        if (policy.kind() == HostKeyPolicy.Kind.NO_VERIFICATION) {
            warnings.add("host key verification is OFF for " + alias + " (StrictHostKeyChecking " + hc.strictHostKeyChecking()
                    + " in " + configFile + "): anyone on the network path can impersonate the cluster and receive the secrets");
        }
        SshSettings settings;
        try {
            settings = SshSettings.builder(hostName, user).port(port).identityFile(identity, env.get(PASSPHRASE_VARIABLE))
                    .hostKeyPolicy(policy).build();
        } catch (IllegalArgumentException e) {
            throw CliFailure.invalid(e.getMessage());
        }
        return new Connection(new ClusterRef(null, alias, port, user, false), settings, List.copyOf(warnings));
    }

    private static Path identity(ConnectionRequest flags, SshConfigFile.HostConfig hc, Path home, String host, String user,
            int port, String localUser) throws CliFailure {
        if (flags.identity() != null) {
            if (!Files.isReadable(flags.identity())) {
                throw CliFailure.invalid("--identity " + flags.identity() + " is not a readable file");
            }
            return flags.identity();
        }
        List<Path> candidates = new ArrayList<>();
        hc.identityFiles().forEach(f -> candidates.add(Path.of(expand(f, home, host, user, port, localUser))));
        boolean configured = !candidates.isEmpty();
        if (!configured) {
            DEFAULT_KEYS.forEach(k -> candidates.add(home.resolve(".ssh").resolve(k)));
        }
        for (Path p : candidates) {
            if (Files.isReadable(p)) {
                return p;
            }
        }
        throw CliFailure.invalid(configured
                ? "none of the IdentityFile keys the SSH config names for " + host + " is readable: " + candidates
                : "no private key for " + user + "@" + host + ": pass --identity FILE, or set IdentityFile in ~/.ssh/config "
                        + "(looked for " + candidates + "); slurm-evaluate does not use ssh-agent");
    }

    private static HostKeyPolicy policy(ConnectionRequest flags, SshConfigFile.HostConfig hc, Path knownHosts) {
        if (flags.acceptNewHostKey()) {
            return HostKeyPolicy.acceptFirstAndPin(knownHosts);
        }
        String strict = hc.strictHostKeyChecking() == null ? "" : hc.strictHostKeyChecking();
        return switch (strict) {
            case "no", "off" -> HostKeyPolicy.noVerification();
            case "accept-new" -> HostKeyPolicy.acceptFirstAndPin(knownHosts);
            default -> HostKeyPolicy.knownHosts(knownHosts);
        };
    }

    /** ssh_config(5) tokens in file names: ~, %d (home), %h, %r (remote user), %p, %u (local user), %%. */
    static String expand(String value, Path home, String host, String user, int port, String localUser) {
        String v = value.startsWith("~/") ? home.resolve(value.substring(2)).toString() : value;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char ch = v.charAt(i);
            if (ch != '%' || i + 1 == v.length()) {
                out.append(ch);
                continue;
            }
            char t = v.charAt(++i);
            out.append(switch (t) {
                case 'd' -> home.toString();
                case 'h' -> host;
                case 'r' -> user;
                case 'p' -> String.valueOf(port);
                case 'u' -> localUser;
                case '%' -> "%";
                default -> "%" + t;
            });
        }
        return out.toString();
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
