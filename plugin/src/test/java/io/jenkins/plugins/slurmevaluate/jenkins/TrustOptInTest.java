package io.jenkins.plugins.slurmevaluate.jenkins;

import static io.jenkins.plugins.slurmevaluate.jenkins.SlurmEvaluateStepTest.inNode;
import static io.jenkins.plugins.slurmevaluate.jenkins.SlurmEvaluateStepTest.run;
import static io.jenkins.plugins.slurmevaluate.jenkins.SlurmEvaluateStepTest.testbedCluster;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.FreeStyleBuild;
import hudson.model.FreeStyleProject;
import hudson.model.Result;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.slurmevaluate.jenkins.cluster.SlurmClusters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The launcher's pre_cmd / unlisted-task safeguard (reference a.10) in Jenkins: a job opts in with trustPreCmd /
 * trustUnlistedTasks, and only where the administrator lets jobs opt in. Every refusal comes before any connection.
 */
@WithJenkins
class TrustOptInTest {

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    private static final String PRE_CMD = "overrides: ['++evaluation.pre_cmd=echo from an unreviewed branch']";
    private static final String STEP = "slurmEvaluate cluster: 'tb', config: 'eval.yaml', tasks: ['gsm8k'], " + PRE_CMD;

    @Test
    void aPreCmdWithoutTheOptInIsRefusedBeforeAnythingIsSubmitted(JenkinsRule r) throws Exception {
        testbedCluster();
        SlurmClusters.get().setAllowTrustOptIn(true);
        WorkflowRun b = run(r, inNode(STEP), Result.FAILURE);
        r.assertLogContains("refusing to submit: the config runs shell commands", b);
        r.assertLogContains("evaluation.pre_cmd (a shell command run on the cluster as written)", b);
        r.assertLogContains("To run these commands: set trustPreCmd: true", b);
        r.assertLogNotContains("submitting invocation", b);
    }

    @Test
    void whereTheAdministratorForbidsItAnOptInFailsNamingTheSetting(JenkinsRule r) throws Exception {
        testbedCluster();
        assertFalse(SlurmClusters.get().isAllowTrustOptIn(), "forbidden unless the administrator allows it");
        WorkflowRun b = run(r, inNode(STEP + ", trustPreCmd: true"), Result.FAILURE);
        r.assertLogContains(SlurmClusters.TRUST_SETTING, b);
        r.assertLogNotContains("submitting invocation", b);

        FreeStyleProject p = r.createFreeStyleProject();
        SlurmEvaluateBuilder builder = new SlurmEvaluateBuilder();
        builder.setCluster("tb");
        builder.setTasks("gsm8k");
        builder.setConfigText(PluginTestbed.config());
        builder.setOverrides("++evaluation.pre_cmd=echo from an unreviewed branch");
        builder.setTrustPreCmd(true);
        p.getBuildersList().add(builder);
        FreeStyleBuild fb = r.assertBuildStatus(Result.FAILURE, p.scheduleBuild2(0));
        r.assertLogContains(SlurmClusters.TRUST_SETTING, fb);
        r.assertLogNotContains("submitting invocation", fb);
    }

    @Test
    void aDryRunOnlyWarns(JenkinsRule r) throws Exception {
        testbedCluster();
        WorkflowRun b = run(r, inNode(STEP + ", dryRun: true"), Result.SUCCESS);
        r.assertLogContains("dry run: a real run would be refused: the config runs shell commands", b);
    }

    @Test
    void theOptInsAndTheAdministratorsSettingSurviveTheFormsAndConfigurationAsCode(JenkinsRule r) throws Exception {
        SlurmClusters.get().setAllowTrustOptIn(true);
        r.configRoundtrip();
        assertTrue(SlurmClusters.get().isAllowTrustOptIn());
        SlurmClusters.get().setAllowTrustOptIn(false);
        r.configRoundtrip();
        assertFalse(SlurmClusters.get().isAllowTrustOptIn());

        Path file = Files.createTempFile("jcasc", ".yml");
        Files.writeString(file, "unclassified:\n  slurmEvaluate:\n    allowTrustOptIn: true\n", StandardCharsets.UTF_8);
        ConfigurationAsCode.get().configure(file.toString());
        assertTrue(SlurmClusters.get().isAllowTrustOptIn());

        FreeStyleProject p = r.createFreeStyleProject();
        SlurmEvaluateBuilder builder = new SlurmEvaluateBuilder();
        builder.setConfig("eval.yaml");
        builder.setTrustPreCmd(true);
        builder.setTrustUnlistedTasks(true);
        p.getBuildersList().add(builder);
        r.configRoundtrip(p);
        SlurmEvaluateBuilder back = p.getBuildersList().get(SlurmEvaluateBuilder.class);
        assertTrue(back.isTrustPreCmd() && back.isTrustUnlistedTasks());
        SlurmEvaluateStep step = new SlurmEvaluateStep();
        step.setConfig("eval.yaml");
        step.setTrustUnlistedTasks(true);
        assertEquals("slurmEvaluate config: 'eval.yaml', trustUnlistedTasks: true", Snippetizer.object2Groovy(step));
    }
}
