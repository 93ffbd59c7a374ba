package io.jenkins.plugins.slurmevaluate.script.spec;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The auto-export of one task (reference b.15): a CPU job that the link which ends the chain successfully submits,
 * once, and that runs {@code nemo-evaluator-launcher export} for each destination.
 *
 * @param destinations exporter names, in order ({@code mlflow}, {@code wandb}, {@code gsheets}, {@code local})
 * @param image the export job's container image
 * @param installCommand shell code that installs the exporter in the container, run before the exports
 * @param mounts the export job's mounts: the invocation and output directories, then {@code export_mounts}
 * @param account the export job's {@code --account}
 * @param partition its {@code --partition} ({@code cpu_partition}, else {@code partition})
 * @param time its {@code --time}
 * @param exportId the id the exporter is given: {@code <invocation id>.<task index>}
 * @param jobDirs the exporter's {@code --job-dirs}: the output directory, where it finds the task's artifacts
 * @param env the {@code export} group, exported under its own names in the export job's srun
 * @param exportConfigYaml {@code export_config.yml}: {@code {export: <export section without env_vars>}}
 * @param launcherConfigYaml {@code config.yml}: the resolved launcher config
 */
public record Export(List<String> destinations, String image, String installCommand, List<Mount> mounts,
        String account, String partition, String time, String exportId, String jobDirs, EnvGroup env,
        String exportConfigYaml, String launcherConfigYaml) {

    /** The reference's defaults: the image, and a pip install at job time (P-30: needs internet). */
    public static final String DEFAULT_IMAGE = "python:3.12.7-slim";
    public static final String DEFAULT_INSTALL_COMMAND = "pip install nemo-evaluator-launcher[all]";
    /** The reference hard-codes it; a config cannot change it there either. */
    public static final String DEFAULT_TIME = "00:30:00";

    private static final Pattern DESTINATION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    public Export {
        destinations = List.copyOf(destinations);
        if (destinations.isEmpty()) {
            throw new IllegalArgumentException("auto_export needs at least one destination");
        }
        for (String d : destinations) {
            if (d == null || !DESTINATION.matcher(d).matches()) {
                throw new IllegalArgumentException("auto_export destination " + Checks.printable(String.valueOf(d))
                        + " is not a name of letters, digits, '_' and '-'");
            }
        }
        Checks.nonEmpty("export image", image);
        Checks.text("launcher_install_cmd", installCommand);
        mounts = List.copyOf(mounts);
        Checks.nonEmpty("export account", account);
        Checks.nonEmpty("export partition", partition);
        Checks.nonEmpty("export time", time);
        Checks.nonEmpty("export id", exportId);
        Checks.nonEmpty("export job dirs", jobDirs);
        if (env == null) {
            throw new IllegalArgumentException("the export's environment group is missing");
        }
        Checks.text("export_config.yml", exportConfigYaml);
        Checks.text("config.yml", launcherConfigYaml);
    }
}
