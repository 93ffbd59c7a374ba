package io.jenkins.plugins.slurmevaluate.durable;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.config.plan.Trust;
import io.jenkins.plugins.slurmevaluate.env.SecretSource;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pre_cmd / unlisted-task safeguard of the durable lifecycle (what the Jenkins step and builder run). */
class TrustGateTest {

    private static final ClusterProfile PROFILE = new ClusterProfile("tb", "127.0.0.1", 2222, "slurmtest", null, null, null);
    private static final String PRE_CMD = "+evaluation.pre_cmd=echo from-an-unreviewed-branch";

    @TempDir
    Path scratch;
    private final AtomicBoolean connected = new AtomicBoolean();
    private final Supplier<RemoteHost> host = () -> {
        connected.set(true);
        throw new AssertionError("connected");
    };

    @Test
    void aPreCmdIsRefusedWithoutTheOptInAndNothingConnects() throws Exception {
        try (RecordingPorts ports = new RecordingPorts(PROFILE, secrets(), host, scratch)) {
            DurableEvaluation.create(request().overrides(List.of(PRE_CMD)).build()).start(ports);
            String failure = ports.end.get(30, TimeUnit.SECONDS).failure();
            assertThat(failure).startsWith("refusing to submit: the config runs shell commands")
                    .contains("<override -o +evaluation.pre_cmd=echo from-an-unreviewed-branch>: evaluation.pre_cmd")
                    .endsWith("To run these commands: set trustPreCmd: true");
            assertThat(connected).isFalse();
        }
    }

    @Test
    void theOptInLetsThePreCmdThroughAndSaysSo() throws Exception {
        try (RecordingPorts ports = new RecordingPorts(PROFILE, secrets(), host, scratch)) {
            DurableEvaluation.create(request().overrides(List.of(PRE_CMD)).trust(new Trust(true, false)).build()).start(ports);
            for (int i = 0; i < 300 && !connected.get(); i++) {
                Thread.sleep(100);
            }
            assertThat(connected).isTrue();
            assertThat(ports.lines).extracting(RecordingPorts.Line::text)
                    .anyMatch(t -> t.startsWith("trusted by this job: <override -o +evaluation.pre_cmd="));
        }
    }

    @Test
    void anOptInWhereTheAdministratorForbidsItFailsNamingTheSetting() throws Exception {
        try (RecordingPorts ports = new Forbidding(host, scratch)) {
            DurableEvaluation.create(request().trust(new Trust(false, true)).build()).start(ports);
            assertThat(ports.end.get(30, TimeUnit.SECONDS).failure()).contains("trustUnlistedTasks")
                    .endsWith("the setting 'Let jobs trust' forbids it");
            assertThat(connected).isFalse();
        }
    }

    @Test
    void whereOptingInIsForbiddenTheRefusalSaysSo() throws Exception {
        try (RecordingPorts ports = new Forbidding(host, scratch)) {
            DurableEvaluation.create(request().overrides(List.of(PRE_CMD)).build()).start(ports);
            assertThat(ports.end.get(30, TimeUnit.SECONDS).failure())
                    .endsWith("To run these commands: jobs may not opt in here: the setting 'Let jobs trust' forbids it");
        }
    }

    @Test
    void aDryRunOnlyWarns() throws Exception {
        try (RecordingPorts ports = new Forbidding(host, scratch)) {
            DurableEvaluation.create(request().overrides(List.of(PRE_CMD)).trust(new Trust(true, true)).dryRun(true).build())
                    .start(ports);
            RecordingPorts.End end = ports.end.get(30, TimeUnit.SECONDS);
            assertThat(end.failure()).isNull();
            assertThat(ports.lines).filteredOn(l -> l.kind().equals("warn")).extracting(RecordingPorts.Line::text)
                    .anyMatch(t -> t.startsWith("dry run: this job opts in"))
                    .anyMatch(t -> t.startsWith("dry run: a real run would be refused: the config runs shell commands"));
            assertThat(connected).isFalse();
        }
    }

    private static final class Forbidding extends RecordingPorts {
        Forbidding(Supplier<RemoteHost> host, Path scratch) {
            super(PROFILE, TrustGateTest.secrets(), host, scratch);
        }

        @Override
        public String trustOptInForbidden() {
            return "the setting 'Let jobs trust' forbids it";
        }
    }

    private static SecretSource secrets() {
        return SecretSource.of(Map.of("PROBE_TOKEN", "x"), "the unit test's map");
    }

    private static EvaluationRequest.Builder request() throws IOException {
        return EvaluationRequest.builder().configText(Files.readString(Path.of("..", "examples", "testbed.yaml")))
                .tasks(List.of("gsm8k"));
    }
}
