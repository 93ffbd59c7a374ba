package io.jenkins.plugins.slurmevaluate.jenkins.cluster;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The Slurm clusters steps can name ({@code cluster: 'dgx'}), under Manage Jenkins » System, and whether jobs may opt
 * in to running a config's shell commands and unlisted tasks. Configuration as Code:
 * {@code unclassified: slurmEvaluate: {allowTrustOptIn: false, clusters: [{name: dgx, hostname: login.dgx, ...}]}}.
 */
@Extension
@Symbol("slurmEvaluate")
public class SlurmClusters extends GlobalConfiguration {

    /** Where the administrator's choice is, for messages that refuse an opt-in. */
    public static final String TRUST_SETTING = "Manage Jenkins » System » Slurm evaluation » 'Let jobs opt in to run "
            + "pre_cmd/post_cmd and unlisted tasks' (Configuration as Code: unclassified.slurmEvaluate.allowTrustOptIn)";

    private List<SlurmCluster> clusters = new ArrayList<>();
    /**
     * Whether a job's trustPreCmd/trustUnlistedTasks counts. Off by default: a config (and the Jenkinsfile that opts
     * in) can come from a branch nobody reviewed, and the cluster runs it with the controller's credentials.
     */
    private boolean allowTrustOptIn;

    public SlurmClusters() {
        load();
    }

    public static SlurmClusters get() {
        return ExtensionList.lookupSingleton(SlurmClusters.class);
    }

    public List<SlurmCluster> getClusters() {
        return List.copyOf(clusters);
    }

    /** @throws IllegalArgumentException for a cluster without a name or login node, or two of the same name */
    @DataBoundSetter
    public void setClusters(List<SlurmCluster> clusters) {
        List<SlurmCluster> checked = new ArrayList<>(Util.fixNull(clusters));
        check(checked);
        this.clusters = checked;
        save();
    }

    public boolean isAllowTrustOptIn() {
        return allowTrustOptIn;
    }

    @DataBoundSetter
    public void setAllowTrustOptIn(boolean allow) {
        this.allowTrustOptIn = allow;
        save();
    }

    /** Why a job may not opt in, naming the setting; null when it may. */
    public String trustOptInForbidden() {
        return allowTrustOptIn ? null : "the administrator does not let jobs opt in: " + TRUST_SETTING;
    }

    /** Steps find a cluster by its name: every cluster needs one, a valid one, of its own, and a login node. */
    static void check(List<SlurmCluster> clusters) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < clusters.size(); i++) {
            SlurmCluster c = clusters.get(i);
            String which = "Slurm cluster #" + (i + 1);
            if (c.getName() == null) {
                throw new IllegalArgumentException(which + " has no name; steps refer to a cluster by its name");
            }
            if (!SlurmCluster.VALID_NAME.matcher(c.getName()).matches()) {
                throw new IllegalArgumentException(which + " is named '" + c.getName() + "'; use letters, digits, '.', "
                        + "'_' and '-' only");
            }
            if (!names.add(c.getName())) {
                throw new IllegalArgumentException("two Slurm clusters are named '" + c.getName() + "'; names must differ");
            }
            if (c.getHostname() == null) {
                throw new IllegalArgumentException("Slurm cluster '" + c.getName() + "' has no login node (hostname)");
            }
        }
    }

    /** The cluster with this name, or null. */
    public SlurmCluster cluster(String name) {
        return name == null ? null : clusters.stream().filter(c -> name.equals(c.getName())).findFirst().orElse(null);
    }

    public List<String> names() {
        return clusters.stream().map(SlurmCluster::getName).toList();
    }

    /** An emptied list is not in the form at all: start from none, then bind. */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        List<SlurmCluster> before = clusters;
        boolean allowedBefore = allowTrustOptIn;
        clusters = new ArrayList<>();
        allowTrustOptIn = false; // an unticked box may be left out of the form
        try {
            req.bindJSON(this, json);
        } catch (RuntimeException e) {
            clusters = before;
            allowTrustOptIn = allowedBefore;
            Throwable cause = e;
            while (!(cause instanceof IllegalArgumentException) && cause.getCause() != null) {
                cause = cause.getCause(); // Stapler wraps what the setter threw
            }
            throw new FormException(cause.getMessage(), e, "clusters");
        }
        save();
        return true;
    }
}
