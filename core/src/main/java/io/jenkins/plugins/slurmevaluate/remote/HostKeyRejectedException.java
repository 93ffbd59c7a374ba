package io.jenkins.plugins.slurmevaluate.remote;

import java.io.IOException;

/**
 * The SSH server offered a host key that the {@link HostKeyPolicy} does not trust, so nothing was sent to it.
 * Retrying does not help: either the trusted keys must be updated (the host was reinstalled) or someone is
 * intercepting the connection. The message names the host, the offered key and where the trusted keys are.
 */
public class HostKeyRejectedException extends IOException {

    private final String host;
    private final String keyType;
    private final String fingerprint;
    private final String trustedKeys;

    HostKeyRejectedException(String message, String host, String keyType, String fingerprint, String trustedKeys) {
        super(message);
        this.host = host;
        this.keyType = keyType;
        this.fingerprint = fingerprint;
        this.trustedKeys = trustedKeys;
    }

    /** The host as known_hosts names it: {@code name} for port 22, else {@code [name]:port}. */
    public String host() {
        return host;
    }

    /** The offered key's algorithm, such as {@code ssh-ed25519}. */
    public String keyType() {
        return keyType;
    }

    /** The offered key's fingerprint, {@code SHA256:...}. */
    public String fingerprint() {
        return fingerprint;
    }

    /** Where the trusted keys are: the known_hosts file, or the pinned fingerprint. */
    public String trustedKeys() {
        return trustedKeys;
    }
}
