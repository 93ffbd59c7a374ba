package io.jenkins.plugins.slurmevaluate.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.script.spec.ScriptSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every golden scenario renders exactly its golden files, and every script passes bash -n and shellcheck. */
class ScriptGoldenTest {

    @TempDir
    static Path tmp;

    static Stream<Arguments> scenarios() {
        return GoldenSpecs.all().entrySet().stream()
                .map(e -> Arguments.of(e.getKey(), e.getValue().apply(GoldenSpecs.CLUSTER_OUTPUT_DIR)));
    }

    /** The golden files a scenario renders: run.sub, .secrets.env and its redacted form, haproxy templates, export files. */
    private static Set<String> render(String name, ScriptSpec spec, boolean compare) {
        RenderedTask task = new ScriptRenderer().render(spec);
        Set<String> files = new HashSet<>();
        files.add(name + ".run.sub");
        if (compare) {
            Golden.assertMatches(name + ".run.sub", task.runScript().content());
        }
        task.secrets().ifPresent(s -> {
            files.add(name + ".secrets.env");
            files.add(name + ".secrets.redacted");
            if (compare) {
                Golden.assertMatches(name + ".secrets.env", s.content());
                Golden.assertMatches(name + ".secrets.redacted", task.redactedSecrets().getBytes(StandardCharsets.UTF_8));
            }
        });
        for (RenderedFile export : task.exportFiles()) {
            files.add(name + "." + export.fileName());
            if (compare) {
                Golden.assertMatches(name + "." + export.fileName(), export.content());
            }
        }
        for (RenderedFile proxy : task.proxyTemplates()) {
            files.add(name + "." + proxy.fileName());
            if (compare) {
                Golden.assertMatches(name + "." + proxy.fileName(), proxy.content());
            }
        }
        return files;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void rendersExactlyItsGoldenFiles(String name, ScriptSpec spec) {
        render(name, spec, true);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void passesBashSyntaxCheckAndShellcheck(String name, ScriptSpec spec) {
        String script = new ScriptRenderer().render(spec).runScriptText();
        ScriptChecks.bashSyntax(name, script, tmp);
        ScriptChecks.shellcheck(name, script, tmp);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void rendersTheSameBytesEveryTime(String name, ScriptSpec spec) {
        assertThat(new ScriptRenderer().render(spec)).isEqualTo(new ScriptRenderer().render(spec));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void noSecretValueIsInRunSub(String name, ScriptSpec spec) {
        RenderedTask task = new ScriptRenderer().render(spec);
        for (String secret : GoldenSpecs.secrets()) {
            assertThat(task.runScriptText()).doesNotContain(secret);
            assertThat(task.redactedSecrets()).doesNotContain(secret);
        }
    }

    @Test
    void everyGoldenFileBelongsToAScenario() throws IOException {
        Set<String> expected = new HashSet<>();
        scenarios().forEach(a -> expected.addAll(render((String) a.get()[0], (ScriptSpec) a.get()[1], false)));
        try (Stream<Path> files = Files.list(Golden.DIR)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("stale golden files in " + Golden.DIR + " (delete them)")
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void theLibraryAndTheContainerRunnersPassShellcheckOnTheirOwn() throws IOException {
        for (String resource : new String[] {"library.sh", "server-runner.sh", "evaluation-runner.sh", "export-runner.sh"}) {
            String text;
            try (var in = RunScript.class.getResourceAsStream(resource)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            // the library reads variables that run.sub assigns before it
            String prelude = "#!/bin/bash\n# shellcheck disable=SC2034,SC2154\n: \"$_SE_CHAIN_STATUS $_SE_JOB_LIST\"\n";
            ScriptChecks.bashSyntax(resource, prelude + text, tmp);
            ScriptChecks.shellcheck(resource, prelude + text, tmp);
        }
    }

    @AfterAll
    static void report() {
        System.out.println("[script] bash -n checked " + ScriptChecks.BASH_CHECKED.get() + " scripts, shellcheck "
                + ScriptChecks.SHELLCHECKED.get() + " (this class)");
    }
}
