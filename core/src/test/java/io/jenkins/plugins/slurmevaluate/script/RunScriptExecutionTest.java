package io.jenkins.plugins.slurmevaluate.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.script.spec.EnvGroup;
import io.jenkins.plugins.slurmevaluate.script.spec.EnvGroup.Kind;
import io.jenkins.plugins.slurmevaluate.script.spec.ScriptSpec;
import io.jenkins.plugins.slurmevaluate.script.spec.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every golden scenario's run.sub for real in bash, on a {@link FakeCluster}, from a task directory whose path
 * has a space in it: the chain events, what each srun step received (argv, environment), what the evaluation
 * container was given, and that no secret reaches the job log although xtrace is on.
 */
class RunScriptExecutionTest {

    @TempDir
    Path tmp;

    static Stream<String> scenarios() {
        return GoldenSpecs.all().keySet().stream();
    }

    private ScriptSpec spec(String scenario) {
        return GoldenSpecs.all().get(scenario).apply(tmp.resolve("out dir").toString());
    }

    private static List<String> events(ScriptSpec spec) throws IOException {
        return Files.readAllLines(Path.of(spec.layout().chainStatus())).stream()
                .map(l -> l.substring(l.indexOf(' ') + 1)).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void aCleanRunCompletesTheChainAndCancelsTheQueuedSuccessor(String scenario) throws IOException {
        ScriptSpec spec = spec(scenario);
        RenderedTask task = new ScriptRenderer().render(spec);
        FakeCluster cluster = new FakeCluster(tmp);

        Bash.Result r = cluster.runFirstLink(spec, task, Map.of());

        assertThat(r.exitCode()).as(r.toString()).isZero();
        // the auto-export scenario also queues its export (ExportSectionTest)
        assertThat(events(spec).stream().filter(e -> !e.startsWith("1000 export ")))
                .containsExactly("1000 successor id=2001", "1000 started link=1", "1000 exit code=0",
                "1000 successor_cancelled id=2001", "1000 stopped reason=completed");
        assertThat(cluster.calls()).startsWith("sbatch --parsable --dependency=afternotok:1000 "
                + spec.layout().runScript() + " 1000\n").endsWith("scancel 2001\n");
        assertThat(Files.readString(Path.of(spec.layout().jobIdList()))).isEqualTo("1000\n");
        // the evaluation container got the run config (aux URLs filled in) and the raw config
        String expectedConfig = spec.evaluation().runConfigYaml()
                .replace("${JUDGE_CHAT_URL}", "http://node2:8001/v1/chat/completions") + "\n";
        assertThat(cluster.seenRunConfig()).isEqualTo(expectedConfig);
        spec.evaluation().unresolvedConfig().ifPresent(c -> assertThat(
                Path.of(spec.layout().artifactsDir(), "launcher_unresolved_config.yaml")).hasContent(c));
        // every server and proxy was stopped by the teardown
        for (FakeCluster.Step step : cluster.steps()) {
            assertThat(ProcessHandle.of(step.pid()).map(ProcessHandle::isAlive).orElse(false))
                    .as("srun %s still running", step.argv()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void eachContainerGetsExactlyItsOwnGroupAndNoSecretReachesTheLog(String scenario) throws IOException {
        ScriptSpec spec = spec(scenario);
        FakeCluster cluster = new FakeCluster(tmp);
        Bash.Result r = cluster.runFirstLink(spec, new ScriptRenderer().render(spec), Map.of());
        assertThat(r.exitCode()).as(r.toString()).isZero();

        assertThat(r.stderr()).as("xtrace is on for the workload").contains("+ exec srun");
        for (String secret : GoldenSpecs.secrets()) {
            assertThat(r.output()).as("job log").doesNotContain(secret);
        }
        List<EnvGroup> groups = new ArrayList<>();
        groups.add(spec.evaluation().env());
        spec.deployment().map(Server::env).ifPresent(groups::add);
        spec.auxiliaries().forEach(a -> groups.add(a.server().env()));
        for (FakeCluster.Step step : cluster.steps()) {
            assertThat(step.env().keySet()).as("stored names are never exported")
                    .noneMatch(n -> n.matches(".*_[0-9a-f]{4}_[A-Z0-9_]+"));
            if (!step.isContainer() || step.option("--container-env") == null) {
                continue;
            }
            Set<String> listed = Set.of(step.option("--container-env").split(","));
            EnvGroup own = groupOf(step, spec, groups);
            for (EnvGroup.Var v : own.vars()) {
                String expected = v.kind() == Kind.RUNTIME ? "1000" : v.value();
                assertThat(step.env()).as("%s in %s", v.name(), own.name()).containsEntry(v.name(), expected);
                assertThat(listed).contains(v.name());
            }
            assertThat(listed).allMatch(step.env()::containsKey);
            Set<String> ownNames = Set.copyOf(own.names());
            for (EnvGroup other : groups) {
                for (EnvGroup.Var v : other.vars()) {
                    if (!ownNames.contains(v.name())) {
                        assertThat(step.env()).as("%s of group %s leaks into %s", v.name(), other.name(), own.name())
                                .doesNotContainKey(v.name());
                    }
                }
            }
        }
    }

    private static EnvGroup groupOf(FakeCluster.Step step, ScriptSpec spec, List<EnvGroup> groups) {
        List<String> argv = step.argv();
        String role = argv.get(argv.indexOf("-c") + 2);
        if (role.equals("evaluation")) {
            return spec.evaluation().env();
        }
        if (role.equals("deployment")) {
            return spec.deployment().orElseThrow().env();
        }
        return spec.auxiliaries().stream().filter(a -> a.name().equals(role)).findFirst().orElseThrow().server().env();
    }

    @Test
    void aFailingEvaluationFailsTheJobAndStopsTheChain() throws IOException {
        ScriptSpec spec = spec("vllm_single");
        FakeCluster cluster = new FakeCluster(tmp);
        Bash.Result r = cluster.runFirstLink(spec, new ScriptRenderer().render(spec), Map.of("STUB_EVAL", "fail"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(events(spec)).endsWith("1000 exit code=3", "1000 successor_cancelled id=2001",
                "1000 stopped reason=failed code=3");
    }

    @Test
    void aTimeLimitLeavesTheSuccessorQueuedAndExitsWith143() throws IOException {
        ScriptSpec spec = spec("vllm_single");
        FakeCluster cluster = new FakeCluster(tmp);
        Bash.Result r = cluster.runFirstLink(spec, new ScriptRenderer().render(spec), Map.of("STUB_EVAL", "term"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(143);
        assertThat(events(spec)).endsWith("1000 started link=1", "1000 exit code=143 signal=TERM");
        assertThat(cluster.calls()).doesNotContain("scancel");
    }

    @Test
    void aServerThatDiesWhileLoadingFailsTheJobWithItsLogTail() throws IOException {
        ScriptSpec spec = spec("vllm_single");
        FakeCluster cluster = new FakeCluster(tmp);
        Bash.Result r = cluster.runFirstLink(spec, new ScriptRenderer().render(spec),
                Map.of("STUB_SERVER_FAILS", "1", "STUB_CURL", "000"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("exited before it was ready").contains("server failed to start: CUDA error");
        assertThat(events(spec)).endsWith("1000 exit code=1", "1000 successor_cancelled id=2001",
                "1000 stopped reason=failed code=1");
    }

    @Test
    void aSigtermDuringTheReadinessWaitIsHandledAtOnceNotAfterTheWaitsSleep() throws Exception {
        // Slurm's SIGKILL follows its SIGTERM after KillWait (5 s here): a trap deferred by the wait's 5 s sleep is lost
        ScriptSpec spec = spec("vllm_single");
        FakeCluster cluster = new FakeCluster(tmp);
        java.util.concurrent.CompletableFuture<Bash.Result> link = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return cluster.runFirstLink(spec, new ScriptRenderer().render(spec), Map.of("STUB_CURL", "000", "STUB_REAL_SLEEP", "1"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        // the batch shell's output goes to the test, not to a Slurm log: the server's own log says it was started
        Path serverLog = Path.of(spec.layout().logsDir(), "server-0-1000-0.log");
        while (!Files.exists(serverLog)) {
            assertThat(link).as("the link is still running").isNotDone();
            Thread.sleep(20);
        }
        Thread.sleep(1000); // the readiness wait has asked once (the stub answers 000) and is in its 5 s sleep
        new ProcessBuilder("kill", "-TERM", String.valueOf(cluster.batchPid())).inheritIO().start().waitFor();
        long termAt = System.nanoTime();
        Path status = Path.of(spec.layout().chainStatus());
        while (!Files.readString(status).contains("exit code=143") && System.nanoTime() - termAt < 10_000_000_000L) {
            Thread.sleep(20);
        }
        long millis = (System.nanoTime() - termAt) / 1_000_000;
        Bash.Result r = link.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(143);
        assertThat(millis).as("ms from SIGTERM to the exit event").isLessThan(1500);
        assertThat(events(spec)).endsWith("1000 started link=1", "1000 exit code=143 signal=TERM");
    }

    @Test
    void anInterruptedEvaluationFailsTheJobEvenWithoutSigterm() throws IOException {
        ScriptSpec spec = spec("external_endpoint");
        FakeCluster cluster = new FakeCluster(tmp);
        Bash.Result r = cluster.runFirstLink(spec, new ScriptRenderer().render(spec), Map.of("STUB_EVAL", "interrupted"));
        assertThat(r.exitCode()).isEqualTo(143);
        assertThat(events(spec)).endsWith("1000 stopped reason=failed code=143");
    }

    @Test
    void anInterruptedMarkerLeftByAnEarlierLinkDoesNotFailThisOne() throws IOException {
        ScriptSpec spec = spec("external_endpoint");
        FakeCluster cluster = new FakeCluster(tmp);
        Files.createDirectories(Path.of(spec.layout().artifactsDir()));
        Files.writeString(Path.of(spec.layout().interruptedMarker()), "");
        Bash.Result r = cluster.runFirstLink(spec, new ScriptRenderer().render(spec), Map.of());
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(events(spec)).endsWith("1000 stopped reason=completed");
    }

    @Test
    void theHeadsOfEveryInstanceAreFirstAddressesInNodeOrder() throws IOException {
        ScriptSpec spec = spec("multi_instance_haproxy");
        FakeCluster cluster = new FakeCluster(tmp);
        cluster.runFirstLink(spec, new ScriptRenderer().render(spec), Map.of());
        List<String> heads = cluster.steps().stream().filter(s -> "deployment".equals(role(s)))
                .map(s -> s.env().get("MASTER_IP")).sorted().collect(Collectors.toList());
        assertThat(heads).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(Path.of(spec.layout().proxyConfig())).content()
                .contains("server instance0 10.0.0.1:8000 check", "server instance1 10.0.0.2:8000 check");
    }

    /**
     * The reference's jobs set these names (executor.py {@code _create_slurm_sbatch_script}, spec b.2, b.7, b.9): the
     * job exports them with the same values, so a site's commands that read them keep working. The URLs of an
     * auxiliary deployment name the host as the reference does (its first node, or the first node for its proxy).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("referenceNames")
    void everyContainerSeesTheReferencesNamesForTheTaskAndItsNodes(String scenario, Map<String, String> everywhere,
            Map<String, String> evaluation) throws IOException {
        ScriptSpec spec = spec(scenario);
        FakeCluster cluster = new FakeCluster(tmp);
        Bash.Result r = cluster.runFirstLink(spec, new ScriptRenderer().render(spec), Map.of());
        assertThat(r.exitCode()).as(r.toString()).isZero();

        Map<String, String> all = new java.util.LinkedHashMap<>(everywhere);
        all.put("TASK_DIR", spec.layout().taskDir());
        all.put("NEL_INVOCATION_ID", spec.invocationId());
        List<FakeCluster.Step> containers = cluster.steps().stream().filter(FakeCluster.Step::isContainer).toList();
        assertThat(containers).isNotEmpty().allSatisfy(step -> assertThat(step.env()).as("%s", step.argv())
                .containsAllEntriesOf(all));
        assertThat(containers).filteredOn(step -> "evaluation".equals(role(step))).singleElement()
                .satisfies(step -> assertThat(step.env()).containsAllEntriesOf(evaluation));
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> referenceNames() {
        return Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("vllm_single",
                        Map.of("PRIMARY_NODE", "node1", "MODEL_NUM_NODES", "1", "MODEL_NODELIST", "node1"),
                        Map.of("ALL_NODE_IPS", "10.0.0.1")),
                org.junit.jupiter.params.provider.Arguments.of("auxiliary_judge",
                        Map.of("PRIMARY_NODE", "node1", "MODEL_NUM_NODES", "1", "MODEL_NODELIST", "node1",
                                "JUDGE_NUM_NODES", "1", "JUDGE_NODELIST", "node2", "JUDGE_PRIMARY_NODE", "node2",
                                "JUDGE_MASTER_IP", "10.0.0.2"),
                        Map.of("ALL_NODE_IPS", "10.0.0.1", "JUDGE_CHAT_URL", "http://node2:8001/v1/chat/completions",
                                "JUDGE_MODEL_ID", "judge")),
                org.junit.jupiter.params.provider.Arguments.of("mpi_none_multinode",
                        Map.of("PRIMARY_NODE", "node1", "MODEL_NUM_NODES", "2", "MODEL_NODELIST", "node1,node2",
                                "JUDGE_NUM_NODES", "2", "JUDGE_NODELIST", "node3,node4", "JUDGE_PRIMARY_NODE", "node3",
                                "JUDGE_ALL_NODE_IPS", "10.0.0.3,10.0.0.4"),
                        Map.of("ALL_NODE_IPS", "10.0.0.1,10.0.0.2", "JUDGE_MASTER_IP", "10.0.0.3",
                                "JUDGE_CHAT_URL", "http://node1:5010/v1/chat/completions",
                                "JUDGE_COMPLETIONS_URL", "http://node1:5010/v1/completions")));
    }

    private static String role(FakeCluster.Step s) {
        int c = s.argv().indexOf("-c");
        return c < 0 || c + 2 >= s.argv().size() ? null : s.argv().get(c + 2);
    }
}
