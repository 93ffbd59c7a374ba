package io.jenkins.plugins.slurmevaluate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.config.model.EvalConfig;
import io.jenkins.plugins.slurmevaluate.env.EnvValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Composition and overrides never change a value: a hostile string written in the user file, or given as an
 * override, comes out of the typed model identical. The strings are legal literals: a {@code ${...}} in a value is
 * an interpolation by design (and the whole value {@code ???} means "missing"), so those are not generated here;
 * the escape {@code \${} is checked separately.
 */
class RoundTripPropertyTest {

    private final ConfigLoader loader = new ConfigLoader(Map.of("USER", "u"));

    @Provide
    Arbitrary<String> hostile() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.strings().withChars("'\"$`\\ \n\t\r{}#:-?!&*|>%@,[]~=+.").ofMinLength(1).ofMaxLength(4),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(5),
                Arbitraries.of("é", "ü", "🚀", "中文", "\u00a0", "\u2028", "\u0085", "\ufeff", "\u0001", "\u007f"),
                Arbitraries.of("$ {x}", "$x", "{x}", "$(id)", "$((1+1))", "\\$", "\\", "\\\\", "$$", "}{", "%{x}"),
                Arbitraries.of("???", "????", "?? ?", " ???", "host:", "host:HF_TOKEN", "$host:X", "lit:", "runtime:X"),
                Arbitraries.of("yes", "no", "on", "null", "~", "true", "4:00:00", "0x10", "017", "1e5", ".inf", "- a",
                        "? k", "!tag", "&a", "*a", "<<", "---", "...", "# c", "key: v"));
        return piece.list().ofMinSize(1).ofMaxSize(6).map(l -> String.join("", l))
                .filter(s -> !s.contains("${") && !s.equals("???") && !s.isBlank());
    }

    /** The user file, double-quoted with escapes: the one style that can hold any string (NEL, DEL, ...). */
    private static String write(Object config) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setDefaultScalarStyle(DumperOptions.ScalarStyle.DOUBLE_QUOTED);
        options.setNonPrintableStyle(DumperOptions.NonPrintableStyle.ESCAPE);
        return new Yaml(options).dump(config);
    }

    private static String oneLine(String s) {
        String t = s.replace("\n", " ").replace("\r", " ").replace("\u2028", " ").replace("\u0085", " ");
        return t.isBlank() ? "x" : t;
    }

    @Property(tries = 150)
    void aValueWrittenInTheFileComesOutUnchanged(@ForAll("hostile") String s) throws Exception {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("defaults", List.of(Map.of("execution", "slurm/default"), Map.of("deployment", "generic"), "_self_"));
        Map<String, Object> execution = new LinkedHashMap<>();
        execution.put("hostname", s);
        execution.put("username", s);
        execution.put("account", s);
        execution.put("output_dir", "/" + s);
        execution.put("partition", s);
        execution.put("cpu_partition", s);
        execution.put("subproject", s);
        execution.put("gres", s);
        execution.put("sbatch_comment", oneLine(s));
        config.put("execution", execution);
        config.put("deployment", Map.of("image", s, "command", s, "served_model_name", s, "pre_cmd", s,
                "hf_model_handle", s));
        config.put("env_vars", Map.of("LIT", "lit:" + s));
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("name", "hellaswag");
        task.put("container", s);
        task.put("pre_cmd", s);
        config.put("evaluation", Map.of("pre_cmd", s, "post_cmd", s, "tasks", List.of(task),
                "nemo_evaluator_config", Map.of("config", Map.of("params", Map.of("extra", Map.of("note", s))))));
        config.put("export", Map.of("mlflow", Map.of("tracking_uri", s)));
        String yaml = write(config);

        LoadedConfig loaded = loader.inspect("hostile.yaml", yaml, List.of());
        assertThat(loaded.problems()).as(yaml).isEmpty();
        EvalConfig c = loaded.validModel();
        assertThat(List.of(c.execution().hostname(), c.execution().username(), c.execution().account(),
                c.execution().partition(), c.execution().cpuPartition(), c.execution().subproject(),
                c.execution().gres())).containsOnly(s);
        assertThat(c.execution().outputDir()).isEqualTo("/" + s);
        assertThat(c.execution().sbatchComment()).isEqualTo(oneLine(s));
        assertModelHolds(c, s);
    }

    @Property(tries = 150)
    void aValueGivenAsAnOverrideComesOutUnchanged(@ForAll("hostile") String s) throws Exception {
        String base = """
                defaults:
                  - execution: slurm/default
                  - deployment: generic
                  - _self_
                execution:
                  hostname: h
                  account: a
                  output_dir: /o
                deployment:
                  image: i
                  command: c
                  served_model_name: m
                evaluation:
                  tasks:
                    - name: hellaswag
                """;
        String q = OverrideParser.quote(s);
        List<String> overrides = new ArrayList<>();
        for (String key : List.of("hostname", "username", "account", "partition", "cpu_partition", "subproject", "gres")) {
            overrides.add("execution." + key + "=" + q);
        }
        overrides.add("execution.output_dir=" + OverrideParser.quote("/" + s));
        overrides.add("execution.sbatch_comment=" + OverrideParser.quote(oneLine(s)));
        for (String key : List.of("image", "command", "served_model_name")) {
            overrides.add("deployment." + key + "=" + q);
        }
        overrides.add("++deployment.pre_cmd=" + q);
        overrides.add("+deployment.hf_model_handle=" + q);
        overrides.add("++env_vars.LIT=" + OverrideParser.quote("lit:" + s));
        overrides.add("+evaluation.pre_cmd=" + q);
        overrides.add("++evaluation.post_cmd=" + q);
        overrides.add("++evaluation.nemo_evaluator_config.config.params.extra.note=" + q);
        overrides.add("+evaluation.tasks.0.container=" + q);
        overrides.add("evaluation.tasks.hellaswag.pre_cmd=" + q); // task-name sugar
        overrides.add("++export.mlflow.tracking_uri=" + q);

        LoadedConfig loaded = loader.inspect("base.yaml", base, overrides);
        assertThat(loaded.problems()).as(overrides.toString()).isEmpty();
        EvalConfig c = loaded.validModel();
        assertThat(List.of(c.execution().hostname(), c.execution().username(), c.execution().account(),
                c.execution().partition(), c.execution().cpuPartition(), c.execution().subproject(),
                c.execution().gres())).containsOnly(s);
        assertThat(c.execution().outputDir()).isEqualTo("/" + s);
        assertThat(c.execution().sbatchComment()).isEqualTo(oneLine(s));
        assertModelHolds(c, s);
    }

    @Property(tries = 100)
    void anEscapedInterpolationIsKeptLiterally(@ForAll("hostile") String s) throws Exception {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("defaults", List.of(Map.of("execution", "slurm/default"), Map.of("deployment", "generic"), "_self_"));
        config.put("execution", Map.of("hostname", "h", "account", "a", "output_dir", "/o"));
        config.put("deployment", Map.of("image", "i", "command", "\\${" + s, "served_model_name", "m"));
        config.put("evaluation", Map.of("tasks", List.of(Map.of("name", "hellaswag"))));
        LoadedConfig fromFile = loader.inspect("escape.yaml", write(config), List.of());
        assertThat(fromFile.validModel().deployment().command()).isEqualTo("${" + s);
        LoadedConfig fromOverride = loader.inspect("escape.yaml", write(config),
                List.of("deployment.command=" + OverrideParser.quote("\\${" + s)));
        assertThat(fromOverride.validModel().deployment().command()).isEqualTo("${" + s);
    }

    private static void assertModelHolds(EvalConfig c, String s) {
        assertThat(List.of(c.deployment().image(), c.deployment().command(), c.deployment().servedModelName(),
                c.deployment().preCmd(), c.deployment().hfModelHandle())).containsOnly(s);
        EnvValue lit = c.envVars().get("LIT");
        assertThat(lit.kind()).isEqualTo(EnvValue.Kind.LITERAL);
        assertThat(lit.text()).isEqualTo(s);
        assertThat(c.evaluation().preCmd()).isEqualTo(s);
        assertThat(c.evaluation().postCmd()).isEqualTo(s);
        assertThat(c.evaluation().nemoEvaluatorConfig()).isEqualTo(
                Map.of("config", Map.of("params", Map.of("extra", Map.of("note", s)))));
        var task = c.evaluation().tasks().get(0);
        assertThat(task.container()).isEqualTo(s);
        assertThat(task.preCmd()).isEqualTo(s);
        assertThat(c.export().destinations()).isEqualTo(Map.of("mlflow", Map.of("tracking_uri", s)));
    }
}
