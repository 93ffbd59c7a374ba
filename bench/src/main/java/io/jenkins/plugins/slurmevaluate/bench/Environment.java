package io.jenkins.plugins.slurmevaluate.bench;

import java.io.IOException;
import java.util.List;

/** One line about the machine and the versions the figures come from. */
final class Environment {

    private Environment() {}

    static String describe() {
        return String.format("%d cores, %d GiB heap max, Java %s, %s, %s", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 30, System.getProperty("java.version"), first(List.of("sinfo", "--version")),
                first(List.of("ssh", "-V")));
    }

    private static String first(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor();
            return out.lines().findFirst().orElse(argv.get(0) + " ?");
        } catch (IOException | InterruptedException e) {
            return argv.get(0) + " ?";
        }
    }
}
