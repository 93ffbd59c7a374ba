package io.jenkins.plugins.slurmevaluate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One mistake per config, each caught before anything touches the cluster: the CLI exits 2 and stderr names the
 * key path and the file position. Each case edits a valid config; the line the error must point at carries the
 * marker {@code # <-}. Override mistakes have no file position and name the override instead.
 */
class InvalidConfigsTest {

    static final String VALID = """
            defaults:
              - execution: slurm/default
              - deployment: vllm
              - _self_
            execution:
              hostname: login.example.com
              username: evaluser
              account: acct
              output_dir: /lustre/evals
              walltime: "04:00:00"
            deployment:
              checkpoint_path: null
              hf_model_handle: org/model
              served_model_name: model
            env_vars:
              HF_TOKEN: host:HF_TOKEN
            evaluation:
              tasks:
                - name: hellaswag
                - name: arc_challenge
            """;

    private static final String MARK = "# <-";

    @TempDir
    Path dir;

    /** A mistake: its name, the key path the error must name, the config text, and overrides. */
    record Case(String name, String keyPath, String yaml, List<String> overrides, String message) {
        Case withYaml(java.util.function.UnaryOperator<String> change) {
            return new Case(name, keyPath, change.apply(yaml), overrides, message);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case edit(String name, String keyPath, String from, String to) {
        return edit(name, keyPath, from, to, "");
    }

    private static Case edit(String name, String keyPath, String from, String to, String message) {
        if (!VALID.contains(from)) {
            throw new IllegalArgumentException(name + ": the valid config has no '" + from + "'");
        }
        return new Case(name, keyPath, VALID.replace(from, to), List.of(), message);
    }

    private static Case add(String name, String keyPath, String after, String lines) {
        return add(name, keyPath, after, lines, "");
    }

    private static Case add(String name, String keyPath, String after, String lines, String message) {
        return edit(name, keyPath, after, after + "\n" + lines, message);
    }

    private static Case override(String name, String keyPath, String message, String... overrides) {
        return new Case(name, keyPath, VALID, List.of(overrides), message);
    }

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        String exec = "  walltime: \"04:00:00\"";
        String dep = "  served_model_name: model";
        String task = "    - name: hellaswag";
        c.add(edit("unquoted walltime read as base-60 integer", "execution.walltime", exec,
                "  walltime: 4:00:00 " + MARK, "base-60 integer 14400; write it quoted: walltime: \"4:00:00\""));
        c.add(edit("bare env value", "env_vars.HF_TOKEN", "HF_TOKEN: host:HF_TOKEN", "HF_TOKEN: HF_TOKEN " + MARK,
                "write 'host:HF_TOKEN'"));
        c.add(edit("bare $VAR env value", "env_vars.HF_TOKEN", "HF_TOKEN: host:HF_TOKEN", "HF_TOKEN: $HF_TOKEN " + MARK,
                "write 'host:HF_TOKEN'"));
        c.add(edit("oc.env in env_vars", "env_vars.HF_TOKEN", "HF_TOKEN: host:HF_TOKEN",
                "HF_TOKEN: ${oc.env:HF_TOKEN} " + MARK, "write 'host:HF_TOKEN' instead"));
        c.add(add("invalid env var name", "env_vars.1BAD", "  HF_TOKEN: host:HF_TOKEN", "  1BAD: lit:x " + MARK));
        c.add(add("host variable not set", "env_vars.OTHER", "  HF_TOKEN: host:HF_TOKEN",
                "  OTHER: host:NOT_SET_ANYWHERE_42 " + MARK));
        c.add(add("unknown key in execution", "execution.wallltime", exec, "  wallltime: \"01:00:00\" " + MARK));
        c.add(add("execution key in deployment", "deployment.num_nodes", dep, "  num_nodes: 4 " + MARK));
        c.add(add("unknown key in a task", "evaluation.tasks[0].bogus", task, "      bogus: 1 " + MARK));
        c.add(add("unknown top-level key", "evaluatoin", "    - name: arc_challenge", "evaluatoin: {} " + MARK));
        c.add(edit("relative output_dir", "execution.output_dir", "output_dir: /lustre/evals",
                "output_dir: lustre/evals " + MARK));
        c.add(edit("ambiguous task", "evaluation.tasks[0].name", task, "    - name: mmlu " + MARK,
                "lm-evaluation-harness.mmlu, simple_evals.mmlu"));
        c.add(edit("unknown task without container", "evaluation.tasks[0].name", task,
                "    - name: not_a_task " + MARK, "Use <harness>.<task> or give a container"));
        c.add(edit("unknown harness", "evaluation.tasks[0].name", task, "    - name: nosuch.task " + MARK));
        c.add(edit("task name with two dots", "evaluation.tasks[0].name", task, "    - name: a.b.c " + MARK));
        c.add(edit("??? left in the file", "execution.hostname", "hostname: login.example.com", "hostname: ??? " + MARK,
                "required value is missing"));
        c.add(edit("max_walltime 5d", "execution.max_walltime", exec, exec + "\n  max_walltime: 5d " + MARK,
                "'5d' is not a Slurm time"));
        c.add(edit("max_walltime unquoted base-60", "execution.max_walltime", exec,
                exec + "\n  max_walltime: 120:00:00 " + MARK));
        c.add(edit("max_walltime UNLIMITED", "execution.max_walltime", exec, exec + "\n  max_walltime: UNLIMITED " + MARK,
                "max_walltime: null"));
        c.add(edit("walltime in hours", "execution.walltime", exec, "  walltime: \"4h\" " + MARK));
        c.add(edit("walltime with 61 minutes", "execution.walltime", exec, "  walltime: \"01:61:00\" " + MARK));
        c.add(edit("walltime null", "execution.walltime", exec, "  walltime: null " + MARK, "--time None"));
        c.add(add("n_tasks not divisible by num_instances", "execution.deployment.n_tasks", exec,
                "  num_nodes: 2\n  num_instances: 2\n  deployment:\n    n_tasks: 3 " + MARK, "TOTAL"));
        c.add(add("num_nodes not divisible by num_instances", "execution.num_instances", exec,
                "  num_nodes: 3\n  num_instances: 2 " + MARK));
        c.add(add("zero nodes", "execution.num_nodes", exec, "  num_nodes: 0 " + MARK));
        c.add(add("gpus_per_node not a number", "execution.gpus_per_node", exec, "  gpus_per_node: eight " + MARK));
        c.add(add("url with a deployment", "target.api_endpoint.url", "    - name: arc_challenge",
                "target:\n  api_endpoint:\n    url: http://example.com/v1 " + MARK, "must not be set"));
        c.add(add("duplicate key", "execution.account", "  account: acct", "  account: other " + MARK,
                "duplicate key 'account'"));
        c.add(edit("interpolation to a missing key", "deployment.served_model_name", dep,
                "  served_model_name: ${deployment.nope} " + MARK, "does not exist"));
        c.add(edit("unterminated interpolation", "deployment.served_model_name", dep,
                "  served_model_name: \"${deployment.port\" " + MARK, "no closing"));
        c.add(edit("unsupported resolver", "deployment.served_model_name", dep,
                "  served_model_name: ${oc.decode:abc} " + MARK, "unsupported resolver 'oc.decode'"));
        c.add(edit("interpolation cycle", "deployment.hf_model_handle", dep,
                "  served_model_name: ${deployment.hf_model_handle}", "interpolation cycle")
                .withYaml(y -> y.replace("hf_model_handle: org/model", "hf_model_handle: ${deployment.served_model_name} "
                        + MARK)));
        c.add(edit("oc.env of an unset variable", "execution.username", "username: evaluser",
                "username: ${oc.env:NO_SUCH_VARIABLE_42} " + MARK, "is not set"));
        c.add(edit("unknown deployment option", "defaults", "  - deployment: vllm", "  - deployment: vlm " + MARK,
                "did you mean 'vllm'?"));
        c.add(edit("unknown config group", "defaults", "  - deployment: vllm",
                "  - deployment: vllm\n  - executor: slurm " + MARK));
        c.add(add("execution.env_vars", "execution.env_vars", exec, "  env_vars: " + MARK + "\n    A: lit:1",
                "no longer supported"));
        c.add(add("evaluation.overrides", "evaluation.overrides", "evaluation:",
                "  overrides: " + MARK + "\n    config.params.temperature: 0.6", "nemo_evaluator_config"));
        c.add(add("deployment.multiple_instances", "deployment.multiple_instances", dep,
                "  multiple_instances: 2 " + MARK, "execution.num_instances"));
        c.add(edit("vllm without checkpoint or model", "deployment.checkpoint_path", "  checkpoint_path: null",
                "  checkpoint_path: null " + MARK).withYaml(y -> y.replace("  hf_model_handle: org/model\n", "")));
        c.add(edit("relative checkpoint", "deployment.checkpoint_path", "  checkpoint_path: null",
                "  checkpoint_path: ckpt/llama " + MARK));
        c.add(add("port out of range", "deployment.port", dep, "  port: 70000 " + MARK));
        c.add(add("endpoint path without slash", "deployment.endpoints.chat", dep,
                "  endpoints:\n    chat: v1/chat/completions " + MARK));
        c.add(add("relative mount target", "execution.mounts.evaluation../hf_cache", exec,
                "  mounts:\n    evaluation:\n      ./hf_cache: cache " + MARK, "absolute container path"));
        c.add(add("mounts for an unknown auxiliary", "execution.mounts.auxiliary.judge", exec,
                "  mounts:\n    auxiliary:\n      judge:\n        /a: /b " + MARK));
        c.add(add("proxy type not haproxy", "execution.proxy.type", exec, "  proxy:\n    type: nginx " + MARK));
        c.add(add("unknown mpi type", "execution.mpi", exec, "  mpi: openmpi " + MARK, "pmix, pmi2 or none"));
        c.add(add("sbatch flag the header owns", "execution.sbatch_extra_flags.time", exec,
                "  sbatch_extra_flags:\n    time: \"01:00:00\" " + MARK, "execution.walltime"));
        c.add(add("multi-line sbatch comment", "execution.sbatch_comment", exec,
                "  sbatch_comment: \"a\\nb\" " + MARK));
        c.add(add("bool where a string is needed", "execution.partition", exec, "  partition: yes " + MARK,
                "quote it"));
        c.add(add("zero max_chain_links", "execution.max_chain_links", exec, "  max_chain_links: 0 " + MARK));
        c.add(add("negative readiness timeout", "execution.endpoint_readiness_timeout", exec,
                "  endpoint_readiness_timeout: -5 " + MARK));
        c.add(add("auto_export as a string", "execution.auto_export", exec, "  auto_export: mlflow " + MARK));
        c.add(add("endpoint type the deployment lacks", "evaluation.tasks[0].endpoint_type", task,
                "      endpoint_type: vlm " + MARK));
        c.add(edit("task written as a bare string", "evaluation.tasks[0]", task, "    - hellaswag " + MARK));
        c.add(edit("invalid YAML", "config", "  account: acct", "  account: acct: x " + MARK));
        c.add(edit("arbitrary tag", "config", "  account: acct", "  account: !!java.io.File acct " + MARK));
        c.add(edit("reserved auxiliary env_prefix", "auxiliary_deployments.judge.env_prefix", "  - _self_",
                "  - deployment/vllm@auxiliary_deployments.judge\n  - _self_")
                .withYaml(y -> y + "auxiliary_deployments:\n  judge:\n    checkpoint_path: null\n    hf_model_handle: j\n"
                        + "    served_model_name: j\n    port: 8001\n    env_prefix: SLURM " + MARK + "\n"));
        String judgeUrl = "  nemo_evaluator_config:\n    config:\n      params:\n        extra:\n          judge:\n"
                + "            url: auxiliary_deployments.judge.%s " + MARK;
        c.add(add("reference to an auxiliary deployment that is not there",
                "evaluation.nemo_evaluator_config.config.params.extra.judge.url", "evaluation:",
                judgeUrl.formatted("chat_url"), "names no auxiliary deployment: the config has no auxiliary_deployments"));
        c.add(add("reference to an endpoint the judge does not have",
                "evaluation.nemo_evaluator_config.config.params.extra.judge.url", "evaluation:",
                judgeUrl.formatted("chat_ur"), "did you mean 'chat_url'?")
                .withYaml(y -> y.replace("  - _self_", "  - deployment/vllm@auxiliary_deployments.judge\n  - _self_")
                        + "auxiliary_deployments:\n  judge:\n    checkpoint_path: null\n    hf_model_handle: j\n"
                        + "    served_model_name: j\n    port: 8001\n"));
        c.add(override("override without a value", "execution.walltime", "bad override", "execution.walltime"));
        c.add(override("override of a key that does not exist", "execution.walltimee", "+execution.walltimee",
                "execution.walltimee=01:00:00"));
        c.add(override("override with a bad flow value", "execution.sbatch_extra_flags", "cannot read the value",
                "execution.sbatch_extra_flags={a: [1, 2}"));
        c.add(override("override of a bad time", "execution.max_walltime", "'5d' is not a Slurm time",
                "execution.max_walltime=5d"));
        c.add(override("task-name override of an unknown task", "evaluation.tasks.nope.container",
                "no task named 'nope'", "evaluation.tasks.nope.container=x"));
        c.add(override("index override past the end", "evaluation.tasks.5.name", "past the end",
                "evaluation.tasks.5.name=x"));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachMistakeIsCaughtWithItsPositionAndKey(Case c) throws IOException {
        Path file = dir.resolve("case.yaml");
        Files.writeString(file, c.yaml());
        List<String> args = new ArrayList<>(List.of("run", "-c", file.toString(), "--dry-run"));
        c.overrides().forEach(o -> args.addAll(List.of("-o", o)));
        CliRun r = CliRun.of(Map.of("HF_TOKEN", "hf_x", "USER", "u"), dir, args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        String where;
        if (c.overrides().isEmpty()) {
            int line = markedLine(c.yaml());
            where = file + ":" + line + ":";
        } else {
            where = "<override -o " + c.overrides().get(0) + ">";
        }
        assertThat(r.err()).as(c.yaml()).contains(c.keyPath() + " at " + where).contains(c.message());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void thereAreAtLeastFortyCases() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void theValidConfigIsValid() throws IOException {
        Path file = dir.resolve("valid.yaml");
        Files.writeString(file, VALID);
        assertThat(CliRun.of(Map.of("HF_TOKEN", "hf_x", "USER", "u"), dir, "run", "-c", file.toString(), "--dry-run")
                .exitCode()).isZero();
    }

    @Test
    void severalMistakesAreAllListedInOrder() throws IOException {
        Path file = dir.resolve("many.yaml");
        Files.writeString(file, VALID.replace("output_dir: /lustre/evals", "output_dir: evals")
                .replace("walltime: \"04:00:00\"", "walltime: 4:00:00").replace("host:HF_TOKEN", "HF_TOKEN"));
        CliRun r = CliRun.of(Map.of("USER", "u"), dir, "run", "-c", file.toString(), "--dry-run", "-o",
                "execution.num_nodes=0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines().toList()).hasSize(5).element(0).asString().contains("is not valid (4 problems)");
        assertThat(r.err().lines().skip(1).map(l -> l.substring(0, l.indexOf(" at "))).toList())
                .containsExactly("execution.output_dir", "execution.walltime", "env_vars.HF_TOKEN", "execution.num_nodes");
    }

    private static int markedLine(String yaml) {
        List<String> lines = yaml.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(MARK)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no " + MARK + " marker in\n" + yaml);
    }
}
