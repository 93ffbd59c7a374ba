package io.jenkins.plugins.slurmevaluate.results;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The results.yml fixtures under src/test/resources, and a way to lay them out as an invocation on disk. */
public final class Fixtures {

    private Fixtures() {}

    /** The text of a fixture, e.g. {@code hellaswag.yml}. */
    public static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name + " next to " + Fixtures.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code <root>/<taskDir>/artifacts/results.yml} with the given text; returns the task directory. */
    public static Path task(Path root, String taskDir, String resultsYml) {
        try {
            Path artifacts = Files.createDirectories(root.resolve(taskDir).resolve("artifacts"));
            Files.writeString(artifacts.resolve("results.yml"), resultsYml);
            return root.resolve(taskDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
