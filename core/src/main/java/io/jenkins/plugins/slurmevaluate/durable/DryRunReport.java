package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.config.plan.PlannedTask;
import io.jenkins.plugins.slurmevaluate.results.GateReport;
import io.jenkins.plugins.slurmevaluate.run.LogSink;
import io.jenkins.plugins.slurmevaluate.run.Submission;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a dry run shows instead of submitting: each task's job name and directory in the log, and the rendered
 * scripts in a scratch directory for publishing, so they can be read before a real run, with a JUnit report that lists
 * every gate and task as skipped.
 *
 * @param result the {@link EvaluationResult#DRY_RUN} result listing the planned tasks
 * @param directory holds the rendered scripts; null when they could not be written
 */
record DryRunReport(EvaluationResult result, Path directory) {

    /**
     * Logs what would be submitted, with what each reference to an auxiliary deployment in a task's run config
     * resolves to, and writes the rendered scripts; a failed write is only a warning.
     */
    static DryRunReport write(EvaluationPorts p, EvaluationPlan plan, Submission submission, LogSink masked) {
        RunRecord planned = submission.record();
        for (TaskRecord t : planned.tasks()) {
            masked.info("dry run: " + t.id() + " would be submitted as " + t.jobName() + " in " + t.taskDir());
            if (t.export() != null) {
                masked.info("dry run: " + t.id() + " would then export to " + String.join(", ", t.export().destinations())
                        + " in a CPU job (export.sbatch), once its evaluation succeeded");
            }
        }
        for (PlannedTask t : plan.tasks()) {
            for (PlannedTask.AuxiliaryReference ref : t.auxiliaryReferences()) {
                masked.info("dry run: " + t.jobName() + " " + ref.keyPath() + ": " + ref.reference() + " -> "
                        + ref.resolvesTo());
            }
        }
        Path dir = null;
        try {
            dir = p.scratchDirectory();
            submission.writeDryRunFiles(dir);
            List<String> taskDirs = planned.tasks().stream().map(t -> t.taskDir().substring(t.taskDir().lastIndexOf('/') + 1))
                    .toList();
            Files.writeString(dir.resolve("slurm-evaluate-gates.xml"),
                    GateReport.plannedAsJUnitXml(planned.gates(), taskDirs));
        } catch (IOException e) {
            masked.warn("could not write the rendered scripts: " + e.getMessage());
        }
        return new DryRunReport(EvaluationResult.dryRun(planned, "dry run: " + planned.tasks().size()
                + " task(s) planned, nothing submitted"), dir);
    }
}
