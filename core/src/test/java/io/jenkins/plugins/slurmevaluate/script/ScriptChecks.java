package io.jenkins.plugins.slurmevaluate.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bash -n} and {@code shellcheck -S warning} on generated scripts, failing with their output. A machine
 * without shellcheck fails too, unless {@code -Dshellcheck.skip=true} says so explicitly.
 */
final class ScriptChecks {

    static final AtomicInteger BASH_CHECKED = new AtomicInteger();
    static final AtomicInteger SHELLCHECKED = new AtomicInteger();

    private ScriptChecks() {}

    static void bashSyntax(String name, String script, Path tmp) {
        Bash.Result r = Bash.run(List.of("bash", "-n", write(tmp, script).toString()), Map.of(), null, 30);
        if (r.exitCode() != 0) {
            fail("bash -n rejects " + name + ":\n" + r.output());
        }
        BASH_CHECKED.incrementAndGet();
    }

    static void shellcheck(String name, String script, Path tmp) {
        if (Boolean.getBoolean("shellcheck.skip")) {
            return;
        }
        Bash.Result r;
        try {
            r = Bash.run(List.of("shellcheck", "-S", "warning", "-s", "bash", write(tmp, script).toString()), Map.of(),
                    null, 120);
        } catch (AssertionError e) {
            throw new AssertionError("shellcheck could not run (install it, or pass -Dshellcheck.skip=true)", e);
        }
        if (r.exitCode() != 0) {
            fail("shellcheck -S warning finds problems in " + name + ":\n" + r.output());
        }
        SHELLCHECKED.incrementAndGet();
    }

    private static Path write(Path tmp, String script) {
        try {
            Path file = Files.createTempFile(tmp, "script", ".sh");
            Files.writeString(file, script);
            assertThat(file).exists();
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
