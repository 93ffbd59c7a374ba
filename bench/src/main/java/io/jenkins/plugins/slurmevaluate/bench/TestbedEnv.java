package io.jenkins.plugins.slurmevaluate.bench;

import io.jenkins.plugins.slurmevaluate.remote.HostKeyPolicy;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.remote.SshSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running test bed's settings ({@code testbed/up.sh} writes them to {@value #DEFAULT_ENV_FILE}, or the file
 * named by {@code TESTBED_ENV}). A small copy of the test code's {@code Testbed}, so the benchmarks do not depend on
 * test jars.
 */
final class TestbedEnv {

    static final String DEFAULT_ENV_FILE = "/var/lib/slurm-testbed/run/testbed.env";

    private final Path file;
    private final Map<String, String> values;

    private TestbedEnv(Path file, Map<String, String> values) {
        this.file = file;
        this.values = values;
    }

    static TestbedEnv load() throws IOException {
        String configured = System.getenv("TESTBED_ENV");
        Path file = Path.of(configured == null || configured.isBlank() ? DEFAULT_ENV_FILE : configured);
        if (!Files.isReadable(file)) {
            throw new IOException("test bed not running: run testbed/up.sh as root (no readable " + file + ")");
        }
        return new TestbedEnv(file, parse(Files.readString(file)));
    }

    static Map<String, String> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (!l.isEmpty() && !l.startsWith("#") && eq > 0) {
                values.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
            }
        }
        return values;
    }

    String get(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalStateException(key + " is not set in " + file + " (re-run testbed/up.sh?)");
        }
        return v;
    }

    String host() {
        return get("TESTBED_SSH_HOST");
    }

    int port() {
        return Integer.parseInt(get("TESTBED_SSH_PORT"));
    }

    String user() {
        return get("TESTBED_SSH_USER");
    }

    String home() {
        return values.getOrDefault("TESTBED_USER_HOME", "/home/" + user());
    }

    String account() {
        return get("TESTBED_ACCOUNT");
    }

    String partition() {
        return get("TESTBED_PARTITION");
    }

    /** The OpenSSH alias for the same login ({@code ssh slurm-testbed}). */
    String sshAlias() {
        return get("TESTBED_SSH_ALIAS");
    }

    /** The OpenSSH client config that defines {@link #sshAlias()}. */
    Path sshConfig() {
        return Path.of(get("TESTBED_SSH_CONFIG"));
    }

    /** A new SSH host for the test user, strict known_hosts checking, room for many channels. */
    RemoteHost ssh() {
        return RemoteHost.ssh(SshSettings.builder(host(), user())
                .port(port())
                .identityFile(Path.of(get("TESTBED_SSH_KEY")), null)
                .hostKeyPolicy(HostKeyPolicy.knownHosts(Path.of(get("TESTBED_KNOWN_HOSTS"))))
                .build());
    }
}
