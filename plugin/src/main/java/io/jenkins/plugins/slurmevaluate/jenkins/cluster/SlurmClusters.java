package io.jenkins.plugins.slurmevaluate.jenkins.cluster;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.Util;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * The Slurm clusters steps can name ({@code cluster: 'dgx'}), under Manage Jenkins » System. Configuration as Code:
 * {@code unclassified: slurmEvaluate: clusters: [{name: dgx, hostname: login.dgx, credentialsId: dgx-ssh, ...}]}.
 */
@Extension
@Symbol("slurmEvaluate")
public class SlurmClusters extends GlobalConfiguration {

    private List<SlurmCluster> clusters = new ArrayList<>();

    public SlurmClusters() {
        load();
    }

    public static SlurmClusters get() {
        return ExtensionList.lookupSingleton(SlurmClusters.class);
    }

    public List<SlurmCluster> getClusters() {
        return List.copyOf(clusters);
    }

    @DataBoundSetter
    public void setClusters(List<SlurmCluster> clusters) {
        this.clusters = new ArrayList<>(Util.fixNull(clusters));
        save();
    }

    /** The cluster with this name, or null. */
    public SlurmCluster cluster(String name) {
        return clusters.stream().filter(c -> c.getName().equals(name)).findFirst().orElse(null);
    }

    public List<String> names() {
        return clusters.stream().map(SlurmCluster::getName).toList();
    }

    /** An emptied list is not in the form at all: start from none, then bind. */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        clusters = new ArrayList<>();
        req.bindJSON(this, json);
        save();
        return true;
    }
}
