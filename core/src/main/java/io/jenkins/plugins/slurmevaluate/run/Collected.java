package io.jenkins.plugins.slurmevaluate.run;

import java.nio.file.Path;

/**
 * What a download brought: {@code directory/<task dir>/artifacts/...} and {@code .../logs/...}.
 *
 * @param directory where it was unpacked
 * @param files how many files arrived
 * @param bytes their total size
 */
public record Collected(Path directory, int files, long bytes) {}
