package io.jenkins.plugins.slurmevaluate.testbed;

import io.jenkins.plugins.slurmevaluate.remote.HostKeyPolicy;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.remote.SshSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The settings of the running Slurm test bed ({@code testbed/up.sh}), for end-to-end tests.
 *
 * <p>They are read from the {@code KEY=value} file named by the environment variable {@code TESTBED_ENV}, by
 * default {@value #DEFAULT_ENV_FILE}. When the file is missing the test fails (it is not skipped): end-to-end tests
 * that silently do nothing hide regressions.
 *
 * <pre>{@code
 * Testbed tb = Testbed.load();
 * try (RemoteHost host = tb.ssh()) { ... tb.account() ... tb.uniqueDir("my-test") ... }
 * }</pre>
 */
public final class Testbed {

    /** Where {@code testbed/up.sh} writes the settings unless {@code TESTBED_ENV} says otherwise. */
    public static final String DEFAULT_ENV_FILE = "/var/lib/slurm-testbed/run/testbed.env";

    /** Deployment ports handed out to this JVM's tests, in turn from a random start within 20000-29999. */
    private static final AtomicInteger NEXT_PORT = new AtomicInteger(ThreadLocalRandom.current().nextInt(10_000));

    private final Path file;
    private final Map<String, String> values;

    private Testbed(Path file, Map<String, String> values) {
        this.file = file;
        this.values = values;
    }

    /**
     * Reads the test bed's settings.
     *
     * @throws IllegalStateException "test bed not running: run testbed/up.sh as root" when the file is missing
     */
    public static Testbed load() {
        String configured = System.getenv("TESTBED_ENV");
        Path file = Path.of(configured == null || configured.isBlank() ? DEFAULT_ENV_FILE : configured);
        if (!Files.isReadable(file)) {
            throw new IllegalStateException("test bed not running: run testbed/up.sh as root (no readable " + file
                    + "; set TESTBED_ENV to use another settings file)");
        }
        try {
            return new Testbed(file, parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the test bed settings " + file + ": " + e, e);
        }
    }

    /** Parses {@code KEY=value} lines; blank lines and {@code #} comments are skipped, values are taken literally. */
    static Map<String, String> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (l.isEmpty() || l.startsWith("#") || eq <= 0) {
                continue;
            }
            values.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
        }
        return values;
    }

    /**
     * One setting, such as {@code TESTBED_NODE}.
     *
     * @throws IllegalStateException naming the key and the file when it is absent
     */
    public String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalStateException(key + " is not set in " + file + " (re-run testbed/up.sh?)");
        }
        return v;
    }

    public String account() {
        return get("TESTBED_ACCOUNT");
    }

    public String partition() {
        return get("TESTBED_PARTITION");
    }

    public String sshUser() {
        return get("TESTBED_SSH_USER");
    }

    /** The SSH user's home directory on the test bed. */
    public String userHome() {
        return values.getOrDefault("TESTBED_USER_HOME", "/home/" + sshUser());
    }

    /** Where the Pyxis SPANK double writes {@code <jobid>.<step>.json}. */
    public Path spankLogDir() {
        return Path.of(get("TESTBED_SPANK_LOGDIR"));
    }

    public Path knownHosts() {
        return Path.of(get("TESTBED_KNOWN_HOSTS"));
    }

    /** SSH settings for the test user with the ed25519 key and strict known_hosts checking; adjust and build. */
    public SshSettings.Builder sshSettingsBuilder() {
        return SshSettings.builder(get("TESTBED_SSH_HOST"), sshUser())
                .port(Integer.parseInt(get("TESTBED_SSH_PORT")))
                .identityFile(Path.of(get("TESTBED_SSH_KEY")), null)
                .hostKeyPolicy(HostKeyPolicy.knownHosts(knownHosts()));
    }

    public SshSettings sshSettings() {
        return sshSettingsBuilder().build();
    }

    /** A new SSH host for the test user (it connects on first use; close it). */
    public RemoteHost ssh() {
        return RemoteHost.ssh(sshSettings());
    }

    /**
     * An absolute directory under the SSH user's home that no other test or run uses,
     * {@code <home>/it/<prefix>-<random>}. Job ids repeat across test bed restarts; directory names must not.
     */
    public String uniqueDir(String prefix) {
        return userHome() + "/it/" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A port for a test's model server that no other test of this JVM gets and nothing listens on now. It is below
     * the kernel's ephemeral range (32768-60999): a port from {@code new ServerSocket(0)} is free when asked, but
     * the listening sockets that srun and slurmstepd open for every job step come from that range, and one of
     * them can take it before the server starts (the server then waits for its port until the link times out).
     */
    public static int deploymentPort() {
        for (int tries = 0; tries < 10_000; tries++) {
            int port = 20_000 + Math.floorMod(NEXT_PORT.getAndIncrement(), 10_000);
            try (ServerSocket s = new ServerSocket(port)) {
                return s.getLocalPort();
            } catch (IOException inUse) {
                // taken by something else on the machine: the next one
            }
        }
        throw new IllegalStateException("no free port in 20000-29999");
    }
}
