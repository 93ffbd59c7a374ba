package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.HostKeyPolicy;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.remote.SshSettings;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.RunStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The CLI against the Slurm test bed ({@code testbed/up.sh}): unique remote directories, deployment ports and state
 * directories per test, the CLI in-process or as a separate {@code java -jar} process, and an SSH connection of
 * the test's own to look at the queue. The test fails (it is not skipped) when the test bed is not running.
 */
final class TestbedCli implements AutoCloseable {

    /** Deployment ports handed out in turn, from a random start. */
    private static final AtomicInteger NEXT_PORT = new AtomicInteger(ThreadLocalRandom.current().nextInt(2_768));

    static final Path ENV_FILE = Path.of(System.getenv().getOrDefault("TESTBED_ENV", "/var/lib/slurm-testbed/run/testbed.env"));
    static final Path CONFIG = Path.of("..", "examples", "testbed.yaml").toAbsolutePath().normalize();
    static final Path JAR = Path.of("target", "slurm-evaluate.jar").toAbsolutePath();

    final Map<String, String> env;
    final Path local;
    final Path state;
    final String outputDir;
    final int port;
    private final RemoteHost admin;

    /** @param local a fresh local directory of the test (state and results go under it) */
    TestbedCli(String label, Path local) throws IOException {
        if (!Files.isReadable(ENV_FILE)) {
            throw new IllegalStateException("test bed not running: run testbed/up.sh as root (no readable " + ENV_FILE + ")");
        }
        this.env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ENV_FILE)) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.startsWith("#")) {
                env.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        this.local = local;
        this.state = local.resolve("state");
        this.outputDir = env.get("TESTBED_USER_HOME") + "/it/cli-" + label + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.port = freePort();
        this.admin = RemoteHost.ssh(SshSettings.builder(env.get("TESTBED_SSH_HOST"), env.get("TESTBED_SSH_USER"))
                .port(Integer.parseInt(env.get("TESTBED_SSH_PORT")))
                .identityFile(Path.of(env.get("TESTBED_SSH_KEY")), null)
                .hostKeyPolicy(HostKeyPolicy.knownHosts(Path.of(env.get("TESTBED_KNOWN_HOSTS")))).build());
    }

    /** {@code run} of examples/testbed.yaml in this test's own directories, port and state, plus {@code extra}. */
    List<String> run(String... extra) {
        List<String> args = new ArrayList<>(List.of("run", "-c", CONFIG.toString(), "-o", "execution.output_dir=" + outputDir,
                "-o", "deployment.port=" + port, "--state-dir", state.toString(), "--results-dir", local.resolve("results").toString()));
        args.addAll(Arrays.asList(extra));
        return args;
    }

    /** Overrides that make the evaluation take {@code samples} seconds (one request per second). */
    static List<String> slow(int samples) {
        return List.of("-o", "evaluation.nemo_evaluator_config.config.params.limit_samples=" + samples,
                "-o", "+evaluation.nemo_evaluator_config.config.params.extra.seconds_per_request=1");
    }

    /** A command on this test's state directory. */
    List<String> on(String command, String id, String... extra) {
        List<String> args = new ArrayList<>(List.of(command, id, "--state-dir", state.toString()));
        args.addAll(Arrays.asList(extra));
        return args;
    }

    /** Runs the CLI in this JVM with the real environment and home (for ~/.ssh/config's alias). */
    CliRun inProcess(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(new CliContext(o, e, System.getenv(), local, Path.of(System.getProperty("user.home")), false),
                    args.toArray(String[]::new));
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Starts {@code java -jar slurm-evaluate.jar args} in the test's directory. */
    CliProcess start(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(args);
        return CliProcess.start(command, local);
    }

    RunRecord record(String id) throws IOException {
        return RunStore.inDirectory(state).find(id).orElseThrow();
    }

    /** squeue rows ({@code id name state}) of jobs with these names. */
    List<String> queued(List<String> jobNames) throws IOException {
        ExecResult r = admin.exec(List.of("squeue", "--me", "-h", "-t", "all", "-o", "%i %j %T"), Duration.ofSeconds(30));
        if (!r.ok()) {
            throw new IOException("squeue failed: " + r.stderr());
        }
        return r.stdout().lines().filter(l -> jobNames.stream().anyMatch(n -> l.contains(" " + n + " ")))
                .filter(l -> l.endsWith("PENDING") || l.endsWith("RUNNING") || l.endsWith("CONFIGURING")
                        || l.endsWith("COMPLETING") || l.endsWith("SUSPENDED"))
                .toList();
    }

    /** sacct rows ({@code id|state}) of every job ever named {@code jobName}; retried while accounting is down. */
    List<String> accounted(String jobName) throws IOException, InterruptedException {
        IOException last = null;
        for (int i = 0; i < 10; i++) {
            ExecResult r = admin.exec(List.of("sacct", "-X", "-n", "-P", "-S", "2000-01-01", "--name=" + jobName,
                    "-o", "JobID,State"), Duration.ofSeconds(30));
            if (r.ok()) {
                return r.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            }
            last = new IOException("sacct failed: " + r.stderr());
            Thread.sleep(3000);
        }
        throw last;
    }

    ExecResult remote(String script) throws IOException {
        return admin.exec(List.of("bash", "-c", script), Duration.ofSeconds(60));
    }

    @Override
    public void close() throws IOException {
        if (!Boolean.getBoolean("testbed.keep")) {
            admin.exec(List.of("rm", "-rf", outputDir), Duration.ofSeconds(60));
        }
        admin.close();
    }

    /**
     * A free port below the kernel's ephemeral range (32768-60999), where srun's and slurmstepd's listening sockets
     * cannot take it before the model server starts; 30000-32767, apart from the core tests' 20000-29999.
     */
    private static int freePort() {
        for (int tries = 0; tries < 2_768; tries++) {
            int port = 30_000 + Math.floorMod(NEXT_PORT.getAndIncrement(), 2_768);
            try (ServerSocket s = new ServerSocket(port)) {
                return s.getLocalPort();
            } catch (IOException inUse) {
                // taken by something else on the machine: the next one
            }
        }
        throw new IllegalStateException("no free port in 30000-32767");
    }
}
