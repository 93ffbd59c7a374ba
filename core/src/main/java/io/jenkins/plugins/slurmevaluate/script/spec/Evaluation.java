package io.jenkins.plugins.slurmevaluate.script.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The evaluation container, run in the foreground on the job's first node: it writes the nemo-evaluator run config
 * and runs {@code nemo-evaluator run_eval} (or {@code eval-factory} where that is missing).
 *
 * @param image the harness's container image
 * @param extraMounts mounted after {@code <task_dir>/artifacts:/results}, in order
 * @param dataset a dataset directory and where it is mounted; also exported as {@code NEMO_EVALUATOR_DATASET_DIR}
 * @param runConfigYaml the nemo-evaluator run config, written as given
 * @param preCmd bash run in the container's shell before the evaluation; empty for none
 * @param postCmd bash run after it, also when it fails; empty for none
 * @param visibleDevices exported as {@code NVIDIA_VISIBLE_DEVICES} ({@code all} for {@code evaluation_gpu_visible:
 *     true})
 * @param env the evaluation's environment group
 * @param unresolvedConfig the user's raw YAML, copied to {@code /results/launcher_unresolved_config.yaml}
 */
public record Evaluation(String image, List<Mount> extraMounts, Optional<Mount> dataset, String runConfigYaml,
        String preCmd, String postCmd, Optional<String> visibleDevices, EnvGroup env, Optional<String> unresolvedConfig) {

    public Evaluation {
        Checks.nonEmpty("evaluation image", image);
        extraMounts = List.copyOf(extraMounts);
        Checks.text("evaluation run config", runConfigYaml);
        Checks.text("evaluation pre_cmd", preCmd);
        Checks.text("evaluation post_cmd", postCmd);
        visibleDevices.ifPresent(v -> Checks.nonEmpty("evaluation visible devices", v));
        if (env == null) {
            throw new IllegalArgumentException("evaluation environment group is missing");
        }
        unresolvedConfig.ifPresent(c -> Checks.text("unresolved config", c));
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String image;
        private final List<Mount> extraMounts = new ArrayList<>();
        private Optional<Mount> dataset = Optional.empty();
        private String runConfigYaml;
        private String preCmd = "";
        private String postCmd = "";
        private Optional<String> visibleDevices = Optional.empty();
        private EnvGroup env;
        private Optional<String> unresolvedConfig = Optional.empty();

        private Builder() {}

        public Builder image(String image) { this.image = image; return this; }
        public Builder mount(Mount mount) { this.extraMounts.add(mount); return this; }
        /** {@code dataset_dir} mounted at {@code dataset_mount_path} (usually {@code /datasets}). */
        public Builder dataset(String datasetDir, String mountPath) { this.dataset = Optional.of(Mount.of(datasetDir, mountPath)); return this; }
        public Builder runConfigYaml(String yaml) { this.runConfigYaml = yaml; return this; }
        public Builder preCmd(String preCmd) { this.preCmd = preCmd; return this; }
        public Builder postCmd(String postCmd) { this.postCmd = postCmd; return this; }
        public Builder visibleDevices(String devices) { this.visibleDevices = Optional.of(devices); return this; }
        public Builder env(EnvGroup env) { this.env = env; return this; }
        public Builder unresolvedConfig(String yaml) { this.unresolvedConfig = Optional.of(yaml); return this; }

        public Evaluation build() {
            return new Evaluation(image, extraMounts, dataset, runConfigYaml, preCmd, postCmd, visibleDevices, env,
                    unresolvedConfig);
        }
    }
}
