package io.jenkins.plugins.slurmevaluate.remote;

import java.nio.charset.StandardCharsets;

/** What a finished command left behind: its exit code and its output, decoded as UTF-8. */
public record ExecResult(int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    static ExecResult of(int exitCode, byte[] stdout, byte[] stderr) {
        return new ExecResult(exitCode, new String(stdout, StandardCharsets.UTF_8), new String(stderr, StandardCharsets.UTF_8));
    }
}
