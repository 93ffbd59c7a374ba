package io.jenkins.plugins.slurmevaluate.run;

import io.jenkins.plugins.slurmevaluate.config.model.EvalConfig;
import io.jenkins.plugins.slurmevaluate.config.model.Execution;
import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.config.plan.PlannedTask;
import io.jenkins.plugins.slurmevaluate.layout.TaskLayout;
import io.jenkins.plugins.slurmevaluate.script.spec.Export;
import io.jenkins.plugins.slurmevaluate.script.spec.Mount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Maps {@code execution.auto_export}, {@code execution.cpu_partition} and {@code export} onto the renderer's
 * {@link Export}, with the reference's defaults (b.15): image {@code python:3.12.7-slim}, a pip install of the
 * launcher, 30 minutes, the partition when there is no CPU partition, the invocation and output directories
 * mounted at the same paths.
 */
final class ExportSpecs {

    private ExportSpecs() {}

    /** The task's auto-export; empty when {@code execution.auto_export} names no destination. */
    static Optional<Export> of(EvaluationPlan plan, PlannedTask task, TaskLayout layout, String invocationId) {
        EvalConfig m = plan.model();
        Execution x = m.execution();
        Execution.AutoExport a = x.autoExport();
        if (a == null || a.destinations().isEmpty()) {
            return Optional.empty();
        }
        List<Mount> mounts = new ArrayList<>();
        mounts.add(Mount.of(layout.invocationDir(), layout.invocationDir()));
        mounts.add(Mount.of(x.outputDir(), x.outputDir()));
        a.exportMounts().forEach((src, dst) -> mounts.add(ScriptSpecs.mount(src, dst)));
        String partition = x.cpuPartition() != null && !x.cpuPartition().isBlank() ? x.cpuPartition() : x.partition();
        return Optional.of(new Export(a.destinations(),
                a.exportImage() == null || a.exportImage().isBlank() ? Export.DEFAULT_IMAGE : a.exportImage(),
                a.launcherInstallCmd() == null || a.launcherInstallCmd().isBlank()
                        ? Export.DEFAULT_INSTALL_COMMAND : a.launcherInstallCmd(),
                mounts, x.account(), partition, Export.DEFAULT_TIME, invocationId + "." + task.task().index(),
                x.outputDir(), ScriptSpecs.group(task, "export"), exportConfig(m.export()), plan.config().toYaml()));
    }

    /**
     * {@code {export: {<dest>: settings}}}; {@code export.env_vars} stays out: its values reach the exporter as
     * environment variables, and its text ({@code host:NAME}) would tell the exporter nothing.
     */
    static String exportConfig(EvalConfig.Export export) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("export", export == null ? Map.of() : new LinkedHashMap<>(export.destinations()));
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setWidth(Integer.MAX_VALUE);
        return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(o), o).dump(root);
    }
}
