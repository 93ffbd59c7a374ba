package io.jenkins.plugins.slurmevaluate.script;

import io.jenkins.plugins.slurmevaluate.script.spec.Auxiliary;
import io.jenkins.plugins.slurmevaluate.script.spec.Evaluation;
import io.jenkins.plugins.slurmevaluate.script.spec.Mount;
import io.jenkins.plugins.slurmevaluate.script.spec.ScriptSpec;
import io.jenkins.plugins.slurmevaluate.shell.Shell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The evaluation srun, in the foreground on the first node (reference b.10-b.13): its environment (group,
 * auxiliary URLs and model ids, dataset directory, visible GPUs) exported in its own subshell, every name listed in
 * {@code --container-env}, and the run config passed as an argument to the container's shell, which writes it into a
 * fresh temporary directory (several sruns may share a working directory; no file is left in it).
 */
final class EvaluationSection {

    /** Where the user's raw YAML goes, inside the container. */
    static final String UNRESOLVED_CONFIG = "/results/launcher_unresolved_config.yaml";
    /** Linux refuses a single argument longer than this (MAX_ARG_STRLEN); srun passes it to the container as one. */
    private static final int MAX_ARGUMENT_BYTES = 131072 - 1;

    private EvaluationSection() {}

    /**
     * @param auxiliaries each auxiliary deployment with the section that knows its base URL
     */
    static void render(Lines out, ScriptSpec spec, SecretsFile secrets, Map<Auxiliary, ServerSection> auxiliaries) {
        Evaluation e = spec.evaluation();
        checkArgumentSize("run config", e.runConfigYaml());
        e.unresolvedConfig().ifPresent(c -> checkArgumentSize("unresolved config", c));
        out.section("evaluation: in the foreground on the first node; its exit code is the job's");
        // The marker says that this link's evaluation was interrupted; one left by an earlier link is not.
        out.add("rm -f " + Shell.quote(spec.layout().interruptedMarker()));
        out.add("SE_RUN_CONFIG=" + Shell.quote(e.runConfigYaml()));
        out.add("set +e");
        out.add("(");
        Environment.export(out, secrets, e.env(), "    ");
        List<String> provided = new ArrayList<>();
        List<String> exports = new ArrayList<>();
        auxiliaries.forEach((aux, section) -> {
            aux.exportedEndpoints().forEach((type, path) -> {
                exports.add(aux.urlVariable(type) + "=" + section.baseUrl() + Shell.quote(path));
                provided.add(aux.urlVariable(type));
            });
            exports.add(aux.modelIdVariable() + "=" + Shell.quote(aux.servedModelName()));
            provided.add(aux.modelIdVariable());
        });
        e.dataset().ifPresent(d -> {
            exports.add("NEMO_EVALUATOR_DATASET_DIR=" + Shell.quote(d.target()));
            provided.add("NEMO_EVALUATOR_DATASET_DIR");
        });
        e.visibleDevices().ifPresent(v -> {
            exports.add("NVIDIA_VISIBLE_DEVICES=" + Shell.quote(v));
            provided.add("NVIDIA_VISIBLE_DEVICES");
        });
        for (String export : exports) {
            out.add("    export " + export);
        }
        // ${<P>_<EP>_URL} in the run config stands for an address known only now (reference a.6).
        for (Auxiliary aux : auxiliaries.keySet()) {
            for (String type : aux.exportedEndpoints().keySet()) {
                String name = aux.urlVariable(type);
                out.add("    SE_RUN_CONFIG=${SE_RUN_CONFIG//" + Shell.quote("${" + name + "}") + "/\"$" + name + "\"}");
            }
        }
        out.add(srun(spec, provided).render("    "));
        out.add(")");
        out.add("SE_EVAL_RC=$?");
        out.add("set -e");
    }

    private static Command srun(ScriptSpec spec, List<String> provided) {
        Evaluation e = spec.evaluation();
        List<Mount> mounts = new ArrayList<>();
        mounts.add(Mount.of(spec.layout().artifactsDir(), "/results"));
        mounts.addAll(e.extraMounts());
        e.dataset().ifPresent(mounts::add);
        Command srun = Command.of("exec srun").flag("--overlap")
                .optionExpansion("--nodelist", "\"$PRIMARY_NODE\"")
                .option("--nodes", "1")
                .option("--ntasks", "1")
                .option("--container-image", e.image())
                .option("--container-mounts", String.join(",", mounts.stream().map(Mount::spec).toList()));
        if (!spec.mountHome()) {
            srun.flag("--no-container-mount-home");
        }
        String env = Environment.containerEnv(e.env(), provided);
        if (!env.isEmpty()) {
            srun.option("--container-env", env);
        }
        return srun.option("--output", spec.layout().clientLogPattern())
                .then("bash", "-c")
                .expansion("\"$_SE_EVAL_RUNNER\"")
                .arg("evaluation")
                .expansion("\"$SE_RUN_CONFIG\"")
                .arg(e.preCmd(), e.postCmd(), UNRESOLVED_CONFIG, e.unresolvedConfig().orElse(""));
    }

    private static void checkArgumentSize(String what, String text) {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_ARGUMENT_BYTES) {
            throw new IllegalArgumentException("the evaluation's " + what + " has " + bytes + " bytes; Linux passes at"
                    + " most " + MAX_ARGUMENT_BYTES + " in one argument to the container");
        }
    }
}
