package io.jenkins.plugins.slurmevaluate.cli;

/** Entry point of the {@code slurm-evaluate} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.err.println("slurm-evaluate: no commands yet");
        System.exit(2);
    }
}
