package io.jenkins.plugins.slurmevaluate.jenkins.cluster;

import hudson.model.Describable;
import hudson.model.Descriptor;
import io.jenkins.plugins.slurmevaluate.remote.HostKeyPolicy;

/**
 * How a cluster's SSH host key is verified: a known_hosts file, a pinned fingerprint, the first key seen (then pinned),
 * or, explicitly and with a warning in every build log, not at all.
 */
public abstract class HostKeyVerificationStrategy implements Describable<HostKeyVerificationStrategy> {

    /** The core policy this strategy stands for. */
    public abstract HostKeyPolicy toPolicy();

    /** Base of the strategies' descriptors. */
    public abstract static class StrategyDescriptor extends Descriptor<HostKeyVerificationStrategy> {}
}
