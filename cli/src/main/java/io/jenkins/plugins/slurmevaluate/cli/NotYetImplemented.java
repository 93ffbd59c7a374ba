package io.jenkins.plugins.slurmevaluate.cli;

import java.util.concurrent.Callable;

/** Base of the commands that exist in the command tree but do nothing yet: they say so and exit 2. */
abstract class NotYetImplemented implements Callable<Integer> {

    private final CliContext context;

    NotYetImplemented(CliContext context) {
        this.context = context;
    }

    abstract String name();

    @Override
    public Integer call() {
        context.err().println("slurm-evaluate " + name() + ": not implemented yet");
        return Main.INVALID;
    }
}
