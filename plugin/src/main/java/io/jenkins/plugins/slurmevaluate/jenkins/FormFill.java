package io.jenkins.plugins.slurmevaluate.jenkins;

import com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernameCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.queue.Tasks;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.slurmevaluate.jenkins.cluster.SlurmCluster;
import io.jenkins.plugins.slurmevaluate.jenkins.cluster.SlurmClusters;
import java.util.List;
import jenkins.model.Jenkins;

/**
 * The drop-downs of the step's and the builder's forms (the Snippet Generator and the freestyle configuration): the
 * configured clusters, and the login credentials the job itself may use, as the job sees them.
 */
final class FormFill {

    private FormFill() {}

    /** Cluster names, after an empty choice that means "the cluster named like the config's execution.hostname". */
    static ListBoxModel clusters(Item item, String current) {
        ListBoxModel m = new ListBoxModel();
        m.add("(the one named like the config's execution.hostname)", "");
        if (item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE)) {
            for (SlurmCluster c : SlurmClusters.get().getClusters()) {
                m.add(c.getName() + " (" + c.getHostname() + ")", c.getName());
            }
        }
        if (current != null && !current.isEmpty() && m.stream().noneMatch(o -> o.value.equals(current))) {
            m.add(current + " (not configured)", current);
        }
        return m;
    }

    /** SSH key and username/password credentials the job may use; only the current value for anyone else. */
    static ListBoxModel credentials(Item item, String current) {
        StandardListBoxModel result = new StandardListBoxModel();
        boolean allowed = item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
        if (!allowed) {
            return result.includeCurrentValue(current);
        }
        result.includeEmptyValue().includeMatchingAs(item instanceof Queue.Task t ? Tasks.getAuthenticationOf2(t) : ACL.SYSTEM2,
                item, StandardUsernameCredentials.class, List.of(), CredentialsMatchers.anyOf(
                        CredentialsMatchers.instanceOf(SSHUserPrivateKey.class),
                        CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class)));
        return result.includeCurrentValue(current);
    }

    /** A cluster name that is not configured is named as such. */
    static FormValidation checkCluster(Item item, String value) {
        if (value == null || value.isBlank() || item != null && !item.hasPermission(Item.CONFIGURE)) {
            return FormValidation.ok();
        }
        return SlurmClusters.get().cluster(value.strip()) != null ? FormValidation.ok()
                : FormValidation.error("No Slurm cluster named '" + value.strip() + "' is configured");
    }
}
