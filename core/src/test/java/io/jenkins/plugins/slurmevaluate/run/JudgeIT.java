package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.slurmevaluate.shell.Shell;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.testbed.Testbed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An evaluation with a judge on the test bed ({@code examples/testbed_judge.yaml}): a second fake model server, under
 * another served name and port, on the second node of a two-node job. The evaluation config refers to it as
 * {@code auxiliary_deployments.judge.chat_url} and {@code auxiliary_deployments.judge.model_id} (reference a.6); the
 * stand-in evaluator calls the URL it was given with the model it was given, for every answer, and records each call.
 * The judge answers only its own served name, so a wrong model id fails the run.
 */
@Tag("testbed")
class JudgeIT {

    static final Path CONFIG = Path.of("..", "examples", "testbed_judge.yaml");

    @Test
    void theEvaluationCallsTheJudgeOnItsNodeAndPortUnderItsServedName() throws Exception {
        Testbed testbed = Testbed.load();
        String pair = testbed.get("TESTBED_PAIR_PARTITION");
        String judgeNode = testbed.get("TESTBED_NODE2");
        int judgePort = Testbed.deploymentPort();
        try (TestbedRun run = TestbedRun.of("judge", CONFIG, "execution.partition=" + pair,
                "auxiliary_deployments.judge.port=" + judgePort)) {
            RunRecord end = run.runToEnd(Duration.ofMinutes(4));

            assertThat(end.tasks()).singleElement().satisfies(t -> assertThat(t.stop()).as(run.chainStatusText())
                    .isEqualTo("completed"));
            Path collected = run.collect();
            Path artifacts = collected.resolve(FullRunIT.dirName(run.taskDir())).resolve("artifacts");
            String url = "http://" + judgeNode + ":" + judgePort + "/v1/chat/completions";
            List<JsonNode> calls = new ArrayList<>();
            for (String line : Files.readAllLines(artifacts.resolve("judge_calls.jsonl"), StandardCharsets.UTF_8)) {
                calls.add(new ObjectMapper().readTree(line));
            }
            // limit_samples: 5, one judge call per answer: each with the judge's URL on its node, and its model
            assertThat(calls).hasSize(5).allSatisfy(call -> {
                assertThat(call.get("url").asText()).isEqualTo(url);
                assertThat(call.get("model").asText()).isEqualTo("tiny-judge");
                assertThat(call.get("answered_by").asText()).isEqualTo("tiny-judge");
                assertThat(call.has("error")).isFalse();
            });
            // the run config the evaluation got holds the translated values, no reference
            String runConfig = Files.readString(artifacts.resolve("run_config.yml"));
            assertThat(runConfig).contains(url).contains("tiny-judge").doesNotContain("auxiliary_deployments.judge.");
            // the judge ran on the second node, and answered five completions for tiny-judge
            String judgeLog = run.remote("cat " + Shell.quote(run.taskDir()) + "/logs/judge-server-0-*.log").stdout();
            assertThat(judgeLog.lines().filter(l -> l.contains("\"POST /v1/chat/completions\" 200 model=tiny-judge")))
                    .hasSize(5);
            String nodes = run.remote("sacct -n -P -j " + run.task().jobIds().get(0) + " -o NodeList -X").stdout().strip();
            assertThat(nodes).as("the job's nodes").contains(judgeNode);

            run.assertCleanEnd();
        }
    }
}
