package io.jenkins.plugins.slurmevaluate.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.layout.TaskLayout;
import io.jenkins.plugins.slurmevaluate.script.spec.EnvGroup;
import io.jenkins.plugins.slurmevaluate.script.spec.EnvGroup.Var;
import io.jenkins.plugins.slurmevaluate.script.spec.Evaluation;
import io.jenkins.plugins.slurmevaluate.script.spec.SbatchHeader;
import io.jenkins.plugins.slurmevaluate.script.spec.ScriptSpec;
import io.jenkins.plugins.slurmevaluate.script.spec.Server;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Hostile env values and task names: sourcing .secrets.env in bash gives every value back byte for byte, no value
 * is in run.sub, and run.sub still passes bash -n.
 */
class HostileValuesPropertyTest {

    private static final List<String> FRAGMENTS = List.of("'", "\"", "$", "`", "\\", "\n", " ", "'\\''", "%", "!",
            "$(id)", "${HOME}", "`id`", "\\'", "\\\"", "\t", "\r", "*", "?", "[a]", ";", "&", "|", "#", "~", "=", "--",
            "-n", "!!", "%A", "%%", "é", "ü", "🚀", "中文", "\u200b", "\u00a0", "<(x)", "$'\\n'", "\\n", "'\"'", "$((1+1))");
    private static final AtomicInteger VALUES = new AtomicInteger();
    private static final AtomicInteger SCRIPTS = new AtomicInteger();

    /** A value made of hostile fragments and random text, around a nonce that no script can contain by accident. */
    @Provide
    Arbitrary<List<String>> hostileValues() {
        Arbitrary<String> nonce = Arbitraries.strings().withCharRange('a', 'z').ofLength(11);
        return Combinators.combine(hostile(), nonce, hostile()).as(List::of).list().ofMinSize(1).ofMaxSize(4)
                .map(parts -> {
                    List<String> values = new ArrayList<>();
                    for (int i = 0; i < parts.size(); i++) { // N0NCE<i><11 letters>: unique within the list
                        values.add(parts.get(i).get(0) + "N0NCE" + i + parts.get(i).get(1) + parts.get(i).get(2));
                    }
                    return values;
                });
    }

    @Provide
    Arbitrary<String> hostileNames() {
        return hostile().filter(s -> !s.isEmpty());
    }

    private static Arbitrary<String> hostile() {
        Arbitrary<String> fragment = Arbitraries.of(FRAGMENTS);
        Arbitrary<String> ascii = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(6);
        Arbitrary<String> unicode = Arbitraries.strings().withCharRange('\u00a0', '\ud7ff').ofMaxLength(3);
        Arbitrary<String> supplementary = Arbitraries.integers().between(0x10000, 0x10ffff)
                .map(cp -> new String(Character.toChars(cp)));
        return Arbitraries.oneOf(fragment, fragment, ascii, unicode, supplementary).list().ofMaxSize(6)
                .map(parts -> String.join("", parts));
    }

    @Property(tries = 1000)
    void sourcingTheSecretsFileGivesBackEveryValueExactly(@ForAll("hostileValues") List<String> values,
            @ForAll("hostileNames") String taskName) throws IOException, InterruptedException {
        ScriptSpec spec = spec(taskName, values);
        RenderedTask task = new ScriptRenderer().render(spec);
        String runSub = task.runScriptText();
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            String nonce = value.substring(value.indexOf("N0NCE"), value.indexOf("N0NCE") + 17);
            assertThat(runSub).as("run.sub").doesNotContain(nonce);
            if (i % 2 == 0) { // host: in every group (odd ones are lit: in the evaluation's, shown by design)
                assertThat(task.redactedSecrets()).as("redacted secrets").doesNotContain(nonce);
            }
        }

        Path dir = Files.createTempDirectory("hostile");
        try {
            Path script = Files.write(dir.resolve("run.sub"), task.runScript().content());
            Path secrets = Files.write(dir.resolve(".secrets.env"), task.secrets().orElseThrow().content());
            List<String> argv = new ArrayList<>(List.of("bash", "-c",
                    "bash -n \"$1\" || exit 90; bash -n \"$2\" || exit 91; source \"$2\"; shift 2;"
                            + " for n in \"$@\"; do printf '%s\\0' \"${!n}\"; done",
                    "x", script.toString(), secrets.toString()));
            SecretsFile names = new SecretsFile(spec.invocationId(), spec.layout().taskDir(),
                    List.of(spec.evaluation().env(), spec.deployment().orElseThrow().env()));
            argv.addAll(names.storedNames());
            Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor()).as("bash -n of run.sub (90) and .secrets.env (91), then sourcing").isZero();

            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (int i = 0; i < 2; i++) {     // the evaluation's group, then the deployment's: the same values
                for (String value : values) {
                    expected.write(value.getBytes(StandardCharsets.UTF_8));
                    expected.write(0);
                }
            }
            assertThat(HexFormat.of().formatHex(out)).isEqualTo(HexFormat.of().formatHex(expected.toByteArray()));
            VALUES.addAndGet(values.size());
            if (SCRIPTS.incrementAndGet() % 50 == 0) { // shellcheck takes half a second: a sample of the scripts
                ScriptChecks.shellcheck("run.sub for task " + taskName, runSub, dir);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static ScriptSpec spec(String taskName, List<String> values) {
        List<Var> evalVars = new ArrayList<>();
        List<Var> deployVars = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            evalVars.add(i % 2 == 0 ? Var.host("SECRET_" + i, values.get(i)) : Var.lit("LIT_" + i, values.get(i)));
            deployVars.add(Var.host("DEPLOY_" + i, values.get(i)));
        }
        String dirName = TaskLayout.taskDirName(taskName, 0);
        TaskLayout layout = TaskLayout.of("/lustre/evals", "20261125_090507-0123456789abcdef", taskName, 0);
        return ScriptSpec.builder().invocationId("0123456789abcdef").layout(layout)
                .header(SbatchHeader.builder().time("01:00:00").account("a").partition("p")
                        .jobName("a-slurm-evaluate." + dirName + "-0123456789abcdef").build())
                .deployment(Server.builder().image("img").command("serve --name " + taskName)
                        .env(new EnvGroup("deployment", deployVars)).build())
                .evaluation(Evaluation.builder().image("img").runConfigYaml("config:\n  type: " + taskName + "\n")
                        .preCmd("echo " + taskName).env(new EnvGroup(taskName + ".0", evalVars)).build())
                .chain(new ScriptSpec.Chain(3, OptionalLong.empty()))
                .build();
    }

    @AfterContainer
    static void report() {
        System.out.println("[script] hostile property: " + VALUES.get() + " values round-tripped through bash, "
                + SCRIPTS.get() + " run.sub and .secrets.env passed bash -n, " + SCRIPTS.get() / 50 + " run.sub shellcheck");
    }
}
