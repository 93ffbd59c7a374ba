package io.jenkins.plugins.slurmevaluate.jenkins;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.containsString;

import com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Fingerprint;
import hudson.model.Result;
import hudson.tasks.junit.TestResultAction;
import io.jenkins.plugins.slurmevaluate.durable.EvaluationResult;
import hudson.util.Secret;
import io.jenkins.plugins.slurmevaluate.jenkins.cluster.SlurmCluster;
import io.jenkins.plugins.slurmevaluate.jenkins.cluster.SlurmClusters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The Pipeline step without a cluster: its snippet, its form, and everything that happens before the first SSH
 * connection (config reading, validation, secrets, dry runs). The test-bed tier is {@code SlurmEvaluateRestartIT}.
 */
@WithJenkins
class SlurmEvaluateStepTest {

    @RegisterExtension
    static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @Test
    void theSnippetWritesListsAndTheSecretsMapAndReadsBackTheSameStep(JenkinsRule r) throws Exception {
        SlurmEvaluateStep step = new SlurmEvaluateStep();
        step.setConfig("eval.yaml");
        step.setCluster("dgx");
        step.setOverrides(List.of("execution.walltime=02:00:00"));
        step.setSecrets(Map.of("HF_TOKEN", "hf-token"));
        step.setGates(List.of("hellaswag.acc_norm >= 0.80"));
        String snippet = Snippetizer.object2Groovy(step);
        assertEquals("slurmEvaluate cluster: 'dgx', config: 'eval.yaml', gates: ['hellaswag.acc_norm >= 0.80'], "
                + "overrides: ['execution.walltime=02:00:00'], secrets: [HF_TOKEN: 'hf-token']", snippet);
        SlurmEvaluateStep back = new DescribableModel<>(SlurmEvaluateStep.class).instantiate(Map.of("config", "eval.yaml",
                "cluster", "dgx", "overrides", List.of("execution.walltime=02:00:00"), "secrets", Map.of("HF_TOKEN", "hf-token"),
                "gates", List.of("hellaswag.acc_norm >= 0.80")), null);
        r.assertEqualDataBoundBeans(step, back);
    }

    @Test
    void theSnippetGeneratorTurnsTextAreasIntoListsAndAMap(JenkinsRule r) throws Exception {
        String json = "{\"stapler-class\": \"" + SlurmEvaluateStep.class.getName() + "\", \"config\": \"eval.yaml\", "
                + "\"cluster\": \"dgx\", \"gates\": \"a.b >= 0.5\\nc.d <= 2\", \"secrets\": \"HF_TOKEN=hf-token\", "
                + "\"overrides\": \"\", \"tasks\": \"gsm8k\", \"archive\": true, \"unstableOnInconclusive\": true}";
        WebRequest request = new WebRequest(new java.net.URL(r.getURL(), Snippetizer.GENERATE_URL), HttpMethod.POST);
        // the test crumb issuer takes any session's crumb; addCrumb would replace the json parameter
        request.setRequestParameters(List.of(new NameValuePair("json", json),
                new NameValuePair(r.jenkins.getCrumbIssuer().getDescriptor().getCrumbRequestField(),
                        r.jenkins.getCrumbIssuer().getCrumb((jakarta.servlet.ServletRequest) null))));
        String snippet = r.createWebClient().getPage(request).getWebResponse().getContentAsString().trim();
        assertEquals("slurmEvaluate cluster: 'dgx', config: 'eval.yaml', gates: ['a.b >= 0.5', 'c.d <= 2'], "
                + "secrets: [HF_TOKEN: 'hf-token'], tasks: ['gsm8k']", snippet);
    }

    @Test
    void withoutAConfigTheStepFailsInOneSentence(JenkinsRule r) throws Exception {
        WorkflowRun b = run(r, "slurmEvaluate cluster: 'tb'", Result.FAILURE);
        r.assertLogContains("slurmEvaluate: no config: give the path of a config file (config) or its text (configText)", b);
    }

    @Test
    void anUnknownClusterIsNamedWithTheClustersThatExist(JenkinsRule r) throws Exception {
        testbedCluster();
        WorkflowRun b = run(r, "slurmEvaluate cluster: 'nope', configText: 'x: 1'", Result.FAILURE);
        r.assertLogContains("no Slurm cluster named 'nope' is configured", b);
        r.assertLogContains("configured: tb", b);
    }

    @Test
    void anInvalidConfigFailsBeforeAnyConnectionWithEveryProblem(JenkinsRule r) throws Exception {
        testbedCluster();
        WorkflowRun b = run(r, inNode("slurmEvaluate cluster: 'tb', config: 'eval.yaml', tasks: ['gsm8k'], "
                + "overrides: ['execution.wallclock=1', 'deployment.portt=1']"), Result.FAILURE);
        r.assertLogContains("slurmEvaluate: eval.yaml is not valid (", b);
        r.assertLogContains("execution.wallclock", b);
        r.assertLogContains("deployment.portt", b);
    }

    @Test
    void aDryRunReturnsTheMapArchivesTheScriptsAndTracksTheCredentials(JenkinsRule r) throws Exception {
        testbedCluster();
        StringCredentialsImpl mapped = new StringCredentialsImpl(CredentialsScope.GLOBAL, "probe-cred", null,
                Secret.fromString("value-from-the-mapping"));
        StringCredentialsImpl byId = new StringCredentialsImpl(CredentialsScope.GLOBAL, "BY_ID", null,
                Secret.fromString("value-by-credential-id"));
        SystemCredentialsProvider.getInstance().getCredentials().addAll(List.of(mapped, byId));
        SystemCredentialsProvider.getInstance().save();
        WorkflowRun b = run(r, inNode("withEnv(['FROM_ENV=value-from-env']) {\n"
                + "def r = slurmEvaluate cluster: 'tb', config: 'eval.yaml', tasks: ['gsm8k'], "
                + "dryRun: true, secrets: [PROBE: 'probe-cred'], gates: ['gsm8k.exact_match >= 0.5'], "
                + "overrides: ['+env_vars.PROBE=host:PROBE', '+env_vars.BY_ID=host:BY_ID', '+env_vars.FROM_ENV=host:FROM_ENV']\n"
                + "echo \"verdict=${r.verdict} tasks=${r.tasks.keySet()} cluster=${r.cluster}\"\n}"), Result.SUCCESS);
        r.assertLogContains("verdict=DRY_RUN tasks=[gsm8k.1] cluster=tb", b);
        r.assertLogContains("dry run: gsm8k.1 would be submitted", b);
        r.assertLogNotContains("value-from-the-mapping", b);
        EvaluationAction action = b.getAction(EvaluationAction.class);
        assertNotNull(action);
        String prefix = "slurm-evaluate/" + action.getInvocationId() + "/";
        assertThat(b.getArtifactManager().root().child(prefix + "gsm8k.1/run.sub").isFile(), is(true));
        for (var c : List.of(mapped, byId)) {
            Fingerprint fp = CredentialsProvider.getFingerprintOf(c);
            assertNotNull(fp, c.getId() + " was not tracked");
            assertThat(fp.getJobs(), hasItem(b.getParent().getFullName()));
        }
        TestResultAction tests = b.getAction(TestResultAction.class);
        assertNotNull(tests, "the dry run's gates and tasks recorded as tests");
        assertEquals(2, tests.getSkipCount(), "the gate and the task's check, both skipped");

        String job = b.getParent().getFullName();
        r.jenkins.reload(); // everything below is read back from build.xml and the build directory
        WorkflowRun back = r.jenkins.getItemByFullName(job, WorkflowJob.class).getBuildByNumber(b.getNumber());
        EvaluationAction loaded = back.getAction(EvaluationAction.class);
        assertNotNull(loaded, "the evaluation was saved with the build");
        assertEquals(EvaluationResult.DRY_RUN, loaded.getResult().getVerdict());
        assertEquals(List.of("gsm8k.1"), loaded.getResult().getTasks().stream().map(EvaluationResult.Task::getId).toList());
        assertEquals(Result.SUCCESS, back.getResult());
        assertThat(back.getArtifactManager().root().child(prefix + "gsm8k.1/run.sub").isFile(), is(true));
        assertNotNull(back.getAction(TestResultAction.class));
        String page = r.createWebClient().getPage(back, loaded.getUrlName()).asNormalizedText();
        assertThat(page, containsString("Verdict DRY_RUN"));
    }

    @Test
    void hostSecretsComeFromTheMappingThenACredentialOfItsNameThenTheEnvironment(JenkinsRule r) throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().addAll(List.of(
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "mapped", null, Secret.fromString("from-the-mapping")),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "TOKEN", null, Secret.fromString("from-the-id"))));
        WorkflowRun b = run(r, "echo 'a build to look credentials up for'", Result.SUCCESS);
        Map<String, String> env = Map.of("TOKEN", "from-the-env", "ONLY_ENV", "env-only");

        assertEquals("from-the-mapping", new JenkinsSecretSource(b, Map.of("TOKEN", "mapped"), env).lookup("TOKEN").orElseThrow());
        assertEquals("from-the-id", new JenkinsSecretSource(b, Map.of(), env).lookup("TOKEN").orElseThrow());
        assertEquals("env-only", new JenkinsSecretSource(b, Map.of(), env).lookup("ONLY_ENV").orElseThrow());
        assertTrue(new JenkinsSecretSource(b, Map.of("TOKEN", "missing"), env).lookup("TOKEN").isEmpty(),
                "a mapping to a missing credential is not replaced by the environment");
    }

    @Test
    void aJobCannotUseACredentialOfAnotherFolder(JenkinsRule r) throws Exception {
        com.cloudbees.hudson.plugins.folder.Folder teamA = r.jenkins.createProject(com.cloudbees.hudson.plugins.folder.Folder.class, "team-a");
        com.cloudbees.hudson.plugins.folder.Folder teamB = r.jenkins.createProject(com.cloudbees.hudson.plugins.folder.Folder.class, "team-b");
        var store = teamA.getProperties().get(com.cloudbees.hudson.plugins.folder.properties.FolderCredentialsProvider.FolderCredentialsProperty.class);
        if (store == null) {
            store = new com.cloudbees.hudson.plugins.folder.properties.FolderCredentialsProvider.FolderCredentialsProperty(
                    new com.cloudbees.plugins.credentials.domains.DomainCredentials[0]);
            teamA.addProperty(store);
        }
        com.cloudbees.plugins.credentials.CredentialsStore folderStore = store.getStore();
        folderStore.addCredentials(com.cloudbees.plugins.credentials.domains.Domain.global(),
                new StringCredentialsImpl(CredentialsScope.GLOBAL, "a-token", null, Secret.fromString("team-a-only")));
        WorkflowJob inA = teamA.createProject(WorkflowJob.class, "job");
        inA.setDefinition(new CpsFlowDefinition("echo 'in team a'", true));
        WorkflowJob inB = teamB.createProject(WorkflowJob.class, "job");
        inB.setDefinition(new CpsFlowDefinition("echo 'in team b'", true));
        WorkflowRun a = r.buildAndAssertSuccess(inA);
        WorkflowRun b = r.buildAndAssertSuccess(inB);

        assertEquals("team-a-only", new JenkinsSecretSource(a, Map.of("T", "a-token"), Map.of()).lookup("T").orElseThrow());
        assertTrue(new JenkinsSecretSource(b, Map.of("T", "a-token"), Map.of()).lookup("T").isEmpty());
    }

    @Test
    void aConfigWrittenInUtf8IsReadAsUtf8OnAnAgentWithAnotherCharset(JenkinsRule r) throws Exception {
        testbedCluster();
        r.createSlave("latin1", "latin1", new hudson.EnvVars("JAVA_TOOL_OPTIONS", "-Dfile.encoding=ISO-8859-1"));
        String yaml = Files.readString(Path.of("..", "examples", "testbed.yaml"), StandardCharsets.UTF_8)
                .replace("served_model_name: tiny-model", "served_model_name: modèle-ü");
        WorkflowRun b = run(r, "node('latin1') {\n  writeFile file: 'eval.yaml', encoding: 'Base64', text: '"
                + Base64.getEncoder().encodeToString(yaml.getBytes(StandardCharsets.UTF_8)) + "'\n"

                + "  slurmEvaluate cluster: 'tb', config: 'eval.yaml', tasks: ['gsm8k'], dryRun: true\n}", Result.SUCCESS, false);
        EvaluationAction action = b.getAction(EvaluationAction.class);
        var runSub = b.getArtifactManager().root().child("slurm-evaluate/" + action.getInvocationId() + "/gsm8k.1/run.sub");
        assertThat(new String(runSub.open().readAllBytes(), StandardCharsets.UTF_8), containsString("modèle-ü"));
    }

    @Test
    void aClustersCredentialsAreNeverSentToAnotherHost(JenkinsRule r) throws Exception {
        testbedCluster();
        WorkflowRun b = run(r, "slurmEvaluate cluster: 'tb', hostname: 'attacker.example.com', configText: 'x: 1'",
                Result.FAILURE);
        r.assertLogContains("hostname 'attacker.example.com' is not the login node of cluster 'tb' (127.0.0.1): a "
                + "cluster's credentials go only to its own login node", b);
        WorkflowRun adHoc = run(r, "slurmEvaluate hostname: 'attacker.example.com', configText: 'x: 1'", Result.FAILURE);
        r.assertLogContains("hostname 'attacker.example.com' needs credentialsId", adHoc);
    }

    @Test
    void withoutAClusterTheOneNamedLikeTheConfigsLoginNodeIsUsed(JenkinsRule r) throws Exception {
        SlurmCluster named = new SlurmCluster("slurm-testbed", "127.0.0.1", "tb-ssh");
        named.setPort(2222);
        SystemCredentialsProvider.getInstance().getCredentials().add(new BasicSSHUserPrivateKey(CredentialsScope.GLOBAL,
                "tb-ssh", "slurmtest", new BasicSSHUserPrivateKey.DirectEntryPrivateKeySource("not a real key"), null, null));
        SlurmClusters.get().setClusters(List.of(new SlurmCluster("other", "login.other", "tb-ssh"), named));
        WorkflowRun b = run(r, inNode("def r = slurmEvaluate config: 'eval.yaml', tasks: ['gsm8k'], dryRun: true\n"
                + "echo \"cluster=${r.cluster}\""), Result.SUCCESS);
        r.assertLogContains("cluster=slurm-testbed", b);
        SlurmClusters.get().setClusters(List.of(new SlurmCluster("other", "login.other", "tb-ssh")));
        WorkflowRun none = run(r, inNode("slurmEvaluate config: 'eval.yaml', dryRun: true"), Result.FAILURE);
        r.assertLogContains("no cluster: name one with cluster: (configured: other), or define one named 'slurm-testbed', "
                + "the config's execution.hostname", none);
    }

    @Test
    void theFreestyleBuilderIsNotOfferedToPipelines(JenkinsRule r) throws Exception {
        WorkflowRun b = run(r, "step([$class: 'SlurmEvaluateBuilder', configText: 'x: 1'])", Result.FAILURE);
        r.assertLogNotContains("slurmEvaluate: ", b);
    }

    @Test
    void aMissingSecretNamesTheVariableAndTheThreePlacesLookedAt(JenkinsRule r) throws Exception {
        testbedCluster();
        WorkflowRun b = run(r, inNode("slurmEvaluate cluster: 'tb', config: 'eval.yaml', tasks: ['gsm8k'], dryRun: true, "
                + "overrides: ['+env_vars.NOWHERE=host:NOWHERE']"), Result.FAILURE);
        r.assertLogContains("NOWHERE", b);
        r.assertLogContains("the step's secrets mapping (empty), a secret text or secret file credential with the "
                + "variable's name as its id, and the build's environment (withCredentials)", b);
    }

    /** A cluster named tb with an SSH key credential (the key is never used by these tests). */
    static void testbedCluster() throws Exception {
        SystemCredentialsProvider.getInstance().getCredentials().add(new BasicSSHUserPrivateKey(CredentialsScope.GLOBAL,
                "tb-ssh", "slurmtest", new BasicSSHUserPrivateKey.DirectEntryPrivateKeySource("not a real key"), null, null));
        SystemCredentialsProvider.getInstance().save();
        SlurmCluster tb = new SlurmCluster("tb", "127.0.0.1", "tb-ssh");
        tb.setPort(2222);
        SlurmClusters.get().setClusters(List.of(tb));
    }

    /** Writes examples/testbed.yaml to eval.yaml in a workspace, then runs {@code body} there. */
    static String inNode(String body) throws Exception {
        String yaml = Files.readString(Path.of("..", "examples", "testbed.yaml"), StandardCharsets.UTF_8);
        return "node {\n  writeFile file: 'eval.yaml', encoding: 'Base64', text: '"
                + Base64.getEncoder().encodeToString(yaml.getBytes(StandardCharsets.UTF_8)) + "'\n  " + body + "\n}";
    }

    static WorkflowRun run(JenkinsRule r, String script, Result expected) throws Exception {
        return run(r, script, expected, true);
    }

    static WorkflowRun run(JenkinsRule r, String script, Result expected, boolean sandbox) throws Exception {
        WorkflowJob p = r.createProject(WorkflowJob.class);
        p.setDefinition(new CpsFlowDefinition(script, sandbox));
        return r.assertBuildStatus(expected, p.scheduleBuild2(0));
    }
}
