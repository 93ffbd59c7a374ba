package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.config.model.AuxiliaryDeployment;
import io.jenkins.plugins.slurmevaluate.config.model.EvalConfig;
import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.config.plan.PlannedTask;
import io.jenkins.plugins.slurmevaluate.env.EnvGroup;
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
        out.println("  resources: nodes=" + r.nodes() + (r.gpusPerNode() != null ? " gpus-per-node=" + r.gpusPerNode() : "")
                + (r.gres() != null ? " gres=" + r.gres() : "") + " time=" + r.walltime().text() + " partition="
                + r.partition() + " account=" + r.account() + (ex.maxWalltime() != null ? " max_walltime="
                + ex.maxWalltime().text() : "") + " max_chain_links=" + ex.maxChainLinks() + " mpi=" + ex.mpi().value());
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
}
