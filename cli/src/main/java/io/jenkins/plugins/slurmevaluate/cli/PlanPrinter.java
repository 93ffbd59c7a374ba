package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.config.model.AuxiliaryDeployment;
import io.jenkins.plugins.slurmevaluate.config.model.EvalConfig;
import io.jenkins.plugins.slurmevaluate.config.model.Mounts;
import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.config.plan.PlannedTask;
import io.jenkins.plugins.slurmevaluate.env.EnvGroup;
import io.jenkins.plugins.slurmevaluate.script.spec.ScriptSpec;
import java.io.PrintStream;

/** Prints a dry run: the resolved config as YAML, then one block per planned job. Secrets show as ***. */
final class PlanPrinter {

    private final PrintStream out;

    PlanPrinter(PrintStream out) {
        this.out = out;
    }

    void print(EvaluationPlan plan) {
        EvalConfig m = plan.model();
        out.println("# resolved config of " + plan.config().sourceName());
        out.print(plan.config().toYaml());
        out.println("---");
        out.println("DRY RUN: " + plan.tasks().size() + " job(s) planned for " + m.execution().username() + "@"
                + m.execution().hostname() + ":" + m.execution().outputDir() + "; nothing was submitted");
        for (String w : plan.warnings()) {
            out.println("warning: " + w);
        }
        for (PlannedTask t : plan.tasks()) {
            printTask(m, t);
        }
    }

    private void printTask(EvalConfig m, PlannedTask t) {
        var ex = m.execution();
        var r = t.resources();
        out.println();
        out.println("job " + t.jobName());
        out.println("  task:      " + t.resolved().qualifiedName() + (t.resolved().unlisted() ? " (not in the catalog)" : ""));
        out.println("  image:     " + t.image());
        out.println("  endpoint:  " + t.endpointType() + " " + t.endpointUrl());
        out.println("  model_id:  " + t.modelId());
        if (!m.deployment().isNone()) {
            out.println("  server:    " + m.deployment().type() + " " + m.deployment().image() + " x" + ex.numInstances()
                    + " instance(s) on " + ex.numNodes() + " node(s)" + (ex.numInstances() > 1
                    ? ", haproxy on port " + ex.proxy().haproxyPort() : ""));
        }
        for (AuxiliaryDeployment aux : m.auxiliaryDeployments()) {
            out.println("  auxiliary: " + aux.name() + " (" + aux.envPrefix() + ") " + aux.server().image() + " on "
                    + aux.numNodes() + " node(s), port " + aux.server().port());
        }
        // what each auxiliary_deployments.<name>.<field> of the run config became (reference a.6)
        for (PlannedTask.AuxiliaryReference ref : t.auxiliaryReferences()) {
            boolean filledIn = !ref.replacement().equals(ref.resolvesTo());
            out.println("  reference: " + ref.keyPath() + ": " + ref.reference() + " -> " + ref.resolvesTo()
                    + (filledIn ? " (run config: " + ref.replacement() + ", filled in by the job)" : ""));
        }
        out.println("  resources: nodes=" + r.nodes() + (r.gpusPerNode() != null ? " gpus-per-node=" + r.gpusPerNode() : "")
                + (r.gres() != null ? " gres=" + r.gres() : "") + " time=" + r.walltime().text() + " partition="
                + r.partition() + " account=" + r.account() + " mpi=" + ex.mpi().value());
        long quick = ScriptSpec.Chain.quickSecondsFor(r.walltime().isUnlimited() ? 0 : r.walltime().seconds());
        out.println("  chain:     max_walltime=" + (ex.maxWalltime() != null ? ex.maxWalltime().text() : "none")
                + " max_chain_links=" + ex.chainLinkCapText() + (ex.maxStalledLinks() == null ? "; no stall guard"
                : "; stops after " + ex.maxStalledLinks() + " links in a row that each end within " + quick
                + "s of starting without progress"));
        Mounts mounts = ex.mounts();
        printMounts("deployment", m.deployment().isNone() ? java.util.Map.of() : mounts.deployment(), mounts);
        mounts.auxiliary().forEach((name, map) -> printMounts(name, map, mounts));
        printMounts("evaluation", mounts.evaluation(), mounts);
        if (ex.autoExport() != null && !ex.autoExport().destinations().isEmpty()) {
            var ax = ex.autoExport();
            out.println("  export:    " + String.join(", ", ax.destinations()) + ", once the evaluation succeeded, in a CPU"
                    + " job (export.sbatch) on partition " + (ex.cpuPartition() != null ? ex.cpuPartition() : ex.partition())
                    + (ax.exportImage() != null ? ", image " + ax.exportImage() : ""));
        }
        if (t.envGroups().isEmpty()) {
            out.println("  env:       (none)");
        }
        for (EnvGroup g : t.envGroups()) {
            out.println("  env [" + g.name() + "]");
            g.vars().values().forEach(v -> out.println("    " + v.name() + "=" + v.display()));
        }
    }

    /** Each extra mount with its absolute source; one written relative is under output_dir and created if missing. */
    private void printMounts(String container, java.util.Map<String, String> map, Mounts mounts) {
        map.forEach((source, target) -> out.println("  mount:     " + container + " " + source + " -> " + target
                + (mounts.created().contains(source) ? " (written relative: under output_dir, created if missing)" : "")));
    }
}
