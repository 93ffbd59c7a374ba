package io.jenkins.plugins.slurmevaluate.jenkins.cluster;

import io.jenkins.plugins.slurmevaluate.jenkins.Messages;
import hudson.Extension;
import hudson.Util;
import hudson.util.FormValidation;
import io.jenkins.plugins.slurmevaluate.remote.HostKeyPolicy;
import java.nio.file.Path;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;

/** The host key must be in an OpenSSH known_hosts file on the controller (default: the controller user's). */
public final class KnownHostsFileStrategy extends HostKeyVerificationStrategy {

    private final String path;

    @DataBoundConstructor
    public KnownHostsFileStrategy(String path) {
        this.path = Util.fixEmptyAndTrim(path);
    }

    /** The file, or null for {@code ~/.ssh/known_hosts} of the user Jenkins runs as. */
    public String getPath() {
        return path;
    }

    @Override
    public HostKeyPolicy toPolicy() {
        return path == null ? defaultPolicy() : HostKeyPolicy.knownHosts(Path.of(path));
    }

    /** {@code ~/.ssh/known_hosts} of the user Jenkins runs as. */
    static HostKeyPolicy defaultPolicy() {
        return HostKeyPolicy.knownHosts(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
    }

    @Extension(ordinal = 100) // first in the drop-down: the safe choice
    @Symbol("knownHostsFile")
    public static final class DescriptorImpl extends StrategyDescriptor {
        @Override
        public String getDisplayName() {
            return Messages.KnownHostsFileStrategy_DisplayName();
        }

        public FormValidation doCheckPath(@QueryParameter String value) {
            String v = Util.fixEmptyAndTrim(value);
            return v == null || v.startsWith("/") ? FormValidation.ok() : FormValidation.error("An absolute path on the controller");
        }
    }
}
