package io.jenkins.plugins.slurmevaluate.jenkins;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Run;
import hudson.util.Secret;
import io.jenkins.plugins.slurmevaluate.jenkins.cluster.KnownHostsFileStrategy;
import io.jenkins.plugins.slurmevaluate.jenkins.cluster.SlurmCluster;
import io.jenkins.plugins.slurmevaluate.jenkins.cluster.SlurmClusters;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;

/**
 * The Slurm test bed ({@code testbed/up.sh}, as root) for the plugin's end-to-end tests: they need it and are skipped,
 * saying so, where it is missing (ci.jenkins.io). Settings come from {@code $TESTBED_ENV}, by default
 * {@code /var/lib/slurm-testbed/run/testbed.env}. Every instance has its own output directory and model-server port.
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

    int sshPort() {
        return Integer.parseInt(values.get("TESTBED_SSH_PORT"));
    }

    /** Cluster {@code tb} (SSH key, known_hosts of the test bed) and a secret text credential {@code probe-token}. */
    void configure() throws IOException {
        configure(sshPort(), values.get("TESTBED_KNOWN_HOSTS"));
    }

    /** Cluster {@code tb} reached through a proxy, whose port gets the test bed's host keys in a known_hosts of its own. */
    void configure(TcpProxy proxy) throws IOException {
        String knownHosts = Files.readString(Path.of(values.get("TESTBED_KNOWN_HOSTS")), StandardCharsets.UTF_8)
                .replace("[127.0.0.1]:" + sshPort() + " ", "[127.0.0.1]:" + proxy.port() + " ");
        Path file = Files.createTempFile("proxy-known-hosts", "");
        Files.writeString(file, knownHosts, StandardCharsets.UTF_8);
        configure(proxy.port(), file.toString());
    }

    private void configure(int sshPort, String knownHosts) throws IOException {
        String key = Files.readString(Path.of(values.get("TESTBED_SSH_KEY")), StandardCharsets.UTF_8);
        var store = SystemCredentialsProvider.getInstance();
        store.getCredentials().add(new BasicSSHUserPrivateKey(CredentialsScope.GLOBAL, "tb-ssh", values.get("TESTBED_SSH_USER"),
                new BasicSSHUserPrivateKey.DirectEntryPrivateKeySource(key), null, "test bed"));
        store.getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL, "probe-token", null, Secret.fromString(SECRET)));
        store.save();
        SlurmCluster tb = new SlurmCluster("tb", values.get("TESTBED_SSH_HOST"), "tb-ssh");
        tb.setPort(sshPort);
        tb.setHostKeyVerification(new KnownHostsFileStrategy(knownHosts));
        tb.setAccount(values.get("TESTBED_ACCOUNT"));
        SlurmClusters.get().setClusters(List.of(tb));
        SlurmClusters.get().setAllowTrustOptIn(true); // the evaluations below run a pre_cmd
    }

    /** A Pipeline: the step of {@link #step}, then an echo of the verdict and the job ids of the returned map. */
    String pipeline(int samples) throws IOException {
        return "def r = " + step(samples) + "\necho \"verdict=${r.verdict} jobs=${r.tasks['gsm8k.1'].jobIds}\"\n";
    }

    /**
     * A {@code slurmEvaluate} call that evaluates gsm8k with {@code samples} samples at one per second and prints the
     * secret from its pre_cmd (it must show as ****); {@code extra} are more overrides.
     */
    String step(int samples, String... extra) throws IOException {
        StringBuilder list = new StringBuilder();
        for (String o : overrides(samples, extra)) {
            list.append(list.length() == 0 ? "" : ", ").append("'").append(o.replace("\\", "\\\\").replace("'", "\\'")).append("'");
        }
        return "slurmEvaluate(cluster: 'tb', tasks: ['gsm8k'], secrets: [PROBE_TOKEN: 'probe-token'], trustPreCmd: true,\n"
                + "  gates: ['gsm8k.exact_match.strict-match >= 0'],\n"
                + "  overrides: [" + list + "],\n"
                + "  configText: '''" + config() + "''')";
    }

    /** The same evaluation as a freestyle build step. */
    SlurmEvaluateBuilder builder(int samples, String... extra) throws IOException {
        SlurmEvaluateBuilder b = new SlurmEvaluateBuilder();
        b.setCluster("tb");
        b.setTasks("gsm8k");
        b.setSecrets("PROBE_TOKEN=probe-token");
        b.setGates("gsm8k.exact_match.strict-match >= 0");
        b.setOverrides(String.join("\n", overrides(samples, extra)));
        b.setConfigText(config());
        b.setTrustPreCmd(true);
        return b;
    }

    static String config() throws IOException {
        return Files.readString(Path.of("..", "examples", "testbed.yaml"), StandardCharsets.UTF_8);
    }

    private List<String> overrides(int samples, String... extra) {
        List<String> overrides = new ArrayList<>(List.of("execution.output_dir=" + outputDir, "deployment.port=" + port,
                "+env_vars.STANDIN_SECONDS_PER_REQUEST=lit:1", "+env_vars.STANDIN_NUM_SAMPLES=lit:" + samples,
                "evaluation.nemo_evaluator_config.config.params.limit_samples=" + samples,
                "+env_vars.PROBE_TOKEN=host:PROBE_TOKEN"));
        overrides.addAll(List.of(extra));
        if (overrides.stream().noneMatch(o -> o.contains("evaluation.pre_cmd"))) {
            overrides.add("++evaluation.pre_cmd='echo probe token is $PROBE_TOKEN'");
        }
        return overrides;
    }

    /** The evaluation's jobs still queued or running, as {@code squeue} prints them ({@code id state}), or empty. */
    static String alive(RunRecord r) throws IOException, InterruptedException {
        if (r == null || r.tasks().isEmpty()) {
            return "";
        }
        String names = String.join(",", r.tasks().stream().map(TaskRecord::jobName).toList());
        Process p = new ProcessBuilder("squeue", "-h", "-t", "PENDING,RUNNING,SUSPENDED,CONFIGURING,COMPLETING",
                "-o", "%i %T", "-n", names).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("squeue failed: " + out);
        }
        return out;
    }

    /** The evaluation's record on a build (its only evaluation). */
    static RunRecord record(Run<?, ?> b) {
        EvaluationAction a = b.getAction(EvaluationAction.class);
        return a == null ? null : a.getRecord();
    }

    /** Waits until nothing of the build's evaluation is queued; returns how long that took. */
    static Duration awaitEmptyQueue(Run<?, ?> b, Duration limit) throws Exception {
        Instant start = Instant.now();
        while (!alive(record(b)).isEmpty()) {
            if (Duration.between(start, Instant.now()).compareTo(limit) > 0) {
                throw new AssertionError("still queued after " + limit + ": " + alive(record(b)));
            }
            Thread.sleep(250);
        }
        return Duration.between(start, Instant.now());
    }

    /** Cancels whatever the build left (a safety net for failed tests; a passing test has left nothing). */
    static void scancel(Run<?, ?> b) throws IOException, InterruptedException {
        RunRecord r = b == null ? null : record(b);
        if (r != null) {
            for (TaskRecord t : r.tasks()) {
                new ProcessBuilder("scancel", "--name=" + t.jobName()).start().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
