package io.jenkins.plugins.slurmevaluate.jenkins.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;

import com.cloudbees.jenkins.plugins.sshcredentials.impl.BasicSSHUserPrivateKey;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.FreeStyleProject;
import io.jenkins.plugins.slurmevaluate.jenkins.SlurmEvaluateBuilder;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.html.HtmlButton;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlTextInput;
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
    void theFreestyleFormExplainsEveryFieldWithTheStepsHelpUnlessItHasItsOwn(JenkinsRule r) throws Throwable {
        var builder = r.jenkins.getDescriptorByType(SlurmEvaluateBuilder.DescriptorImpl.class);
        JenkinsRule.WebClient wc = r.createWebClient();
        Map<String, String> texts = new java.util.LinkedHashMap<>();
        for (String field : List.of("config", "configText", "cluster", "hostname", "credentialsId", "baseline", "dryRun",
                "archive", "unstableOnInconclusive", "gates", "overrides", "secrets", "tasks")) {
            // the URL the form's help button uses for the field, below Jenkins' root URL
            String url = r.executeOnServer(() -> builder.getHelpFile(field));
            assertTrue(url != null, "no help for " + field);
            texts.put(field, wc.goTo(url.substring(1), null).getWebResponse().getContentAsString());
            assertTrue(texts.get(field).contains("<p>"), "help of " + field + ": " + texts.get(field));
        }
        assertTrue(texts.get("cluster").contains("the config's <code>execution.hostname</code>"), "the step's help");
        assertTrue(texts.get("secrets").contains("One <code>NAME=credentialsId</code> per line"),
                "the builder's own text-area help");
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

    @Test
    void aClusterAddedInTheFormVerifiesItsHostKeyWithKnownHostsUnlessTheAdministratorChoosesOtherwise(JenkinsRule r)
            throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient();
        HtmlForm form = wc.goTo("manage/configure").getFormByName("config");
        HtmlButton add = (HtmlButton) form.getFirstByXPath("//button[contains(., 'Add a Slurm cluster')]");
        add.click();
        wc.waitForBackgroundJavaScript(2000);
        form.<HtmlTextInput>getFirstByXPath("//div[contains(@class,'repeated-chunk')]//input[@name='_.name']").setValue("new");
        form.<HtmlTextInput>getFirstByXPath("//div[contains(@class,'repeated-chunk')]//input[@name='_.hostname']")
                .setValue("login.new");
        r.submit(form);
        SlurmCluster saved = SlurmClusters.get().cluster("new");
        assertTrue(saved.getHostKeyVerification() instanceof KnownHostsFileStrategy,
                "a new cluster starts on known_hosts, got " + saved.getHostKeyVerification());
    }

    @Test
    void clustersWithoutANameOrWithTheSameNameAreRefused(JenkinsRule r) throws Exception {
        SlurmCluster a = new SlurmCluster("dgx", "login.a", "x");
        SlurmCluster b = new SlurmCluster("dgx", "login.b", "x");
        var e = assertThrows(IllegalArgumentException.class, () -> SlurmClusters.get().setClusters(List.of(a, b)));
        assertEquals("two Slurm clusters are named 'dgx'; names must differ", e.getMessage());
        var unnamed = assertThrows(IllegalArgumentException.class,
                () -> SlurmClusters.get().setClusters(List.of(a, new SlurmCluster(" ", "login.c", "x"))));
        assertEquals("Slurm cluster #2 has no name; steps refer to a cluster by its name", unnamed.getMessage());
        assertEquals(List.of(), SlurmClusters.get().getClusters(), "nothing was replaced");
        assertNull(SlurmClusters.get().cluster(null));

        Path file = Files.createTempFile("jcasc", ".yml");
        Files.writeString(file, "unclassified:\n  slurmEvaluate:\n    clusters:\n      - hostname: login.x\n"
                + "        credentialsId: x\n", StandardCharsets.UTF_8);
        Exception casc = assertThrows(Exception.class, () -> ConfigurationAsCode.get().configure(file.toString()));
        assertThat(causes(casc), containsString("Slurm cluster #1 has no name"));
    }

    @Test
    void theConfigurationAsCodeExportReadsBackAsTheSameClusters(JenkinsRule r) throws Exception {
        SlurmCluster dgx = new SlurmCluster("dgx", "login.dgx", "dgx-ssh");
        dgx.setPort(2222);
        dgx.setAccount("acct");
        dgx.setHostKeyVerification(new PinnedKeyStrategy("SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s"));
        SlurmCluster tofu = new SlurmCluster("tofu", "login.tofu", "t-ssh");
        tofu.setHostKeyVerification(new AcceptFirstStrategy("/var/lib/jenkins/pinned"));
        SlurmClusters.get().setClusters(List.of(dgx, tofu));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConfigurationAsCode.get().export(out);
        String exported = out.toString(StandardCharsets.UTF_8);
        assertThat(exported, containsString("slurmEvaluate:"));
        assertThat(exported, containsString("pinnedKey:"));

        SlurmClusters.get().setClusters(List.of());
        Path file = Files.createTempFile("exported", ".yml");
        Files.writeString(file, exported, StandardCharsets.UTF_8);
        ConfigurationAsCode.get().configure(file.toString());
        List<SlurmCluster> back = SlurmClusters.get().getClusters();
        assertEquals(2, back.size());
        r.assertEqualDataBoundBeans(dgx, back.get(0));
        r.assertEqualDataBoundBeans(tofu, back.get(1));
    }

    @Test
    void theStepsCredentialsListShowsWhatTheJobMayUseToThoseWhoMayConfigureIt(JenkinsRule r) throws Exception {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        FreeStyleProject job = r.createFreeStyleProject("job");
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ).everywhere().to("reader", "configurer")
                .grant(hudson.model.Item.READ).onItems(job).to("reader", "configurer")
                .grant(hudson.model.Item.CONFIGURE, hudson.model.Item.EXTENDED_READ).onItems(job).to("configurer"));
        SystemCredentialsProvider.getInstance().getCredentials().add(new BasicSSHUserPrivateKey(CredentialsScope.GLOBAL,
                "job-ssh", "svc", new BasicSSHUserPrivateKey.DirectEntryPrivateKeySource("k"), null, null));
        String url = "job/job/descriptorByName/" + SlurmEvaluateBuilder.class.getName() + "/fillCredentialsIdItems?credentialsId=";
        JenkinsRule.WebClient reader = r.createWebClient().login("reader");
        JenkinsRule.WebClient configurer = r.createWebClient().login("configurer");
        String asReader = reader.getPage(reader.addCrumb(new WebRequest(new URL(r.getURL(), url), HttpMethod.POST)))
                .getWebResponse().getContentAsString();
        String asConfigurer = configurer.getPage(configurer.addCrumb(new WebRequest(new URL(r.getURL(), url), HttpMethod.POST)))
                .getWebResponse().getContentAsString();
        assertFalse(asReader.contains("job-ssh"), asReader);
        assertTrue(asConfigurer.contains("job-ssh"), asConfigurer);
        String clusters = configurer.getPage(configurer.addCrumb(new WebRequest(new URL(r.getURL(),
                url.replace("fillCredentialsIdItems?credentialsId=", "fillClusterItems?cluster=")), HttpMethod.POST)))
                .getWebResponse().getContentAsString();
        assertTrue(clusters.contains("the one named like the config"), clusters);
    }

    private static String causes(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append(" | ");
        }
        return b.toString();
    }

    private static WebRequest post(JenkinsRule.WebClient wc, JenkinsRule r, String query) throws Exception {
        return wc.addCrumb(new WebRequest(new URL(r.getURL(), DESCRIPTOR + query), HttpMethod.POST));
    }
}
