package io.jenkins.plugins.slurmevaluate.script;

import io.jenkins.plugins.slurmevaluate.layout.TaskLayout;
import io.jenkins.plugins.slurmevaluate.script.spec.SbatchHeader;
import io.jenkins.plugins.slurmevaluate.shell.Shell;

/**
 * The {@code #!} line and the {@code #SBATCH} directives.
 *
 * <p>sbatch reads {@code #SBATCH} lines with a splitter of its own, not a shell (Slurm 22.05, observed on the test
 * bed): {@code '} and {@code "} group characters, a backslash escapes the next character <em>even inside single
 * quotes</em>, an unquoted {@code #} starts a comment, and a second word is an error ("Invalid directive"). So
 * {@link Shell#quote} is right for every character but the backslash, which is doubled first. Every directive uses
 * the {@code --name=value} form, so that flags with an optional argument ({@code --exclusive[=user]}) cannot take
 * the next word. Values cannot hold a newline: it would end the directive (refused by {@link SbatchHeader}).
 */
final class SbatchHeaderRenderer {

    private SbatchHeaderRenderer() {}

    static String render(SbatchHeader h, TaskLayout layout) {
        Lines out = new Lines().add("#!/bin/bash");
        directive(out, "time", h.time());
        directive(out, "account", h.account());
        directive(out, "partition", h.partition());
        directive(out, "nodes", Integer.toString(h.nodes()));
        directive(out, "ntasks-per-node", Integer.toString(h.ntasksPerNode()));
        h.gpusPerNode().ifPresent(g -> directive(out, "gpus-per-node", Integer.toString(g)));
        h.gres().ifPresent(g -> directive(out, "gres", g));
        h.comment().ifPresent(c -> directive(out, "comment", c));
        for (SbatchHeader.Flag flag : h.extraFlags()) {
            if (flag.value().isPresent()) {
                directive(out, flag.name(), flag.value().get());
            } else {
                out.add("#SBATCH --" + flag.name());
            }
        }
        directive(out, "job-name", h.jobName());
        out.add("#SBATCH --no-requeue");
        directive(out, "output", layout.slurmLogPattern());
        // Appending keeps the byte offsets the watcher streams the log from valid, even if the file is reopened.
        out.add("#SBATCH --open-mode=append");
        return out.toString();
    }

    /** One value as sbatch's directive splitter reads it back: {@link Shell#quote} with backslashes doubled. */
    static String quote(String value) {
        return Shell.quote(value.replace("\\", "\\\\"));
    }

    private static void directive(Lines out, String name, String value) {
        out.add("#SBATCH --" + name + "=" + quote(value));
    }
}
