package io.jenkins.plugins.slurmevaluate.script;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Golden files under {@code src/test/resources/.../script/golden}. A mismatch fails with the differing lines and the
 * command that rewrites the goldens; review the rewrite with {@code git diff} before committing it.
 */
final class Golden {

    static final Path DIR = Path.of("src/test/resources/io/jenkins/plugins/slurmevaluate/script/golden");
    static final String UPDATE = "./mvnw -q -B -pl core -am test -Dtest=ScriptGoldenTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true";

    private Golden() {}

    static boolean updating() {
        return Boolean.getBoolean("golden.update");
    }

    static void assertMatches(String name, byte[] actual) {
        Path file = DIR.resolve(name);
        try {
            if (updating()) {
                Files.createDirectories(DIR);
                Files.write(file, actual);
                return;
            }
            if (!Files.exists(file)) {
                fail("no golden file " + file + "; write it with\n  " + UPDATE + "\nand review it before committing");
            }
            byte[] expected = Files.readAllBytes(file);
            if (!Arrays.equals(expected, actual)) {
                fail(name + " differs from its golden file " + file + ":\n"
                        + diff(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8))
                        + "\nIf the change is intended, rewrite the goldens with\n  " + UPDATE
                        + "\nand review them with git diff before committing.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines between the common beginning and the common end, with three lines of context. */
    static String diff(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        int start = 0;
        while (start < e.size() && start < a.size() && e.get(start).equals(a.get(start))) {
            start++;
        }
        int endE = e.size();
        int endA = a.size();
        while (endE > start && endA > start && e.get(endE - 1).equals(a.get(endA - 1))) {
            endE--;
            endA--;
        }
        StringBuilder out = new StringBuilder("@@ line " + (start + 1) + " @@\n");
        for (int i = Math.max(0, start - 3); i < start; i++) {
            out.append("  ").append(e.get(i)).append('\n');
        }
        e.subList(start, endE).forEach(l -> out.append("- ").append(l).append('\n'));
        a.subList(start, endA).forEach(l -> out.append("+ ").append(l).append('\n'));
        for (int i = endE; i < Math.min(e.size(), endE + 3); i++) {
            out.append("  ").append(e.get(i)).append('\n');
        }
        if (start == e.size() && start == a.size()) {
            out.append("(the texts differ only in their line endings or final newline)\n");
        }
        return out.toString();
    }
}
