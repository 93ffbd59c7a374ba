package io.jenkins.plugins.slurmevaluate.cli;

import io.jenkins.plugins.slurmevaluate.config.plan.EvaluationPlan;
import io.jenkins.plugins.slurmevaluate.run.Evaluator;
import io.jenkins.plugins.slurmevaluate.run.Submission;
import io.jenkins.plugins.slurmevaluate.run.WatchSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code run --dry-run}: everything a real run checks before it touches the cluster (composition, validation,
 * {@code host:} variables, task resolution, script rendering), then the resolved config and the plan on stdout, and
 * with {@code --output-dir} each task's run.sub and redacted secrets on disk. Never prints a secret value.
 */
final class DryRun {

    private final CliContext context;

    DryRun(CliContext context) {
        this.context = context;
    }

    int execute(RunRequest request) throws CliFailure {
        CliSecretSource secrets = Secrets.load(context, request.envFile());
        EvaluationPlan plan = Planning.plan(request, secrets);
        new PlanPrinter(context.out()).print(plan);
        Planning.checkTrust(plan, request, context);
        if (request.outputDir() != null) {
            writeScripts(plan, request);
        }
        context.out().println();
        context.out().println("To submit the jobs, run without --dry-run.");
        return ExitCode.PASS;
    }

    private void writeScripts(EvaluationPlan plan, RunRequest request) throws CliFailure {
        Path dir = context.workingDirectory().resolve(request.outputDir());
        ScheduledExecutorService unused = Executors.newSingleThreadScheduledExecutor();
        try (Evaluator evaluator = new Evaluator(Clock.systemDefaultZone(), unused, WatchSettings.defaults())) {
            Submission s = evaluator.prepare(plan, Planning.declaredCluster(plan), request.config().toString(), request.gates(),
                    null);
            s.writeDryRunFiles(dir);
            context.out().println();
            context.out().println("scripts of invocation " + s.record().invocationId() + " written to " + dir + ":");
            List<String> names = s.files().stream().map(f -> Path.of(f.runScript().remotePath()).getParent().getFileName()
                    + "/run.sub" + (f.secrets().isPresent() ? " (+ .secrets.env.redacted)" : "")
                    + (f.exportFiles().isEmpty() ? "" : " (+ export.sbatch, export_config.yml, config.yml)")).toList();
            names.forEach(n -> context.out().println("  " + n));
        } catch (IOException e) {
            throw CliFailure.invalid("cannot write the scripts to " + dir + ": " + e.getMessage());
        } finally {
            unused.shutdownNow();
        }
    }
}
