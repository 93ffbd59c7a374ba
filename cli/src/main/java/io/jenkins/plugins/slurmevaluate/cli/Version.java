package io.jenkins.plugins.slurmevaluate.cli;

import picocli.CommandLine;

/** Prints the version from the jar manifest (or "development" when run from classes). */
final class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"slurm-evaluate " + (v == null ? "development" : v)};
    }
}
