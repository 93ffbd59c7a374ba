package io.jenkins.plugins.slurmevaluate.results.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.slurmevaluate.results.model.TaskRun;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResultsParserTest {

    private static TaskRun parse(String yaml) throws ResultsFormatException {
        return ResultsParser.parse(yaml.getBytes(StandardCharsets.UTF_8), "t.0/artifacts/results.yml", "t.0");
    }

    /** A results.yml with one score whose body is {@code score} (indented under the score name). */
    private static String withScore(String score) {
        return "results:\n  tasks:\n    t:\n      metrics:\n        m:\n          scores:\n            m:\n"
                + score.indent(14);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("", "the file is empty"),
                Arguments.of("- a\n- b\n", "expected a mapping, found a list"),
                Arguments.of("command: x\nconfig: {}\n", "no 'results' key (top-level keys: command, config)"),
                Arguments.of("results: [unclosed\n", "not valid YAML"),
                Arguments.of("results:\n  tasks: [a]\n", "results.tasks: expected a mapping, found a list"),
                Arguments.of("results:\n  tasks: 3\n", "results.tasks: expected a mapping, found the number 3"),
                Arguments.of("results:\n  tasks:\n    t: x\n", "results.tasks.t: expected a mapping, found the string 'x'"),
                Arguments.of("results:\n  tasks:\n    t: {}\n    t: {}\n", "the key 't' appears twice"),
                Arguments.of("results:\n  tasks:\n    ~: {}\n", "expected a name as key, found null"),
                Arguments.of("results:\n  tasks:\n    [a]: {}\n", "expected a name as key, found a list"),
                Arguments.of("results:\n  tasks:\n    \"a\\ud800\": {}\n", "the key is not valid Unicode text"),
                Arguments.of(withScore("stats: {stderr: 0.1}"), "results.tasks.t.metrics.m.scores.m: the score has no 'value'"),
                Arguments.of(withScore("value: high"), ".value: expected a number, found the string 'high'"),
                Arguments.of(withScore("value: '80%'"), ".value: expected a number, found the string '80%'"),
                Arguments.of(withScore("value: true"), ".value: expected a number, found the boolean true"),
                Arguments.of(withScore("value: null"), ".value: expected a number, found null"),
                Arguments.of(withScore("value: [0.5]"), ".value: expected a single value, found a list"),
                Arguments.of(withScore("value: !!python/object:x.Y {}"), ".value: expected a single value, found a mapping"),
                Arguments.of(withScore("value: !!python/float 0.5"), ".value: expected a number, found '0.5' tagged "
                        + "tag:yaml.org,2002:python/float"),
                Arguments.of(withScore("value: 2024-01-01"), "expected a number, found '2024-01-01' tagged tag:yaml.org,2002:timestamp"),
                Arguments.of(withScore("value: 0.5\nstats: {stderr: -0.1}"), ".stats.stderr: a standard error cannot be negative"),
                Arguments.of(withScore("value: 0.5\nstats: {stderr: wide}"), ".stats.stderr: expected a number, found the string 'wide'"),
                Arguments.of(withScore("value: 0.5\nstats: {count: 12.5}"), ".stats.count: expected a sample count"),
                Arguments.of(withScore("value: 0.5\nstats: {count: -1}"), ".stats.count: expected a sample count"),
                Arguments.of(withScore("value: 0.5\nstats: [1]"), ".stats: expected a mapping, found a list"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("malformed")
    void malformedContentIsReportedWithItsKeyPath(String yaml, String expected) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ResultsFormatException.class)
                .hasMessageStartingWith("t.0/artifacts/results.yml")
                .hasMessageContaining(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.5", "5e-1", "0.5e+0", "'0.5'", "\"+0.5\"", "0_0.5_0"})
    void numbersInTheSpellingsWritersUseAreRead(String value) throws ResultsFormatException {
        assertThat(parse(withScore("value: " + value)).tasks().get("t").metrics().get("m").scores().get("m").value())
                .isEqualTo(0.5);
    }

    @ParameterizedTest
    @ValueSource(strings = {".nan", ".NaN", "'nan'", "NaN", "'-nan'"})
    void nanInEverySpellingIsNan(String value) throws ResultsFormatException {
        assertThat(parse(withScore("value: " + value)).tasks().get("t").metrics().get("m").scores().get("m").value()).isNaN();
    }

    @ParameterizedTest
    @ValueSource(strings = {".inf", "'inf'", "'Infinity'"})
    void infinityIsKeptSoTheGateCanRefuseIt(String value) throws ResultsFormatException {
        assertThat(parse(withScore("value: " + value)).tasks().get("t").metrics().get("m").scores().get("m").value())
                .isInfinite();
    }

    @org.junit.jupiter.api.Test
    void anAliasBombIsStoppedByTheAliasLimit() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 30; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [");
            yaml.append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
        }
        yaml.append("results: {}\n");

        assertThatThrownBy(() -> parse(yaml.toString())).isInstanceOf(ResultsFormatException.class)
                .hasMessageContaining("not valid YAML").hasMessageContaining("aliases");
    }

    @org.junit.jupiter.api.Test
    void anAliasLoopInGroupsIsStopped() {
        String yaml = "results:\n  groups: &g\n    loop:\n      groups: *g\n";

        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ResultsFormatException.class)
                .hasMessageContaining("groups nested deeper than");
    }

    @org.junit.jupiter.api.Test
    void integerKeysNameThingsLikeStrings() throws ResultsFormatException {
        TaskRun run = parse("results:\n  tasks:\n    2024:\n      metrics:\n        1: {scores: {1: {value: 3}}}\n");

        assertThat(run.tasks().get("2024").metrics().get("1").scores().get("1").value()).isEqualTo(3.0);
    }
}
