package io.jenkins.plugins.slurmevaluate.jenkins.cluster;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardUsernameCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import hudson.security.ACL;
import hudson.util.Secret;
import io.jenkins.plugins.slurmevaluate.durable.ClusterProfile;
import io.jenkins.plugins.slurmevaluate.jenkins.EvaluationPool;
import io.jenkins.plugins.slurmevaluate.remote.HostKeyPolicy;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.remote.SshSettings;
import io.jenkins.plugins.slurmevaluate.run.LogSink;
import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jenkins.model.Jenkins;

/**
 * From what a step names (a cluster, a host, a credentials id) to a {@link ClusterProfile} and a shared connection.
 *
 * <p>Two ways to log in, never mixed: a <b>cluster</b> defined by an administrator (named by the step, or the one whose
 * name is the config's {@code execution.hostname}), whose credentials are looked up as the system and go only to that
 * cluster's own login node; or an <b>ad-hoc host</b> with credentials the step names, looked up as the build's job
 * ({@link CredentialsProvider#findCredentialById(String, Class, Run)}), so a job sees only what it may use. A step may
 * therefore not send a cluster's credentials to a host of its choosing. Every credential used is tracked against the
 * build.
 */
public final class Connections {

    private Connections() {}

    /** Where a step runs: which cluster definition, or which ad-hoc host. */
    record Target(SlurmCluster cluster, String host, int port) {}

    /**
     * @param configHostname the config's {@code execution.hostname}, or null
     * @throws AbortException naming the cluster, host or credential that is missing or not allowed
     */
    public static ClusterProfile profile(Run<?, ?> run, String clusterName, String hostname, String credentialsId,
            String configHostname) throws AbortException {
        Target t = target(clusterName, hostname, credentialsId, configHostname);
        StandardUsernameCredentials login = login(run, t.cluster(), credentialsId);
        SlurmCluster c = t.cluster();
        return c == null ? ClusterProfile.adHoc(t.host(), t.port(), login.getUsername())
                : new ClusterProfile(c.getName(), c.getHostname(), c.getPort(), login.getUsername(), c.getAccount(),
                        c.getPartition(), c.getOutputDir());
    }

    /** Which cluster definition or ad-hoc host a step's options and its config name. */
    static Target target(String clusterName, String hostname, String credentialsId, String configHostname)
            throws AbortException {
        if (clusterName != null) {
            SlurmCluster c = cluster(clusterName);
            if (hostname != null && !hostname.equals(c.getHostname())) {
                throw new AbortException("slurmEvaluate: hostname '" + hostname + "' is not the login node of cluster '"
                        + clusterName + "' (" + c.getHostname() + "): a cluster's credentials go only to its own login "
                        + "node. Drop hostname, or give hostname with credentialsId instead of cluster");
            }
            return new Target(c, c.getHostname(), c.getPort());
        }
        if (credentialsId != null) {
            String host = hostname != null ? hostname : configHostname;
            if (host == null) {
                throw new AbortException("slurmEvaluate: no login node: give hostname, or set execution.hostname in the "
                        + "config");
            }
            return new Target(null, host, 22);
        }
        if (hostname != null) {
            throw new AbortException("slurmEvaluate: hostname '" + hostname + "' needs credentialsId (an SSH key or a "
                    + "username with password this job may use), or name a configured cluster instead");
        }
        SlurmCluster c = configHostname == null ? null : byConfigHostname(configHostname);
        if (c == null) {
            throw new AbortException("slurmEvaluate: no cluster: name one with cluster: (configured: " + configured()
                    + ")" + (configHostname == null ? "" : ", or define one named '" + configHostname
                    + "', the config's execution.hostname"));
        }
        return new Target(c, c.getHostname(), c.getPort());
    }

    /** The cluster named like the config's login node, else the only one whose login node it is. */
    private static SlurmCluster byConfigHostname(String configHostname) {
        SlurmCluster byName = SlurmClusters.get().cluster(configHostname);
        if (byName != null) {
            return byName;
        }
        List<SlurmCluster> byHost = SlurmClusters.get().getClusters().stream()
                .filter(c -> configHostname.equals(c.getHostname())).toList();
        return byHost.size() == 1 ? byHost.get(0) : null;
    }

    /**
     * The shared connection to the cluster of a run record, with the credentials looked up again, held for
     * {@code user} until it calls {@link EvaluationPool#release}.
     */
    public static RemoteHost host(Run<?, ?> run, String clusterName, String credentialsId, ClusterRef ref, LogSink log,
            Object user) throws AbortException {
        SlurmCluster cluster = cluster(clusterName != null ? clusterName : ref.name());
        if (cluster == null && credentialsId == null) {
            throw new AbortException("slurmEvaluate: no login credentials for " + ref.describe());
        }
        StandardUsernameCredentials login = login(run, cluster, credentialsId);
        HostKeyVerificationStrategy strategy = cluster == null ? null : cluster.getHostKeyVerification();
        HostKeyPolicy policy = strategy == null ? KnownHostsFileStrategy.defaultPolicy() : strategy.toPolicy();
        if (policy.kind() == HostKeyPolicy.Kind.NO_VERIFICATION) {
            log.warn("host key verification is OFF for " + ref.describe() + " (cluster " + cluster.getName() + "): anyone "
                    + "on the network path can impersonate the cluster and receive the secrets; choose a verification "
                    + "strategy");
        }
        // a cluster's login goes to its own node as configured now, whatever the record says
        String host = cluster != null ? cluster.getHostname() : ref.host();
        int port = cluster != null ? cluster.getPort() : ref.port();
        SshSettings settings = settings(host, port, ref.user(), login, policy);
        return EvaluationPool.get().host(settings, user, RemoteHost::ssh);
    }

    /** SSH settings for a login credential: an SSH key (the first one, with its passphrase) or a password. */
    static SshSettings settings(String host, int port, String user, StandardUsernameCredentials login, HostKeyPolicy policy)
            throws AbortException {
        SshSettings.Builder b = SshSettings.builder(host, user).port(port).hostKeyPolicy(policy);
        if (login instanceof SSHUserPrivateKey key) {
            List<String> keys = key.getPrivateKeys();
            if (keys.isEmpty()) {
                throw new AbortException("the SSH credential " + login.getId() + " holds no private key");
            }
            Secret passphrase = key.getPassphrase();
            b.identityKey("credential " + login.getId(), keys.get(0).getBytes(StandardCharsets.UTF_8),
                    passphrase == null ? null : passphrase.getPlainText());
        } else if (login instanceof StandardUsernamePasswordCredentials password) {
            b.password(password.getPassword().getPlainText());
        } else {
            throw new AbortException("the credential " + login.getId() + " is neither an SSH private key nor a username "
                    + "with password");
        }
        return b.build();
    }

    static SlurmCluster cluster(String name) throws AbortException {
        if (name == null) {
            return null;
        }
        SlurmCluster c = SlurmClusters.get().cluster(name);
        if (c == null) {
            throw new AbortException("slurmEvaluate: no Slurm cluster named '" + name + "' is configured (Manage Jenkins » "
                    + "System » Slurm clusters); configured: " + configured());
        }
        return c;
    }

    private static String configured() {
        List<String> names = SlurmClusters.get().names();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private static StandardUsernameCredentials login(Run<?, ?> run, SlurmCluster cluster, String credentialsId)
            throws AbortException {
        StandardUsernameCredentials c;
        String id;
        if (credentialsId != null) {
            id = credentialsId;
            c = CredentialsProvider.findCredentialById(credentialsId, StandardUsernameCredentials.class, run);
        } else if (cluster != null && cluster.getCredentialsId() != null) {
            id = cluster.getCredentialsId();
            c = CredentialsProvider.findCredentialByIdInItemGroup(id, StandardUsernameCredentials.class, Jenkins.get(),
                    ACL.SYSTEM2, List.of());
        } else {
            throw new AbortException("slurmEvaluate: cluster '" + (cluster == null ? "?" : cluster.getName()) + "' has no "
                    + "login credentials; set them under Manage Jenkins » System » Slurm clusters, or pass credentialsId");
        }
        if (c == null) {
            throw new AbortException("slurmEvaluate: no SSH key or username/password credential with id '" + id
                    + "' is available to this build");
        }
        CredentialsProvider.track(run, c);
        return c;
    }

    /** For the connection test: the settings of a cluster as configured, with its credentials as the system sees them. */
    static SshSettings settingsForTest(String host, int port, String credentialsId, HostKeyPolicy policy) throws AbortException {
        StandardUsernameCredentials c = CredentialsProvider.findCredentialByIdInItemGroup(credentialsId,
                StandardUsernameCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of());
        if (c == null) {
            throw new AbortException("no SSH key or username/password credential with id '" + credentialsId + "'");
        }
        return settings(host, port, c.getUsername(), c, policy);
    }
}
