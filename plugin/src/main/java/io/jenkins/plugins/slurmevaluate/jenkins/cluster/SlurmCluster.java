package io.jenkins.plugins.slurmevaluate.jenkins.cluster;

import io.jenkins.plugins.slurmevaluate.jenkins.Messages;
import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernameCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.HostKeyPolicy;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One Slurm cluster: its login node, the credentials to log in with (an SSH key or a username with password), how
 * its host key is verified, and defaults for the evaluations' account, partition and output directory.
 */
public final class SlurmCluster implements Describable<SlurmCluster> {

    /** What a cluster's name may be made of; steps and configs refer to it. */
    static final java.util.regex.Pattern VALID_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]+");

    private final String name;
    private final String hostname;
    private final String credentialsId;
    private int port = 22;
    private HostKeyVerificationStrategy hostKeyVerification = new KnownHostsFileStrategy(null);
    private String account;
    private String partition;
    private String outputDir;

    @DataBoundConstructor
    public SlurmCluster(String name, String hostname, String credentialsId) {
        this.name = Util.fixEmptyAndTrim(name);
        this.hostname = Util.fixEmptyAndTrim(hostname);
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    // @formatter:off
    @DataBoundSetter public void setPort(int port) { this.port = port; }
    @DataBoundSetter public void setHostKeyVerification(HostKeyVerificationStrategy s) { this.hostKeyVerification = s; }
    @DataBoundSetter public void setAccount(String account) { this.account = Util.fixEmptyAndTrim(account); }
    @DataBoundSetter public void setPartition(String partition) { this.partition = Util.fixEmptyAndTrim(partition); }
    @DataBoundSetter public void setOutputDir(String outputDir) { this.outputDir = Util.fixEmptyAndTrim(outputDir); }
    public String getName() { return name; }
    public String getHostname() { return hostname; }
    public String getCredentialsId() { return credentialsId; }
    public int getPort() { return port; }
    public HostKeyVerificationStrategy getHostKeyVerification() { return hostKeyVerification; }
    public String getAccount() { return account; }
    public String getPartition() { return partition; }
    public String getOutputDir() { return outputDir; }
    // @formatter:on

    /** Fields checked and filled only by administrators; the connection test is a POST. */
    @Extension
    public static final class DescriptorImpl extends Descriptor<SlurmCluster> {

        @Override
        public String getDisplayName() {
            return Messages.SlurmCluster_DisplayName();
        }

        public FormValidation doCheckName(@QueryParameter String value) {
            if (Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.error("A name is required: steps refer to the cluster by it");
            }
            return VALID_NAME.matcher(value.strip()).matches() ? FormValidation.ok()
                    : FormValidation.error("Use letters, digits, '.', '_' and '-' only");
        }

        public FormValidation doCheckHostname(@QueryParameter String value) {
            return Util.fixEmptyAndTrim(value) == null ? FormValidation.error("The login node is required") : FormValidation.ok();
        }

        public FormValidation doCheckPort(@QueryParameter int value) {
            return value >= 1 && value <= 65535 ? FormValidation.ok() : FormValidation.error("Between 1 and 65535");
        }

        public FormValidation doCheckOutputDir(@QueryParameter String value) {
            String v = Util.fixEmptyAndTrim(value);
            return v == null || v.startsWith("/") ? FormValidation.ok()
                    : FormValidation.error("An absolute directory on a file system shared with the compute nodes");
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
            StandardListBoxModel result = new StandardListBoxModel();
            if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
                return result.includeCurrentValue(credentialsId);
            }
            result.includeEmptyValue().includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardUsernameCredentials.class,
                    List.of(), CredentialsMatchers.anyOf(CredentialsMatchers.instanceOf(SSHUserPrivateKey.class),
                            CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class)));
            return result.includeCurrentValue(credentialsId);
        }

        /** What a new cluster's host-key drop-down starts with: the controller's known_hosts, never trust-on-first-use. */
        public HostKeyVerificationStrategy getDefaultHostKeyVerification() {
            return new KnownHostsFileStrategy(null);
        }

        /**
         * Logs in and asks Slurm for its version. The host key is checked as the saved cluster of that name says when
         * the form still names the saved login node, else against the controller's known_hosts; a test never pins a
         * key (accept-first-and-pin is tested against its file as it is), so a mistyped host cannot be pinned.
         */
        @POST
        public FormValidation doTestConnection(@QueryParameter String name, @QueryParameter String hostname,
                @QueryParameter int port, @QueryParameter String credentialsId) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            String host = Util.fixEmptyAndTrim(hostname);
            if (host == null || Util.fixEmptyAndTrim(credentialsId) == null) {
                return FormValidation.error("Fill in the login node and the credentials first");
            }
            SlurmCluster saved = SlurmClusters.get().cluster(Util.fixEmptyAndTrim(name));
            boolean asSaved = saved != null && host.equals(saved.getHostname()) && port == saved.getPort()
                    && saved.getHostKeyVerification() != null;
            HostKeyPolicy policy = asSaved ? saved.getHostKeyVerification().toPolicy() : KnownHostsFileStrategy.defaultPolicy();
            String checked = asSaved ? "host key checked as saved for " + saved.getName() + ": " + policy
                    : "host key checked against " + policy + "; save the cluster to test its own verification setting";
            if (policy.kind() == HostKeyPolicy.Kind.ACCEPT_FIRST_AND_PIN) {
                policy = HostKeyPolicy.knownHosts(policy.knownHostsFile().orElseThrow());
                checked += " (read only: a test pins nothing, the first build does)";
            }
            try (RemoteHost remote = RemoteHost.ssh(Connections.settingsForTest(host, port, credentialsId.strip(), policy))) {
                ExecResult r = remote.exec(List.of("sinfo", "--version"), Duration.ofSeconds(30));
                if (!r.ok()) {
                    return FormValidation.warning("Logged in to " + remote.describe() + ", but sinfo failed: "
                            + r.stderr().strip() + " (" + checked + ")");
                }
                return FormValidation.ok("Connected to " + remote.describe() + " (" + r.stdout().strip() + "); " + checked);
            } catch (IOException | RuntimeException e) {
                return FormValidation.error("Cannot connect: " + e.getMessage() + " (" + checked + ")");
            }
        }
    }
}
