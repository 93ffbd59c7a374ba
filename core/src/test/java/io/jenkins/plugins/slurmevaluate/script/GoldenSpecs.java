package io.jenkins.plugins.slurmevaluate.script;

import io.jenkins.plugins.slurmevaluate.layout.TaskLayout;
import io.jenkins.plugins.slurmevaluate.script.spec.Auxiliary;
import io.jenkins.plugins.slurmevaluate.script.spec.EnvGroup;
import io.jenkins.plugins.slurmevaluate.script.spec.EnvGroup.Var;
import io.jenkins.plugins.slurmevaluate.script.spec.Evaluation;
import io.jenkins.plugins.slurmevaluate.script.spec.Mount;
import io.jenkins.plugins.slurmevaluate.script.spec.SbatchHeader;
import io.jenkins.plugins.slurmevaluate.script.spec.SbatchHeader.Flag;
import io.jenkins.plugins.slurmevaluate.script.spec.ScriptSpec;
import io.jenkins.plugins.slurmevaluate.script.spec.ScriptSpec.Chain;
import io.jenkins.plugins.slurmevaluate.script.spec.ScriptSpec.Mpi;
import io.jenkins.plugins.slurmevaluate.script.spec.Server;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The specs of the golden files, one per scenario of the reference's samples and then some. Each takes the output
 * directory, so that the same spec renders with cluster paths (goldens) and with a temporary directory (tests that
 * execute the script).
 */
final class GoldenSpecs {

    static final String INVOCATION = "0123456789abcdef";
    static final String CLUSTER_OUTPUT_DIR = "/lustre/fsw/evals";
    /** Fake secrets: tests assert they never appear in run.sub or in a job log. */
    static final String HF_TOKEN = "hf_FAKE'secret\"with$(id)`x`\\n";
    static final String NGC_API_KEY = "nvapi-FAKE-9f8e7d6c5b4a";
    static final String JUDGE_KEY = "judge-FAKE key with spaces";

    /** Scenario name to spec (given the output directory), in golden order. */
    static Map<String, Function<String, ScriptSpec>> all() {
        Map<String, Function<String, ScriptSpec>> specs = new LinkedHashMap<>();
        specs.put("vllm_single", GoldenSpecs::vllmSingle);
        specs.put("external_endpoint", GoldenSpecs::externalEndpoint);
        specs.put("multi_instance_haproxy", GoldenSpecs::multiInstance);
        specs.put("auxiliary_judge", GoldenSpecs::auxiliaryJudge);
        specs.put("mounts_and_env_everywhere", GoldenSpecs::mountsAndEnvEverywhere);
        specs.put("mpi_none_multinode", GoldenSpecs::mpiNoneMultiNode);
        specs.put("auto_export", ExportSectionTest::withExport);
        return specs;
    }

    static List<String> secrets() {
        return List.of(HF_TOKEN, NGC_API_KEY, JUDGE_KEY);
    }

    static TaskLayout layout(String outputDir, String task, int index) {
        String run = TaskLayout.invocationDirName(LocalDateTime.of(2026, 11, 25, 9, 5, 7), INVOCATION);
        return TaskLayout.of(outputDir, run, task, index);
    }

    static SbatchHeader.Builder header(String task, int index) {
        return SbatchHeader.builder().time("04:00:00").account("llm-team").partition("batch")
                .jobName("llm-team-slurm-evaluate." + TaskLayout.taskDirName(task, index) + "-" + INVOCATION);
    }

    static String runConfig(String task, String url) {
        return "config:\n  type: " + task + "\n  output_dir: /results\ntarget:\n  api_endpoint:\n    url: " + url
                + "\n    model_id: my-model\n    type: chat\n";
    }

    /** The reference's vllm_single sample: one vLLM server, HF_TOKEN from the host in every group. */
    static ScriptSpec vllmSingle(String outputDir) {
        String task = "lm-evaluation-harness.ifeval";
        return ScriptSpec.builder().invocationId(INVOCATION).layout(layout(outputDir, task, 0))
                .header(header(task, 0).gpusPerNode(8).gres("gpu:8").flag(Flag.bare("exclusive")).build())
                .deployment(Server.builder().image("vllm/vllm-openai:latest")
                        .command("vllm serve /checkpoint --tensor-parallel-size=8 --port 8000 --served-model-name my-model")
                        .checkpointPath("/lustre/models/my-model").cachePath("/lustre/cache")
                        .readinessTimeoutSeconds(14400)
                        .env(EnvGroup.of("deployment", Var.host("HF_TOKEN", HF_TOKEN),
                                Var.lit("HF_HOME", "/root/.cache/huggingface"), Var.runtime("JOB", "SLURM_JOB_ID")))
                        .build())
                .evaluation(Evaluation.builder().image("nvcr.io/nvidia/eval-factory/lm-evaluation-harness:26.03")
                        .runConfigYaml(runConfig(task, "http://127.0.0.1:8000/v1/chat/completions"))
                        .env(EnvGroup.of(task + ".0", Var.host("HF_TOKEN", HF_TOKEN),
                                Var.lit("HF_HOME", "/root/.cache/huggingface"), Var.runtime("JOB", "SLURM_JOB_ID")))
                        .build())
                .chain(new Chain(10, OptionalLong.of(120 * 3600)))
                .build();
    }

    /** deployment: none; the evaluation calls an external endpoint with an API key; no GPUs, no max_walltime. */
    static ScriptSpec externalEndpoint(String outputDir) {
        String task = "simple_evals.mmlu_pro";
        return ScriptSpec.builder().invocationId(INVOCATION).layout(layout(outputDir, task, 1))
                .header(header(task, 1).partition("cpu").time("2-00").build())
                .evaluation(Evaluation.builder().image("nvcr.io/nvidia/eval-factory/simple-evals:26.03")
                        .runConfigYaml(runConfig(task, "https://integrate.api.nvidia.com/v1/chat/completions"))
                        .env(EnvGroup.of(task + ".1", Var.host("NGC_API_KEY", NGC_API_KEY)))
                        .build())
                .chain(new Chain(5, OptionalLong.empty()))
                .build();
    }

    /** Two vLLM replicas of one node each behind haproxy (reference vllm_multiinstance). */
    static ScriptSpec multiInstance(String outputDir) {
        String task = "gsm8k";
        return ScriptSpec.builder().invocationId(INVOCATION).layout(layout(outputDir, task, 0))
                .header(header(task, 0).nodes(2).gres("gpu:8").flag(Flag.bare("exclusive")).build())
                .deployment(Server.builder().image("vllm/vllm-openai:v0.15.1").nodes(2).instances(2)
                        .command("vllm serve my-org/my-model --data-parallel-size=8 --port 8000")
                        .proxy(new Server.Proxy("haproxy:latest", 5009, "/health", 200))
                        .env(EnvGroup.of("deployment", Var.host("HF_TOKEN", HF_TOKEN)))
                        .build())
                .evaluation(Evaluation.builder().image("nvcr.io/nvidia/eval-factory/lm-evaluation-harness:26.03")
                        .runConfigYaml(runConfig(task, "http://127.0.0.1:5009/v1/completions"))
                        .env(EnvGroup.of(task + ".0"))
                        .build())
                .chain(new Chain(10, OptionalLong.of(24 * 3600)))
                .build();
    }

    /** A judge on its own node, from its own fields (P-21); its URL goes into the run config at run time. */
    static ScriptSpec auxiliaryJudge(String outputDir) {
        String task = "AIME_2025";
        Auxiliary judge = new Auxiliary("judge", "JUDGE",
                Server.builder().image("vllm/vllm-openai:latest").port(8001)
                        .command("vllm serve my-org/judge --port 8001 --served-model-name judge")
                        .cachePath("/lustre/cache")
                        .env(EnvGroup.of("judge", Var.host("HF_TOKEN", HF_TOKEN)))
                        .build(),
                "judge", orderedMap("chat", "/v1/chat/completions", "health", "/health"));
        return ScriptSpec.builder().invocationId(INVOCATION).layout(layout(outputDir, task, 0))
                .header(header(task, 0).nodes(2).gres("gpu:8").build())
                .deployment(Server.builder().image("vllm/vllm-openai:latest")
                        .command("vllm serve my-org/my-model --port 8000 --served-model-name my-model")
                        .env(EnvGroup.of("deployment"))
                        .build())
                .auxiliary(judge)
                .evaluation(Evaluation.builder().image("nvcr.io/nvidia/eval-factory/nemo-skills:26.03")
                        .runConfigYaml(runConfig(task, "http://127.0.0.1:8000/v1/chat/completions")
                                + "config:\n  params:\n    extra:\n      judge:\n        url: ${JUDGE_CHAT_URL}\n"
                                + "        model_id: judge\n")
                        .env(EnvGroup.of(task + ".0", Var.host("JUDGE_API_KEY", JUDGE_KEY)))
                        .unresolvedConfig("defaults:\n  - execution: slurm/default\n  - deployment: vllm\n"
                                + "auxiliary_deployments:\n  judge: {port: 8001}  # it's the judge\n")
                        .build())
                .chain(new Chain(10, OptionalLong.of(120 * 3600)))
                .build();
    }

    /** Mounts and environment at every level, home not mounted, pre/post commands, a hostile comment and flags. */
    static ScriptSpec mountsAndEnvEverywhere(String outputDir) {
        String task = "nemo_skills.gpqa-diamond";
        return ScriptSpec.builder().invocationId(INVOCATION).layout(layout(outputDir, task, 2)).mountHome(false)
                .header(header(task, 2).time("0-08:09").gpusPerNode(8)
                        .comment("Bob's \"nightly\" run: 50% of $budget, `no` \\escapes # not a comment")
                        .flag(Flag.of("constraint", "h100&ib")).flag(Flag.of("mem", "0"))
                        .flag(Flag.bare("exclusive")).flag(Flag.of("reservation", "eval team")).build())
                .deployment(Server.builder().image("nvcr.io/nim/meta/llama-3.1-8b-instruct:1.8")
                        .command("/opt/nvidia/nvidia_entrypoint.sh /opt/nim/start_server.sh")
                        .preCmd("export NIM_CACHE_PATH=/opt/nim/.cache\necho 'pre-start'")
                        .healthPath("/v1/health/ready").readinessTimeoutSeconds(1800)
                        .mount(Mount.of("/lustre/nim-cache", "/opt/nim/.cache"))
                        .mount(Mount.readOnly("/lustre/hf home", "/root/.cache/huggingface"))
                        .env(EnvGroup.of("deployment", Var.host("NGC_API_KEY", NGC_API_KEY),
                                Var.lit("HF_HUB_OFFLINE", "1")))
                        .build())
                .evaluation(Evaluation.builder().image("nvcr.io/nvidia/eval-factory/nemo-skills:26.03")
                        .mount(Mount.readOnly("/lustre/hf home", "/root/.cache/huggingface"))
                        .dataset("/lustre/datasets/gpqa", "/datasets")
                        .visibleDevices("all")
                        .preCmd("pip install --no-deps my-plugin==1.2 && echo \"ready: $(date)\"")
                        .postCmd("cp -r /results/logs /results/kept || true")
                        .runConfigYaml(runConfig(task, "http://127.0.0.1:8000/v1/chat/completions")
                                + "# quotes ' and \" and $HOME and `cmd` stay as written\n")
                        .env(EnvGroup.of(task + ".2", Var.host("NGC_API_KEY", NGC_API_KEY),
                                Var.lit("HF_HUB_OFFLINE", "1"), Var.lit("EMPTY", ""),
                                Var.runtime("JOB_ID", "SLURM_JOB_ID")))
                        .build())
                .chain(new Chain(3, OptionalLong.of(6 * 3600)))
                .build();
    }

    /** mpi: none, one deployment over two nodes, and a two-instance judge with its own proxy. */
    static ScriptSpec mpiNoneMultiNode(String outputDir) {
        String task = "mmlu";
        Auxiliary judge = new Auxiliary("judge", "JUDGE",
                Server.builder().image("vllm/vllm-openai:latest").port(8001).nodes(2).instances(2)
                        .command("vllm serve my-org/judge --port 8001")
                        .proxy(new Server.Proxy("haproxy:2.9", 5010, "/health", 200))
                        .env(EnvGroup.of("judge"))
                        .build(),
                "judge", orderedMap("chat", "/v1/chat/completions", "completions", "/v1/completions"));
        return ScriptSpec.builder().invocationId(INVOCATION).layout(layout(outputDir, task, 0)).mpi(Mpi.NONE)
                .header(header(task, 0).nodes(4).ntasksPerNode(8).gpusPerNode(8).build())
                .deployment(Server.builder().image("vllm/vllm-openai:latest").nodes(2).tasks(2)
                        .command("if [ \"$PROC_ID\" = 0 ]; then\n  ray start --head --port=6379 --block &\n"
                                + "  vllm serve my-org/big --pipeline-parallel-size 2 --port 8000\nelse\n"
                                + "  ray start --address=$MASTER_IP:6379 --block\nfi")
                        .env(EnvGroup.of("deployment", Var.lit("VLLM_ENGINE_READY_TIMEOUT_S", "3600")))
                        .build())
                .auxiliary(judge)
                .evaluation(Evaluation.builder().image("nvcr.io/nvidia/eval-factory/lm-evaluation-harness:26.03")
                        .runConfigYaml(runConfig(task, "http://127.0.0.1:8000/v1/completions"))
                        .env(EnvGroup.of(task + ".0"))
                        .build())
                .chain(new Chain(1, OptionalLong.empty()))
                .build();
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private GoldenSpecs() {}
}
