package io.jenkins.plugins.slurmevaluate.jenkins;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
import hudson.Util;
import hudson.model.AbstractProject;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.util.FormValidation;
import io.jenkins.plugins.slurmevaluate.durable.DurableEvaluation;
import io.jenkins.plugins.slurmevaluate.durable.EvaluationRequest;
import java.io.IOException;
import jenkins.tasks.SimpleBuildStep;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * The freestyle form of {@code slurmEvaluate}, with the same options (lists as one item per line, secrets as
 * {@code NAME=credentialsId} lines). It runs the same lifecycle but holds its executor until the verdict, and like any
 * freestyle step it does not survive a controller restart: the chains are then cancelled. Use the Pipeline step for
 * evaluations that may outlive a restart.
 */
public final class SlurmEvaluateBuilder extends Builder implements SimpleBuildStep {

    private String config;
    private String configText;
    private String cluster;
    private String hostname;
    private String credentialsId;
    private String overrides;
    private String secrets;
    private String tasks;
    private String gates;
    private String baseline;
    private boolean dryRun;
    private boolean archive = true;
    private boolean unstableOnInconclusive = true;

    @DataBoundConstructor
    public SlurmEvaluateBuilder() {}

    // @formatter:off
    @DataBoundSetter public void setConfig(String config) { this.config = Util.fixEmptyAndTrim(config); }
    @DataBoundSetter public void setConfigText(String configText) { this.configText = Util.fixEmpty(configText); }
    @DataBoundSetter public void setCluster(String cluster) { this.cluster = Util.fixEmptyAndTrim(cluster); }
    @DataBoundSetter public void setHostname(String hostname) { this.hostname = Util.fixEmptyAndTrim(hostname); }
    @DataBoundSetter public void setCredentialsId(String id) { this.credentialsId = Util.fixEmptyAndTrim(id); }
    @DataBoundSetter public void setOverrides(String overrides) { this.overrides = Util.fixEmptyAndTrim(overrides); }
    @DataBoundSetter public void setSecrets(String secrets) { this.secrets = Util.fixEmptyAndTrim(secrets); }
    @DataBoundSetter public void setTasks(String tasks) { this.tasks = Util.fixEmptyAndTrim(tasks); }
    @DataBoundSetter public void setGates(String gates) { this.gates = Util.fixEmptyAndTrim(gates); }
    @DataBoundSetter public void setBaseline(String baseline) { this.baseline = Util.fixEmptyAndTrim(baseline); }
    @DataBoundSetter public void setDryRun(boolean dryRun) { this.dryRun = dryRun; }
    @DataBoundSetter public void setArchive(boolean archive) { this.archive = archive; }
    @DataBoundSetter public void setUnstableOnInconclusive(boolean value) { this.unstableOnInconclusive = value; }
    public String getConfig() { return config; }
    public String getConfigText() { return configText; }
    public String getCluster() { return cluster; }
    public String getHostname() { return hostname; }
    public String getCredentialsId() { return credentialsId; }
    public String getOverrides() { return overrides; }
    public String getSecrets() { return secrets; }
    public String getTasks() { return tasks; }
    public String getGates() { return gates; }
    public String getBaseline() { return baseline; }
    public boolean isDryRun() { return dryRun; }
    public boolean isArchive() { return archive; }
    public boolean isUnstableOnInconclusive() { return unstableOnInconclusive; }
    // @formatter:on

    @Override
    public void perform(Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher, TaskListener listener)
            throws InterruptedException, IOException {
        EvaluationRequest request = toRequest();
        DurableEvaluation evaluation = DurableEvaluation.create(request);
        FreestylePorts ports = new FreestylePorts(request, evaluation, run, workspace, env, listener);
        ports.runToTheEnd();
    }

    EvaluationRequest toRequest() throws AbortException {
        if (config != null && configText != null) {
            throw new AbortException("slurmEvaluate: give either a config file or a config text, not both");
        }
        try {
            return EvaluationRequest.builder().configPath(config).configText(configText).cluster(cluster).hostname(hostname)
                    .credentialsId(credentialsId).overrides(FormText.lines(overrides)).secrets(FormText.bindings(secrets))
                    .tasks(FormText.lines(tasks)).gates(FormText.lines(gates)).baselinePath(baseline).dryRun(dryRun)
                    .archive(archive).unstableOnInconclusive(unstableOnInconclusive).build();
        } catch (IllegalArgumentException e) {
            throw new AbortException("slurmEvaluate: " + e.getMessage());
        }
    }

    @Extension
    public static final class DescriptorImpl extends BuildStepDescriptor<Builder> {

        @Override
        @SuppressWarnings("rawtypes") // the extension point's signature
        public boolean isApplicable(Class<? extends AbstractProject> jobType) {
            return true;
        }

        @Override
        public String getDisplayName() {
            return Messages.SlurmEvaluateBuilder_DisplayName();
        }

        public FormValidation doCheckSecrets(@QueryParameter String value) {
            return FormText.checkBindings(value);
        }

        public FormValidation doCheckGates(@QueryParameter String value) {
            return FormText.checkGates(value);
        }
    }
}
