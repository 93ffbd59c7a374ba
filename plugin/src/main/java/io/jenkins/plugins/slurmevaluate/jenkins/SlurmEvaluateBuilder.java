package io.jenkins.plugins.slurmevaluate.jenkins;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.Launcher;
import hudson.Util;
import hudson.model.AbstractBuild;
import hudson.model.AbstractProject;
import hudson.model.BuildListener;
import hudson.tasks.BuildStepDescriptor;
import hudson.tasks.Builder;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.slurmevaluate.config.plan.Trust;
import io.jenkins.plugins.slurmevaluate.durable.DurableEvaluation;
import io.jenkins.plugins.slurmevaluate.durable.EvaluationRequest;
import java.io.IOException;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The freestyle form of {@code slurmEvaluate}, with the same options (lists as one item per line, secrets as
 * {@code NAME=credentialsId} lines). It runs the same lifecycle but holds its executor until the verdict, and like any
 * freestyle step it does not survive a controller restart: the chains are then cancelled. Use the Pipeline step for
 * evaluations that may outlive a restart. It is deliberately not a {@code SimpleBuildStep}: in a Pipeline,
 * {@code step([$class: 'SlurmEvaluateBuilder'])} would hold an executor and die with a restart, where
 * {@code slurmEvaluate} holds nothing and resumes.
 */
public final class SlurmEvaluateBuilder extends Builder {

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
    private boolean trustPreCmd;
    private boolean trustUnlistedTasks;

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
    @DataBoundSetter public void setTrustPreCmd(boolean value) { this.trustPreCmd = value; }
    @DataBoundSetter public void setTrustUnlistedTasks(boolean value) { this.trustUnlistedTasks = value; }
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
    public boolean isTrustPreCmd() { return trustPreCmd; }
    public boolean isTrustUnlistedTasks() { return trustUnlistedTasks; }
    // @formatter:on

    @Override
    public boolean perform(AbstractBuild<?, ?> build, Launcher launcher, BuildListener listener)
            throws InterruptedException, IOException {
        EvaluationRequest request = toRequest();
        DurableEvaluation evaluation = DurableEvaluation.create(request);
        EnvVars env = build.getEnvironment(listener);
        FreestylePorts ports = new FreestylePorts(request, evaluation, build, build.getWorkspace(), env, listener);
        ports.runToTheEnd();
        return true;
    }

    EvaluationRequest toRequest() throws AbortException {
        if (config != null && configText != null) {
            throw new AbortException("slurmEvaluate: give either a config file or a config text, not both");
        }
        try {
            return EvaluationRequest.builder().configPath(config).configText(configText).cluster(cluster).hostname(hostname)
                    .credentialsId(credentialsId).overrides(FormText.lines(overrides)).secrets(FormText.bindings(secrets))
                    .tasks(FormText.lines(tasks)).gates(FormText.lines(gates)).baselinePath(baseline).dryRun(dryRun)
                    .archive(archive).unstableOnInconclusive(unstableOnInconclusive)
                    .trust(new Trust(trustPreCmd, trustUnlistedTasks)).build();
        } catch (IllegalArgumentException e) {
            throw new AbortException("slurmEvaluate: " + e.getMessage());
        }
    }

    @Extension
    @Symbol("slurmEvaluateBuilder")
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

        /** A field explained the same way for both forms has its help once, with the Pipeline step. */
        @Override
        public String getHelpFile(String fieldName) {
            String own = super.getHelpFile(fieldName);
            return own != null || fieldName == null ? own
                    : Jenkins.get().getDescriptorByType(SlurmEvaluateStep.DescriptorImpl.class).getHelpFile(fieldName);
        }

        @POST
        public ListBoxModel doFillClusterItems(@AncestorInPath Item item, @QueryParameter String cluster) {
            return FormFill.clusters(item, cluster);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return FormFill.credentials(item, credentialsId);
        }

        @POST
        public FormValidation doCheckCluster(@AncestorInPath Item item, @QueryParameter String value) {
            return FormFill.checkCluster(item, value);
        }

        public FormValidation doCheckSecrets(@QueryParameter String value) {
            return FormText.checkBindings(value);
        }

        public FormValidation doCheckGates(@QueryParameter String value) {
            return FormText.checkGates(value);
        }
    }
}
