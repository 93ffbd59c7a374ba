package io.jenkins.plugins.slurmevaluate.jenkins;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.util.Secret;
import io.jenkins.plugins.slurmevaluate.jenkins.cluster.KnownHostsFileStrategy;
import io.jenkins.plugins.slurmevaluate.jenkins.cluster.SlurmCluster;
import io.jenkins.plugins.slurmevaluate.jenkins.cluster.SlurmClusters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;

/**
 * The Slurm test bed ({@code testbed/up.sh}, as root) for the plugin's end-to-end tests: they need it and are skipped,
 * saying so, where it is missing (ci.jenkins.io). Settings come from {@code $TESTBED_ENV}, by default
 * {@code /var/lib/slurm-testbed/run/testbed.env}.
 */
final class PluginTestbed {

    static final String SECRET = "plugin-it-SECRET-" + Long.toHexString(ThreadLocalRandom.current().nextLong());

    private final Map<String, String> values;
    final String outputDir;
    final int port = 20000 + ThreadLocalRandom.current().nextInt(10000);

    private PluginTestbed(Map<String, String> values) {
        this.values = values;
        this.outputDir = values.getOrDefault("TESTBED_USER_HOME", "/home/slurmtest") + "/it/plugin-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The running test bed; skips the test when there is none. */
    static PluginTestbed require() throws IOException {
        Path file = Path.of(System.getenv().getOrDefault("TESTBED_ENV", "/var/lib/slurm-testbed/run/testbed.env"));
        assumeTrue(Files.isReadable(file), "needs the Slurm test bed (testbed/up.sh as root): no " + file);
        Map<String, String> v = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                v.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return new PluginTestbed(v);
    }

    /** Cluster {@code tb} (SSH key, known_hosts of the test bed) and a secret text credential {@code probe-token}. */
    void configure() throws IOException {
        String key = Files.readString(Path.of(values.get("TESTBED_SSH_KEY")), StandardCharsets.UTF_8);
        var store = SystemCredentialsProvider.getInstance();
        store.getCredentials().add(new BasicSSHUserPrivateKey(CredentialsScope.GLOBAL, "tb-ssh", values.get("TESTBED_SSH_USER"),
                new BasicSSHUserPrivateKey.DirectEntryPrivateKeySource(key), null, "test bed"));
        store.getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL, "probe-token", null, Secret.fromString(SECRET)));
        store.save();
        SlurmCluster tb = new SlurmCluster("tb", values.get("TESTBED_SSH_HOST"), "tb-ssh");
        tb.setPort(Integer.parseInt(values.get("TESTBED_SSH_PORT")));
        tb.setHostKeyVerification(new KnownHostsFileStrategy(values.get("TESTBED_KNOWN_HOSTS")));
        tb.setAccount(values.get("TESTBED_ACCOUNT"));
        SlurmClusters.get().setClusters(List.of(tb));
    }

    /**
     * A Pipeline that evaluates gsm8k with {@code samples} samples at one per second, prints the secret from its
     * pre_cmd (it must show as ****), and echoes the verdict and job ids of the returned map.
     */
    String pipeline(int samples) throws IOException {
        String yaml = Files.readString(Path.of("..", "examples", "testbed.yaml"), StandardCharsets.UTF_8);
        return "def r = slurmEvaluate(cluster: 'tb', tasks: ['gsm8k'], secrets: [PROBE_TOKEN: 'probe-token'],\n"
                + "  gates: ['gsm8k.exact_match.strict-match >= 0'],\n"
                + "  overrides: ['execution.output_dir=" + outputDir + "', 'deployment.port=" + port + "',\n"
                + "    '+env_vars.STANDIN_SECONDS_PER_REQUEST=lit:1', '+env_vars.STANDIN_NUM_SAMPLES=lit:" + samples + "',\n"
                + "    'evaluation.nemo_evaluator_config.config.params.limit_samples=" + samples + "',\n"
                + "    '+env_vars.PROBE_TOKEN=host:PROBE_TOKEN', '++evaluation.pre_cmd=\\'echo probe token is $PROBE_TOKEN\\''],\n"
                + "  configText: '''" + yaml + "''')\n"
                + "echo \"verdict=${r.verdict} jobs=${r.tasks['gsm8k.1'].jobIds}\"\n";
    }
}
