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
 * A cluster's own credentials are the administrator's choice and are looked up as the system; credentials a step
 * names itself are looked up as the build's job ({@link CredentialsProvider#findCredentialById(String, Class, Run)}),
 * so a job sees only what it may use. Every credential used is tracked against the build.
 */
public final class Connections {

    private Connections() {}

    /** @throws AbortException naming the cluster or credential that is missing */
    public static ClusterProfile profile(Run<?, ?> run, String clusterName, String hostname, String credentialsId)
            throws AbortException {
        SlurmCluster cluster = cluster(clusterName);
        StandardUsernameCredentials login = login(run, cluster, credentialsId);
        String host = hostname != null ? hostname : cluster == null ? null : cluster.getHostname();
        int port = cluster == null ? 22 : cluster.getPort();
        return cluster == null ? ClusterProfile.adHoc(host, port, login.getUsername())
                : new ClusterProfile(cluster.getName(), host, port, login.getUsername(), cluster.getAccount(),
                        cluster.getPartition(), cluster.getOutputDir());
    }

    /** The shared connection to the cluster of a run record, with the credentials looked up again. */
    public static RemoteHost host(Run<?, ?> run, String clusterName, String hostname, String credentialsId, ClusterRef ref,
            LogSink log) throws AbortException {
        SlurmCluster cluster = cluster(clusterName);
        StandardUsernameCredentials login = login(run, cluster, credentialsId);
        HostKeyVerificationStrategy strategy = cluster == null ? null : cluster.getHostKeyVerification();
        HostKeyPolicy policy = strategy == null ? KnownHostsFileStrategy.defaultPolicy() : strategy.toPolicy();
        if (policy.kind() == HostKeyPolicy.Kind.NO_VERIFICATION) {
            log.warn("host key verification is OFF for " + ref.describe() + " (cluster " + clusterName + "): anyone on the "
                    + "network path can impersonate the cluster and receive the secrets; choose a verification strategy");
        }
        SshSettings settings = settings(ref.host(), ref.port(), ref.user(), login, policy);
        return EvaluationPool.get().host(settings, RemoteHost::ssh);
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
                    + "System » Slurm clusters); configured: " + String.join(", ", SlurmClusters.get().names()));
        }
        return c;
    }

    private static StandardUsernameCredentials login(Run<?, ?> run, SlurmCluster cluster, String credentialsId)
            throws AbortException {
        StandardUsernameCredentials c;
        if (credentialsId != null) {
            c = CredentialsProvider.findCredentialById(credentialsId, StandardUsernameCredentials.class, run);
        } else if (cluster != null && cluster.getCredentialsId() != null) {
            c = CredentialsProvider.findCredentialByIdInItemGroup(cluster.getCredentialsId(),
                    StandardUsernameCredentials.class, Jenkins.get(), ACL.SYSTEM2, List.of());
        } else {
            throw new AbortException("slurmEvaluate: no login credentials: name a cluster that has them, or pass credentialsId");
        }
        String id = credentialsId != null ? credentialsId : cluster.getCredentialsId();
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
