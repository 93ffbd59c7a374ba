package io.jenkins.plugins.slurmevaluate.jenkins.cluster;

import io.jenkins.plugins.slurmevaluate.jenkins.Messages;
import hudson.Extension;
import io.jenkins.plugins.slurmevaluate.remote.HostKeyPolicy;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * Any host key is accepted. Anyone on the network path can then pose as the cluster and receive the uploaded secrets;
 * every build that connects says so in its log.
 */
public final class NoVerificationStrategy extends HostKeyVerificationStrategy {

    @DataBoundConstructor
    public NoVerificationStrategy() {}

    @Override
    public HostKeyPolicy toPolicy() {
        return HostKeyPolicy.noVerification();
    }

    @Extension
    @Symbol("noVerification")
    public static final class DescriptorImpl extends StrategyDescriptor {
        @Override
        public String getDisplayName() {
            return Messages.NoVerificationStrategy_DisplayName();
        }
    }
}
