package io.jenkins.plugins.slurmevaluate.jenkins.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.FreeStyleProject;
import io.jenkins.plugins.slurmevaluate.jenkins.SlurmEvaluateBuilder;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The global cluster list and the freestyle form: round trips through the web UI, and who may call what. */
@WithJenkins
class SlurmClustersTest {

    private static final String DESCRIPTOR = "descriptorByName/" + SlurmCluster.class.getName() + "/";

    @Test
    void everyFieldOfEveryClusterSurvivesTheConfigurationPage(JenkinsRule r) throws Exception {
        SlurmCluster dgx = new SlurmCluster("dgx", "login.dgx", "dgx-ssh");
        dgx.setPort(2222);
        dgx.setAccount("acct");
        dgx.setPartition("batch");
        dgx.setOutputDir("/lustre/evals");
        dgx.setHostKeyVerification(new PinnedKeyStrategy("SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"));
        SlurmCluster other = new SlurmCluster("other", "login.other", "other-ssh");
        other.setHostKeyVerification(new NoVerificationStrategy());
        SlurmClusters.get().setClusters(List.of(dgx, other));
        r.configRoundtrip();
        List<SlurmCluster> back = SlurmClusters.get().getClusters();
        assertEquals(2, back.size());
        r.assertEqualDataBoundBeans(dgx, back.get(0));
        r.assertEqualDataBoundBeans(other, back.get(1));
    }

    @Test
    void theFreestyleBuilderSurvivesItsConfigurationPage(JenkinsRule r) throws Exception {
        FreeStyleProject p = r.createFreeStyleProject();
        SlurmEvaluateBuilder b = new SlurmEvaluateBuilder();
        b.setConfig("eval.yaml");
        b.setCluster("dgx");
        b.setOverrides("execution.walltime=02:00:00\ndeployment.port=8010");
        b.setSecrets("HF_TOKEN=hf-token");
        b.setGates("hellaswag.acc_norm >= 0.80");
        b.setUnstableOnInconclusive(false);
        p.getBuildersList().add(b);
        r.configRoundtrip(p);
        r.assertEqualDataBoundBeans(b, p.getBuildersList().get(SlurmEvaluateBuilder.class));
    }

    @Test
    void onlyAdministratorsMayTestAConnectionAndOnlyByPost(JenkinsRule r) throws Exception {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ).everywhere().to("reader")
                .grant(Jenkins.ADMINISTER).everywhere().to("admin"));
        String query = "testConnection?name=x&hostname=127.0.0.1&port=1&credentialsId=nope";
        JenkinsRule.WebClient reader = r.createWebClient().withThrowExceptionOnFailingStatusCode(false).login("reader");
        assertEquals(403, reader.getPage(post(reader, r, query)).getWebResponse().getStatusCode());
        JenkinsRule.WebClient admin = r.createWebClient().withThrowExceptionOnFailingStatusCode(false).login("admin");
        assertNotEquals(200, admin.goTo(DESCRIPTOR + query, null).getWebResponse().getStatusCode(), "GET is refused");
        var answer = admin.getPage(post(admin, r, query)).getWebResponse();
        assertEquals(200, answer.getStatusCode());
        assertTrue(answer.getContentAsString().contains("no SSH key or username/password credential with id"));
    }

    @Test
    void credentialsAreListedForAdministratorsOnly(JenkinsRule r) throws Exception {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ).everywhere().to("reader")
                .grant(Jenkins.ADMINISTER).everywhere().to("admin"));
        SystemCredentialsProvider.getInstance().getCredentials().add(new BasicSSHUserPrivateKey(CredentialsScope.GLOBAL,
                "dgx-ssh", "svc", new BasicSSHUserPrivateKey.DirectEntryPrivateKeySource("k"), null, null));
        String query = "fillCredentialsIdItems?credentialsId=";
        JenkinsRule.WebClient reader = r.createWebClient().login("reader");
        JenkinsRule.WebClient admin = r.createWebClient().login("admin");
        assertFalse(reader.getPage(post(reader, r, query)).getWebResponse().getContentAsString().contains("dgx-ssh"));
        assertTrue(admin.getPage(post(admin, r, query)).getWebResponse().getContentAsString().contains("dgx-ssh"));
    }

    @Test
    void theExampleConfigurationAsCodeDefinesTheClusterAndAFreestyleJob(JenkinsRule r) throws Exception {
        String yaml = Files.readString(Path.of("..", "examples", "jcasc-slurm-evaluate.yml"), StandardCharsets.UTF_8)
                .replace("${DGX_SSH_KEY}", "not a real key").replace("${HF_TOKEN}", "not a real token");
        Path file = Files.createTempFile("jcasc", ".yml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        ConfigurationAsCode.get().configure(file.toString());
        SlurmCluster dgx = SlurmClusters.get().cluster("dgx");
        assertEquals("login.dgx.example.com", dgx.getHostname());
        assertEquals("dgx-ssh", dgx.getCredentialsId());
        assertEquals("/lustre/fsw/llm-eval/evals", dgx.getOutputDir());
        assertTrue(dgx.getHostKeyVerification() instanceof PinnedKeyStrategy);
        FreeStyleProject job = r.jenkins.getItemByFullName("gate-llama-3.1-8b", FreeStyleProject.class);
        SlurmEvaluateBuilder b = job.getBuildersList().get(SlurmEvaluateBuilder.class);
        assertEquals("dgx", b.getCluster());
        assertEquals("HF_TOKEN=hf-token", b.getSecrets());
    }

    private static WebRequest post(JenkinsRule.WebClient wc, JenkinsRule r, String query) throws Exception {
        return wc.addCrumb(new WebRequest(new URL(r.getURL(), DESCRIPTOR + query), HttpMethod.POST));
    }
}
