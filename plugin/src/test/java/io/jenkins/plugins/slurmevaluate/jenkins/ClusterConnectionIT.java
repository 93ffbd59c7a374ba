package io.jenkins.plugins.slurmevaluate.jenkins;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import hudson.util.FormValidation;
import io.jenkins.plugins.slurmevaluate.jenkins.cluster.AcceptFirstStrategy;
import io.jenkins.plugins.slurmevaluate.jenkins.cluster.SlurmCluster;
import io.jenkins.plugins.slurmevaluate.jenkins.cluster.SlurmClusters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** End to end on the Slurm test bed: what Test connection checks, and that it never pins a host key. */
@WithJenkins
class ClusterConnectionIT {

    private static FormValidation test(JenkinsRule r, String name, String host, int port) {
        return r.jenkins.getDescriptorByType(SlurmCluster.DescriptorImpl.class).doTestConnection(name, host, port, "tb-ssh");
    }

    @Test
    void aSavedClusterIsTestedWithItsOwnHostKeyVerification(JenkinsRule r) throws Exception {
        PluginTestbed tb = PluginTestbed.require();
        tb.configure();
        FormValidation v = test(r, "tb", "127.0.0.1", tb.sshPort());
        assertEquals(FormValidation.Kind.OK, v.kind, v.renderHtml());
        assertThat(v.renderHtml(), containsString("slurm"));
        assertThat(v.renderHtml(), containsString("host key checked as saved for tb: known_hosts"));
    }

    @Test
    void aTestNeverPinsAHostKey(JenkinsRule r) throws Exception {
        PluginTestbed tb = PluginTestbed.require();
        tb.configure();
        Path pins = Files.createTempDirectory("pins").resolve("known_hosts");
        SlurmCluster tofu = new SlurmCluster("tofu", "127.0.0.1", "tb-ssh");
        tofu.setPort(tb.sshPort());
        tofu.setHostKeyVerification(new AcceptFirstStrategy(pins.toString()));
        SlurmClusters.get().setClusters(List.of(tofu));
        FormValidation v = test(r, "tofu", "127.0.0.1", tb.sshPort());
        assertEquals(FormValidation.Kind.ERROR, v.kind, v.renderHtml());
        assertThat(v.renderHtml(), containsString("read only: a test pins nothing, the first build does"));
        assertFalse(Files.exists(pins) && Files.size(pins) > 0, "nothing was pinned");
    }

    @Test
    void aChangedLoginNodeIsTestedAgainstTheControllersKnownHostsAndSaysSo(JenkinsRule r) throws Exception {
        PluginTestbed tb = PluginTestbed.require();
        tb.configure();
        FormValidation v = test(r, "tb", "localhost", tb.sshPort());
        assertThat(v.renderHtml(), containsString("save the cluster to test its own verification setting"));
    }
}
