package io.jenkins.plugins.slurmevaluate.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.Serializable;

/**
 * How to reach the cluster again, by name and address only: credentials are looked up anew by whoever re-attaches
 * (the CLI from its SSH settings, Jenkins from its credentials store).
 *
 * @param name the cluster's name in the Jenkins configuration, or null for an ad-hoc host
 * @param host the login node, or {@code localhost} for the local adapter
 * @param port the SSH port
 * @param user the login user
 * @param local true when the jobs were submitted without SSH, from the login node itself
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterRef(String name, String host, int port, String user, boolean local) implements Serializable {

    private static final long serialVersionUID = 1L;

    public String describe() {
        return local ? "local" : user + "@" + host + (port == 22 ? "" : ":" + port);
    }
}
