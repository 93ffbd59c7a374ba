package io.jenkins.plugins.slurmevaluate.run;

import io.jenkins.plugins.slurmevaluate.script.RenderedTask;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An invocation ready to go: its run record (phase SUBMITTING, every task planned with its directory and job name)
 * and every task's rendered files. Holds resolved secrets inside the rendered {@code .secrets.env} files and in
 * {@link #secretValues()}: keep it in memory only, never serialize or log it.
 *
 * @param record what will be saved before anything is submitted
 * @param files one rendered task per record task, same order
 * @param mountSources remote directories that must exist before submission (checked in one command)
 * @param createdMountSources remote directories that staging creates when missing (mount sources written relative)
 * @param secretValues every secret value of the run, for the log masker
 */
public record Submission(RunRecord record, List<RenderedTask> files, List<String> mountSources,
        List<String> createdMountSources, List<String> secretValues) {

    public Submission {
        files = List.copyOf(files);
        mountSources = List.copyOf(mountSources);
        createdMountSources = List.copyOf(createdMountSources);
        secretValues = List.copyOf(secretValues);
    }

    /**
     * The dry run's output: each task's {@code run.sub}, a redacted {@code .secrets.env}, its proxy configs and its
     * auto-export files ({@code export.sbatch}, {@code export_config.yml}, {@code config.yml}) under
     * {@code <dir>/<task dir name>/}. The real secrets file is not written.
     */
    public void writeDryRunFiles(Path dir) throws IOException {
        for (RenderedTask t : files) {
            // the remote path is absolute: only its task directory's name goes under dir
            Path taskDir = Files.createDirectories(dir.resolve(Path.of(t.runScript().remotePath()).getParent().getFileName().toString()));
            Files.writeString(taskDir.resolve("run.sub"), t.runScriptText());
            if (t.secrets().isPresent()) {
                Files.writeString(taskDir.resolve(".secrets.env.redacted"), t.redactedSecrets());
            }
            for (var proxy : t.proxyTemplates()) {
                Files.write(taskDir.resolve(proxy.fileName()), proxy.content());
            }
            for (var export : t.exportFiles()) { // export.sbatch and its configs hold no secret
                Files.write(taskDir.resolve(export.fileName()), export.content());
            }
        }
    }
}
