package io.jenkins.plugins.slurmevaluate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.config.tree.Node;
import io.jenkins.plugins.slurmevaluate.config.tree.ScalarNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OverrideParserTest {

    private final Problems problems = new Problems();
    private final OverrideParser parser = new OverrideParser(problems);

    private Node value(String text) {
        return parser.parse(0, text).orElseThrow().value();
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "a.b=42          | INT    | 42",
        "a.b=-7          | INT    | -7",
        "a.b=0.95        | FLOAT  | 0.95",
        "a.b=1e-5        | FLOAT  | 1e-5",
        "a.b=true        | BOOL   | true",
        "a.b=False       | BOOL   | false",
        "a.b=null        | NULL   | null",
        "a.b=yes         | STRING | yes",
        "a.b=0x10        | STRING | 0x10",
        "a.b=4:00:00     | STRING | 4:00:00",
        "a.b=017         | STRING | 017",
        "a.b=  spaced    | STRING | spaced",
        "a.b='42'        | STRING | 42",
        "a.walltime=30   | STRING | 30",
        "a.max_walltime=120:00:00 | STRING | 120:00:00",
        "a.b=${x.y}      | STRING | ${x.y}",
    })
    void scalarValuesAreReadWithHydrasGrammar(String override, ScalarNode.Type type, String text) {
        ScalarNode v = (ScalarNode) value(override);
        assertThat(v.type()).isEqualTo(type);
        assertThat(v.type() == ScalarNode.Type.NULL ? "null" : v.text()).isEqualTo(text);
    }

    @Test
    void anEmptyValueIsTheEmptyString() {
        assertThat(((ScalarNode) value("a.b=")).text()).isEmpty();
    }

    @Test
    void flowCollectionsAreReadRecursively() {
        assertThat(value("a.b=[1, two, 'th,ree', [x], {k: v}]").toJava())
                .isEqualTo(List.of(1L, "two", "th,ree", List.of("x"), Map.of("k", "v")));
        assertThat(value("a.b={exclusive:false, constraint: \"h100|a100\", n: ${x}}").toJava())
                .isEqualTo(Map.of("exclusive", false, "constraint", "h100|a100", "n", "${x}"));
    }

    @Test
    void quotingRoundTrips() {
        for (String s : List.of("it's", "\\", "\\'", "a\\\\b", "'", "\"", "x=y", " lead", "trail ")) {
            assertThat(((ScalarNode) value("a.b=" + OverrideParser.quote(s))).text()).isEqualTo(s);
        }
    }

    @Test
    void prefixesSelectTheKind() {
        assertThat(parser.parse(0, "+a.b=1").orElseThrow().kind()).isEqualTo(ConfigOverride.Kind.ADD);
        assertThat(parser.parse(0, "++a.b=1").orElseThrow().kind()).isEqualTo(ConfigOverride.Kind.FORCE);
        assertThat(parser.parse(0, "~a.b").orElseThrow().kind()).isEqualTo(ConfigOverride.Kind.DELETE);
        assertThat(parser.parse(0, "deployment=sglang").orElseThrow().kind()).isEqualTo(ConfigOverride.Kind.GROUP);
        assertThat(parser.parse(0, "evaluation.tasks.mmlu.x=1").orElseThrow().isTaskNameSugar()).isTrue();
        assertThat(parser.parse(0, "evaluation.tasks.0.x=1").orElseThrow().isTaskNameSugar()).isFalse();
    }

    @Test
    void malformedOverridesAreProblemsNamingTheOverride() {
        assertThat(parser.parse(3, "a.b")).isEmpty();
        assertThat(parser.parse(4, "a..b=1")).isEmpty();
        assertThat(parser.parse(5, "=1")).isEmpty();
        assertThat(parser.parse(6, "a=[1, 2")).isEmpty();
        assertThat(problems.list()).extracting(p -> p.origin().toString()).containsExactly(
                "<override -o a.b>", "<override -o a..b=1>", "<override -o =1>", "<override -o a=[1, 2>");
    }
}
