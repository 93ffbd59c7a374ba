package io.jenkins.plugins.slurmevaluate.jenkins.cluster;

import io.jenkins.plugins.slurmevaluate.jenkins.Messages;
import hudson.Extension;
import hudson.util.FormValidation;
import io.jenkins.plugins.slurmevaluate.remote.HostKeyPolicy;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;

/** The host key must have this SHA-256 fingerprint ({@code ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub}). */
public final class PinnedKeyStrategy extends HostKeyVerificationStrategy {

    private final String fingerprint;

    @DataBoundConstructor
    public PinnedKeyStrategy(String fingerprint) {
        this.fingerprint = fingerprint == null ? null : fingerprint.strip();
    }

    public String getFingerprint() {
        return fingerprint;
    }

    @Override
    public HostKeyPolicy toPolicy() {
        return HostKeyPolicy.pinned(fingerprint);
    }

    @Extension
    @Symbol("pinnedKey")
    public static final class DescriptorImpl extends StrategyDescriptor {
        @Override
        public String getDisplayName() {
            return Messages.PinnedKeyStrategy_DisplayName();
        }

        public FormValidation doCheckFingerprint(@QueryParameter String value) {
            try {
                HostKeyPolicy.pinned(value);
                return FormValidation.ok();
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }
}
