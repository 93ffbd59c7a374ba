package io.jenkins.plugins.slurmevaluate.jenkins;

import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Descriptor.FormException;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.slurmevaluate.config.plan.Trust;
import io.jenkins.plugins.slurmevaluate.durable.DurableEvaluation;
import io.jenkins.plugins.slurmevaluate.durable.EvaluationRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * {@code def r = slurmEvaluate config: 'eval.yaml', cluster: 'dgx', gates: ['hellaswag.acc_norm >= 0.80']}: runs an
 * evaluation on a Slurm cluster, holds (across controller restarts, without an executor) until every task's chain
 * has stopped, streams the cluster logs into the build log, gates on the scores and returns a plain map.
 */
public final class SlurmEvaluateStep extends Step {

    private String config;
    private String configText;
    private String cluster;
    private String hostname;
    private String credentialsId;
    private List<String> overrides = List.of();
    private Map<String, String> secrets = Map.of();
    private List<String> tasks = List.of();
    private List<String> gates = List.of();
    private String baseline;
    private boolean dryRun;
    private boolean archive = true;
    private boolean unstableOnInconclusive = true;
    private boolean trustPreCmd;
    private boolean trustUnlistedTasks;

    @DataBoundConstructor
    public SlurmEvaluateStep() {}

    // @formatter:off
    @DataBoundSetter public void setConfig(String config) { this.config = Util.fixEmptyAndTrim(config); }
    @DataBoundSetter public void setConfigText(String configText) { this.configText = Util.fixEmpty(configText); }
    @DataBoundSetter public void setCluster(String cluster) { this.cluster = Util.fixEmptyAndTrim(cluster); }
    @DataBoundSetter public void setHostname(String hostname) { this.hostname = Util.fixEmptyAndTrim(hostname); }
    @DataBoundSetter public void setCredentialsId(String id) { this.credentialsId = Util.fixEmptyAndTrim(id); }
    @DataBoundSetter public void setOverrides(List<String> overrides) { this.overrides = copy(overrides); }
    @DataBoundSetter public void setSecrets(Map<String, String> secrets) { this.secrets = secrets == null ? new LinkedHashMap<>() : new LinkedHashMap<>(secrets); }
    @DataBoundSetter public void setTasks(List<String> tasks) { this.tasks = copy(tasks); }
    @DataBoundSetter public void setGates(List<String> gates) { this.gates = copy(gates); }
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
    public List<String> getOverrides() { return overrides; }
    public Map<String, String> getSecrets() { return secrets; }
    public List<String> getTasks() { return tasks; }
    public List<String> getGates() { return gates; }
    public String getBaseline() { return baseline; }
    public boolean isDryRun() { return dryRun; }
    public boolean isArchive() { return archive; }
    public boolean isUnstableOnInconclusive() { return unstableOnInconclusive; }
    public boolean isTrustPreCmd() { return trustPreCmd; }
    public boolean isTrustUnlistedTasks() { return trustUnlistedTasks; }
    // @formatter:on

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new SlurmEvaluateExecution(context, DurableEvaluation.create(toRequest()));
    }

    /** @throws AbortException for a missing or doubled config, before anything is scheduled */
    EvaluationRequest toRequest() throws AbortException {
        if (config != null && configText != null) {
            throw new AbortException("slurmEvaluate: give either config (a workspace file) or configText, not both");
        }
        try {
            return EvaluationRequest.builder().configPath(config).configText(configText).cluster(cluster).hostname(hostname)
                    .credentialsId(credentialsId).overrides(overrides).secrets(secrets).tasks(tasks).gates(gates)
                    .baselinePath(baseline).dryRun(dryRun).archive(archive).unstableOnInconclusive(unstableOnInconclusive)
                    .trust(new Trust(trustPreCmd, trustUnlistedTasks)).build();
        } catch (IllegalArgumentException e) {
            throw new AbortException("slurmEvaluate: " + e.getMessage());
        }
    }

    private static List<String> copy(List<String> list) {
        return new ArrayList<>(Util.fixNull(list));
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "slurmEvaluate";
        }

        @Override
        public String getDisplayName() {
            return Messages.SlurmEvaluateStep_DisplayName();
        }

        /** Only the build and its log: the step holds no executor and no workspace while it waits. */
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        /** The snippet generator's text areas (one item per line, NAME=credentialsId) become lists and a map. */
        @Override
        public SlurmEvaluateStep newInstance(StaplerRequest2 req, JSONObject form) throws FormException {
            SlurmEvaluateStep step = (SlurmEvaluateStep) super.newInstance(req, FormText.withoutTextAreas(form));
            FormText.applyTextAreas(form, step);
            return step;
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
