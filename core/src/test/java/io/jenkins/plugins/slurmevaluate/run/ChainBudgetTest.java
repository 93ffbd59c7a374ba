package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.catalog.TaskCatalog;
import io.jenkins.plugins.slurmevaluate.config.ConfigLoader;
import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.config.plan.Planner;
import io.jenkins.plugins.slurmevaluate.env.SecretSource;
import io.jenkins.plugins.slurmevaluate.layout.TaskLayout;
import io.jenkins.plugins.slurmevaluate.script.ScriptRenderer;
import io.jenkins.plugins.slurmevaluate.shell.Shell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain's budgets as a config sets them, executed: the run.sub of a config is rendered, and its resume decision
 * runs in bash with sacct and sbatch replaced by functions that read canned answers. Job 2000 is the successor that
 * decides; the links before it are 1001, 1002, ...
 */
class ChainBudgetTest {

    private static final String CONFIG = """
            defaults:
              - execution: slurm/default
              - deployment: none
              - _self_
            execution:
              hostname: login
              username: u
              account: acct
              output_dir: %s
              walltime: "00:01:00"
              max_walltime: "00:20:00"
            target:
              api_endpoint:
                url: http://model:8000/v1/chat/completions
                model_id: m
            evaluation:
              tasks:
                - name: gsm8k
            """;

    @TempDir
    Path tmp;

    private TaskLayout layout;
    private Path defs;

    private void render(String... overrides) throws Exception {
        ConfigLoader loader = new ConfigLoader(Map.of());
        String text = CONFIG.formatted(tmp.resolve("out"));
        EvaluationPlan plan = new Planner(loader, TaskCatalog.bundled())
                .plan(loader.inspect("eval.yaml", text, List.of(overrides)), SecretSource.of(Map.of(), "test"), List.of());
        layout = TaskLayout.of(tmp.resolve("out").toString(), "20261208_000000-0123456789abcdef", "gsm8k", 0);
        String runSub = new ScriptRenderer().render(ScriptSpecs.of(plan, plan.tasks().get(0), layout,
                "0123456789abcdef", "test")).runScriptText();
        int begin = runSub.indexOf("# >>> slurm-evaluate definitions");
        int end = runSub.indexOf("# <<< slurm-evaluate definitions");
        defs = tmp.resolve("defs.sh");
        Files.writeString(defs, runSub.substring(begin, end));
        Files.createDirectories(Path.of(layout.markersDir()));
        Files.createDirectories(Path.of(layout.artifactsDir()));
    }

    /** Links 1001.. that each ran {@code seconds} (sacct ElapsedRaw), the last one ended by a TIMEOUT. */
    private void links(int n, int seconds) throws IOException {
        StringBuilder ids = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            ids.append(1000 + i).append('\n');
            Files.writeString(tmp.resolve("elapsed." + (1000 + i)), seconds + "\n");
        }
        Files.writeString(Path.of(layout.jobIdList()), ids.toString());
    }

    /** Runs job 2000 as the successor of the last link; returns its stdout. */
    private String decide() throws Exception {
        String body = "source " + Shell.quote(defs.toString()) + "\n"
                + "export SLURM_JOB_ID=2000\nSTUB=" + Shell.quote(tmp.toString()) + "\n"
                + "sacct() { local a p='' id='' f=''; for a in \"$@\"; do case $p in -j) id=$a ;; -o) f=$a ;; esac; p=$a; done\n"
                + "  if [[ $f == State ]]; then echo TIMEOUT; else cat \"$STUB/elapsed.$id\" 2>/dev/null; fi; }\n"
                + "sbatch() { echo 3000; }\nscontrol() { :; }\nscancel() { :; }\nsleep() { :; }\n"
                + "_se_link_start\n_se_chain_begin \"$(tail -n 1 " + Shell.quote(layout.jobIdList()) + ")\"\n"
                + "echo WORKLOAD\n";
        Process p = new ProcessBuilder("bash", "-c", body).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private List<String> events() throws IOException {
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of(layout.chainStatus()))) {
            out.add(l.split(" ", 3)[2]);
        }
        return out;
    }

    @Test
    void aOneMinuteChainResumesPastTwentyLinksWhileMaxWalltimeAllows() throws Exception {
        render();
        links(20, 55); // 1,100 s of 1,200
        assertThat(decide()).contains("WORKLOAD");
        assertThat(events()).startsWith("successor id=3000", "resumed link=21 prev=1020 prev_state=TIMEOUT source=sacct");
    }

    @Test
    void maxWalltimeIsWhatStopsIt() throws Exception {
        render();
        links(22, 55); // 1,210 s of 1,200
        String out = decide();
        assertThat(out).doesNotContain("WORKLOAD").contains("slurm-evaluate: the links ran 1210s; max_walltime is 1200s");
        assertThat(events()).containsExactly("exit code=0", "stopped reason=max_walltime used=1210 limit=1200");
    }

    @Test
    void linksThatEndAtOnceWithoutProgressStopTheChain() throws Exception {
        render();
        links(5, 3);
        String out = decide();
        assertThat(out).doesNotContain("WORKLOAD").contains("slurm-evaluate: the last 5 links each ended within 30s of "
                + "starting without progress (artifacts/progress unchanged)");
        assertThat(events()).containsExactly("exit code=0", "stopped reason=no_progress links=5 within=30");
    }

    @Test
    void quickLinksThatMoveTheProgressCountGoOn() throws Exception {
        render();
        links(5, 3);
        for (int i = 1; i <= 5; i++) { // each link found i*10 samples done when it started, and left more
            Files.writeString(Path.of(layout.markersDir(), (1000 + i) + ".progress"), (i * 10) + "\n");
        }
        Files.writeString(Path.of(layout.artifactsDir(), "progress"), "60\n");
        assertThat(decide()).contains("WORKLOAD");
        assertThat(Files.readString(Path.of(layout.markersDir(), "2000.progress"))).isEqualTo("60\n");
    }

    @Test
    void maxStalledLinksNullTurnsTheGuardOff() throws Exception {
        render("execution.max_stalled_links=null");
        links(5, 3);
        assertThat(decide()).contains("WORKLOAD");
    }

    @Test
    void maxStalledLinksSetsHowManyQuickLinksInARowStopTheChain() throws Exception {
        render("execution.max_stalled_links=2");
        links(2, 3);
        decide();
        assertThat(events()).containsExactly("exit code=0", "stopped reason=no_progress links=2 within=30");
    }

    @Test
    void anExplicitMaxChainLinksIsHonoured() throws Exception {
        render("execution.max_chain_links=20");
        links(20, 55);
        decide();
        assertThat(events()).containsExactly("exit code=0", "stopped reason=max_links links=20 limit=20");
    }
}
