package io.jenkins.plugins.slurmevaluate.jenkins.cluster;

import io.jenkins.plugins.slurmevaluate.jenkins.Messages;
import hudson.Extension;
import hudson.Util;
import hudson.util.FormValidation;
import io.jenkins.plugins.slurmevaluate.remote.HostKeyPolicy;
import java.nio.file.Path;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;

/**
 * Trust on first use: the first key the host offers is written to a known_hosts file, which is strict from then on
 * (default: {@code $JENKINS_HOME/slurm-evaluate/known_hosts}).
 */
public final class AcceptFirstStrategy extends HostKeyVerificationStrategy {

    private final String path;

    @DataBoundConstructor
    public AcceptFirstStrategy(String path) {
        this.path = Util.fixEmptyAndTrim(path);
    }

    /** The file, or null for the default under JENKINS_HOME. */
    public String getPath() {
        return path;
    }

    @Override
    public HostKeyPolicy toPolicy() {
        Path file = path != null ? Path.of(path) : Jenkins.get().getRootDir().toPath().resolve("slurm-evaluate").resolve("known_hosts");
        return HostKeyPolicy.acceptFirstAndPin(file);
    }

    @Extension
    @Symbol("acceptFirstAndPin")
    public static final class DescriptorImpl extends StrategyDescriptor {
        @Override
        public String getDisplayName() {
            return Messages.AcceptFirstStrategy_DisplayName();
        }

        public FormValidation doCheckPath(@QueryParameter String value) {
            String v = Util.fixEmptyAndTrim(value);
            return v == null || v.startsWith("/") ? FormValidation.ok() : FormValidation.error("An absolute path on the controller");
        }
    }
}
