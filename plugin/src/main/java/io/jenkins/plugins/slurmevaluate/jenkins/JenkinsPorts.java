package io.jenkins.plugins.slurmevaluate.jenkins;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.slurmevaluate.durable.ClusterProfile;
import io.jenkins.plugins.slurmevaluate.durable.EvaluationPorts;
import io.jenkins.plugins.slurmevaluate.durable.EvaluationRequest;
import io.jenkins.plugins.slurmevaluate.durable.EvaluationResult;
import io.jenkins.plugins.slurmevaluate.env.SecretSource;
import io.jenkins.plugins.slurmevaluate.jenkins.cluster.Connections;
import io.jenkins.plugins.slurmevaluate.jenkins.cluster.SlurmClusters;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.run.Evaluator;
import io.jenkins.plugins.slurmevaluate.run.LogSink;
import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.RunRecordJson;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.graph.FlowNode;

/**
 * The {@link EvaluationPorts} of a Jenkins build, shared by the Pipeline step and the freestyle builder: Jenkins
 * objects are looked up when needed (so a new instance after a restart finds the new ones), the verdict is mapped to
 * a build result, and what the lifecycle downloads lives in a temporary directory removed by {@link #cleanUp()}.
 */
abstract class JenkinsPorts implements EvaluationPorts {

    private static final Logger LOG = Logger.getLogger(JenkinsPorts.class.getName());

    final EvaluationRequest request;
    /** Root of this life's downloads; created on first use. */
    private Path scratchRoot;

    JenkinsPorts(EvaluationRequest request) {
        this.request = request;
    }

    abstract Run<?, ?> run() throws IOException, InterruptedException;

    abstract TaskListener listener() throws IOException, InterruptedException;

    /** The workspace, or null when the step runs outside {@code node}. */
    abstract FilePath workspace() throws IOException, InterruptedException;

    abstract EnvVars environmentVars() throws IOException, InterruptedException;

    /** The step's flow node, or null in a freestyle build. */
    abstract FlowNode flowNode() throws IOException, InterruptedException;

    /** The verdict allows the build to go on, with this result (SUCCESS or UNSTABLE). */
    abstract void succeeded(EvaluationResult result, Result buildResult);

    /** The build step fails with this message (a failed gate, an invalid config, …). */
    abstract void failedWith(String message);

    @Override
    public String trustOptInForbidden() {
        return SlurmClusters.get().trustOptInForbidden();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return EvaluationPool.get().scheduler();
    }

    @Override
    public Evaluator evaluator() {
        return EvaluationPool.get().evaluator();
    }

    @Override
    public LogSink log() {
        try {
            return new ConsoleLogSink(listener().getLogger());
        } catch (IOException | InterruptedException e) {
            throw new UncheckedIOException(new IOException("the build log is not available: " + e, e));
        }
    }

    @Override
    public SecretSource secrets() {
        try {
            return new JenkinsSecretSource(run(), request.secrets(), environment());
        } catch (IOException | InterruptedException e) {
            throw new UncheckedIOException(new IOException("the build is not available: " + e, e));
        }
    }

    @Override
    public Map<String, String> environment() {
        try {
            return environmentVars();
        } catch (IOException | InterruptedException e) {
            LOG.log(Level.FINE, "no build environment", e);
            return Map.of();
        }
    }

    @Override
    public String readFile(String path) throws IOException, InterruptedException {
        FilePath ws = workspace();
        if (ws == null) {
            throw new AbortException("slurmEvaluate: no workspace to read " + path + " from; call the step inside node {} "
                    + "after the checkout, or pass the config as configText");
        }
        FilePath file = ws.child(path);
        if (!file.exists()) {
            throw new AbortException("slurmEvaluate: " + path + " does not exist in the workspace " + ws.getRemote());
        }
        try (InputStream in = file.read()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8); // YAML is UTF-8, whatever the agent's charset
        }
    }

    @Override
    public ClusterProfile cluster(EvaluationRequest req) throws IOException {
        try {
            return Connections.profile(run(), req.cluster(), req.hostname(), req.credentialsId(),
                    ClusterProfile.configuredHostname(req, environment()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public RemoteHost host(EvaluationRequest req, ClusterRef ref) throws IOException {
        try {
            return Connections.host(run(), req.cluster(), req.credentialsId(), ref, log(), this);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public synchronized Path scratchDirectory() throws IOException {
        if (scratchRoot == null) {
            scratchRoot = Files.createTempDirectory("slurm-evaluate-");
        }
        return Files.createTempDirectory(scratchRoot, "run");
    }

    /**
     * Keeps the offsets of what was just printed in a small file next to build.xml, after flushing the build log, so
     * that after an unclean stop the step goes on after the last line that reached the log rather than after the last
     * saved state (saved once a minute while only offsets move). One atomic rename per batch of lines.
     */
    @Override
    public void printed(RunRecord record) {
        try {
            listener().getLogger().flush();
            Path dir = printedDirectory();
            Files.createDirectories(dir);
            Path file = dir.resolve(record.invocationId() + ".printed.json");
            Path tmp = dir.resolve(record.invocationId() + ".printed.json.tmp");
            Files.write(tmp, RunRecordJson.write(record));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOG.log(Level.FINE, "cannot keep the printed offsets of " + record.invocationId(), e);
        }
    }

    @Override
    public RunRecord printedBefore(String invocationId) {
        try {
            Path file = printedDirectory().resolve(invocationId + ".printed.json");
            return Files.isRegularFile(file) ? RunRecordJson.read(Files.readAllBytes(file)) : null;
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOG.log(Level.WARNING, "unreadable printed offsets of " + invocationId + "; going on from the saved state", e);
            return null;
        }
    }

    private Path printedDirectory() throws IOException, InterruptedException {
        return run().getRootDir().toPath().resolve("slurm-evaluate");
    }

    @Override
    public void publish(EvaluationResult result, Path directory, LogSink log) throws IOException, InterruptedException {
        ResultPublisher.publish(run(), listener(), flowNode(), request, result, directory, log);
    }

    @Override
    public void finished(EvaluationResult result) {
        Result r = buildResult(result.getVerdict(), request.unstableOnInconclusive());
        if (r.isBetterOrEqualTo(Result.UNSTABLE)) {
            succeeded(result, r);
        } else {
            failedWith("slurm-evaluate verdict " + result.getVerdict() + ": " + result.getMessage());
        }
    }

    @Override
    public void failed(String message) {
        failedWith(message.startsWith("slurmEvaluate: ") ? message : "slurmEvaluate: " + message);
    }

    /** PASS and dry runs succeed; INCONCLUSIVE is UNSTABLE (or FAILURE if asked); FAIL and ERROR fail. */
    static Result buildResult(String verdict, boolean unstableOnInconclusive) {
        return switch (verdict) {
            case "PASS", EvaluationResult.DRY_RUN -> Result.SUCCESS;
            case "INCONCLUSIVE" -> unstableOnInconclusive ? Result.UNSTABLE : Result.FAILURE;
            default -> Result.FAILURE;
        };
    }

    /** Keeps the build's summary action up to date with the record, for the janitor after a hard kill. */
    void recordInAction(RunRecord record) {
        if (record == null) {
            return;
        }
        try {
            EvaluationAction.recordOn(run(), request, record);
        } catch (IOException | InterruptedException e) {
            LOG.log(Level.FINE, "cannot record the run on the build", e);
        }
    }

    /** Removes this life's downloads and lets go of its connections. */
    synchronized void cleanUp() {
        EvaluationPool.get().release(this);
        if (scratchRoot != null) {
            try {
                Util.deleteRecursive(new File(scratchRoot.toString()));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot delete " + scratchRoot, e);
            }
            scratchRoot = null;
        }
    }
}
