package io.jenkins.plugins.slurmevaluate.script;

import io.jenkins.plugins.slurmevaluate.layout.TaskLayout;
import io.jenkins.plugins.slurmevaluate.script.spec.Export;
import io.jenkins.plugins.slurmevaluate.script.spec.Mount;
import io.jenkins.plugins.slurmevaluate.script.spec.ScriptSpec;
import io.jenkins.plugins.slurmevaluate.shell.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * Auto-export (reference b.15), with our chain semantics: the link whose evaluation exits 0, uninterrupted, queues
 * {@code export.sbatch} with {@code --dependency=afterok:<itself>}, so the export runs once that link ends
 * COMPLETED, which ends the chain. A link that resumes, fails, or is killed or preempted after queueing it never
 * lets it run (the watcher cancels the never-satisfiable job). The export job has the chain's job name, so
 * {@code scancel --name} (abort, kill) takes it too.
 *
 * <p>Unlike the reference, nothing is written by a here-document at run time: {@code export.sbatch},
 * {@code export_config.yml} and {@code config.yml} are rendered and staged with {@code run.sub} (a dry run shows
 * them). Events in {@code .chain_status}: {@code export id=N} / {@code export_failed rc=N} /
 * {@code export_skipped reason=killed} from the link, {@code export_end code=N} from the export job itself.
 */
final class ExportSection {

    private static final String RUNNER = RunScript.resource("export-runner.sh");

    private ExportSection() {}

    /** The definitions {@code run.sub} needs: the export script's path and the function that queues it. */
    static void definitions(Lines out, TaskLayout layout) {
        out.add("_SE_EXPORT_SCRIPT=" + Shell.quote(layout.exportScript()));
        out.add("# Queues the auto-export job, which runs only once this link ends COMPLETED (afterok): a link that is");
        out.add("# killed, preempted or fails after this point exports nothing. The chain's last event says so.");
        out.add("_se_submit_export() {");
        out.add("    local out rc=0");
        out.add("    { set +x; } 2>/dev/null");
        out.add("    if [[ -e $_SE_KILLED ]]; then");
        out.add("        _se_event export_skipped reason=killed");
        out.add("        set -x");
        out.add("        return 0");
        out.add("    fi");
        out.add("    _SE_QUEUEING=1");
        out.add("    out=$(sbatch --parsable --dependency=\"afterok:$SLURM_JOB_ID\" \"$_SE_EXPORT_SCRIPT\" </dev/null) || rc=$?");
        out.add("    out=${out##*$'\\n'}");
        out.add("    out=${out%%;*}");
        out.add("    if ((rc == 0)) && [[ $out =~ ^[0-9]+$ ]]; then");
        out.add("        _se_event export \"id=$out\"");
        out.add("    else");
        out.add("        echo \"slurm-evaluate: could not queue the auto-export job (sbatch exit code $rc)\" >&2");
        out.add("        _se_event export_failed \"rc=$rc\"");
        out.add("    fi");
        out.add("    _SE_QUEUEING=''");
        out.add("    if [[ -n $_SE_TERM ]]; then exit 143; fi # the export, queued afterok, then never runs");
        out.add("    set -x");
        out.add("}");
    }

    /** After the interrupted-marker check: only a successful evaluation gets this far with exit code 0. */
    static void submit(Lines out) {
        out.section("auto-export: queued by the link whose evaluation succeeded; it runs once this job completes");
        out.add("if [[ $SE_EVAL_RC -eq 0 ]]; then");
        out.add("    _se_submit_export");
        out.add("else");
        out.add("    echo \"slurm-evaluate: the evaluation failed (exit code $SE_EVAL_RC): skipping auto-export\"");
        out.add("fi");
    }

    /** The line that says, where the script exits 143, that an interrupted evaluation is not exported. */
    static String interruptedLine() {
        return "    echo \"slurm-evaluate: the evaluation was interrupted: skipping auto-export\"";
    }

    /** {@code export.sbatch}, {@code export_config.yml} and {@code config.yml}, to stage with {@code run.sub}. */
    static List<RenderedFile> files(ScriptSpec spec, Export x, SecretsFile secrets) {
        TaskLayout layout = spec.layout();
        return List.of(RenderedFile.of(layout.exportScript(), script(spec, x, secrets), 0644),
                RenderedFile.of(layout.exportConfig(), x.exportConfigYaml(), 0644),
                RenderedFile.of(layout.launcherConfig(), x.launcherConfigYaml(), 0644));
    }

    private static String script(ScriptSpec spec, Export x, SecretsFile secrets) {
        TaskLayout layout = spec.layout();
        Lines out = new Lines().add("#!/bin/bash");
        directive(out, "time", x.time());
        directive(out, "account", x.account());
        directive(out, "partition", x.partition());
        directive(out, "nodes", "1");
        directive(out, "ntasks", "1");
        directive(out, "job-name", spec.header().jobName());
        out.add("#SBATCH --no-requeue");
        directive(out, "output", layout.exportLogPattern());
        out.add("#SBATCH --open-mode=append");
        out.add("#")
                .add("# Rendered by slurm-evaluate: the auto-export of one task of invocation " + spec.invocationId() + ",")
                .add("# queued by the link that ends its chain successfully (docs/chain-protocol.md). No secret is in")
                .add("# this file: values are in .secrets.env (mode 0600), sourced with xtrace off.");
        out.add("_SE_CHAIN_STATUS=" + Shell.quote(layout.chainStatus()));
        out.add("_SE_EXPORT_RUNNER=" + Shell.quote(RUNNER));
        out.add("# The export job's last word in .chain_status, which the watcher waits for.");
        out.add("_se_export_end() {");
        out.add("    local code=$?");
        out.add("    { set +x; } 2>/dev/null");
        out.add("    printf '%s %s %s\\n' \"$(date +%s)\" \"$SLURM_JOB_ID\" \"export_end code=$code\" >>\"$_SE_CHAIN_STATUS\"");
        out.add("    exit \"$code\"");
        out.add("}");
        out.add("trap _se_export_end EXIT");
        out.add("# scancel, the time limit: a cancelled export must not report the code of the last command that ended");
        out.add("trap 'exit 143' TERM");
        out.add("set -uo pipefail");
        out.add("echo \"slurm-evaluate: auto-export job $SLURM_JOB_ID of task directory \"" + Shell.quote(layout.taskDir()));
        if (!secrets.isEmpty()) {
            out.add("{ set +x; } 2>/dev/null");
            out.add("# shellcheck source=/dev/null");
            out.add("source " + Shell.quote(layout.secretsFile()) + " || exit 1");
        }
        out.add("set -x");
        out.add("(");
        Environment.export(out, secrets, x.env(), "    ");
        out.add(srun(spec, x, layout).render("    "));
        out.add(")");
        return out.toString();
    }

    private static Command srun(ScriptSpec spec, Export x, TaskLayout layout) {
        Command srun = Command.of("exec srun")
                .option("--nodes", "1")
                .option("--ntasks", "1")
                .option("--container-image", x.image());
        String env = Environment.containerEnv(x.env(), List.of());
        if (!env.isEmpty()) {
            srun.option("--container-env", env);
        }
        List<String> mounts = new ArrayList<>();
        x.mounts().stream().map(Mount::spec).forEach(mounts::add);
        // the export job never mounts the home directory (reference: "error prone, and no use for it")
        return srun.flag("--no-container-mount-home")
                .option("--container-mounts", String.join(",", mounts))
                .then("bash", "-c")
                .expansion("\"$_SE_EXPORT_RUNNER\"")
                .arg("export", x.installCommand(), layout.artifactsDir(), layout.exportConfig(), x.jobDirs(), x.exportId())
                .arg(x.destinations().toArray(String[]::new));
    }

    private static void directive(Lines out, String name, String value) {
        out.add("#SBATCH --" + name + "=" + SbatchHeaderRenderer.quote(value));
    }
}
