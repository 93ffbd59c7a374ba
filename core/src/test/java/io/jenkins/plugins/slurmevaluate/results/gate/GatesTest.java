package io.jenkins.plugins.slurmevaluate.results.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GatesTest {

    @Test
    void parsesTheExampleFromTheJenkinsfile() {
        Gate gate = Gates.parse("hellaswag.acc_norm >= 0.80");

        assertThat(gate).isEqualTo(new Gate("hellaswag.acc_norm >= 0.80", "hellaswag.acc_norm", Comparison.AT_LEAST,
                OptionalDouble.of(0.8), "0.80"));
        assertThat(gate.comparesWithBaseline()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "gsm8k.exact_match.strict-match.value > 0.5   | gsm8k.exact_match.strict-match.value | >  | 0.5",
        "lm-evaluation-harness.mmlu.acc<=0.9          | lm-evaluation-harness.mmlu.acc       | <= | 0.9",
        "  mmlu.acc.stderr < .01  	                | mmlu.acc.stderr                      | <  | 0.01",
        "hellaswag.0.acc_norm == 1                    | hellaswag.0.acc_norm                 | == | 1",
        "ifeval.prompt_level_strict_acc != -1.5e-3    | ifeval.prompt_level_strict_acc       | != | -0.0015",
        "mt_bench.score >= +7                         | mt_bench.score                       | >= | 7",
        "bfcl/v3.overall:acc@1 >= 0.2                 | bfcl/v3.overall:acc@1                | >= | 0.2",
        "aime_2025.pass@1 >= 0.                       | aime_2025.pass@1                     | >= | 0",
    })
    void parsesValidGates(String expression, String path, String op, double threshold) {
        Gate gate = Gates.parse(expression);

        assertThat(gate.path()).isEqualTo(path);
        assertThat(gate.comparison().symbol()).isEqualTo(op);
        assertThat(gate.threshold()).hasValue(threshold);
        assertThat(gate.expression()).isEqualTo(expression.strip());
    }

    @Test
    void baselineGatesCompareWithTheBaselineInTheDirectionOfTheOperator() {
        Gate higher = Gates.parse("hellaswag.acc_norm >= baseline");
        Gate lower = Gates.parse("perplexity.word_perplexity <= baseline");

        assertThat(higher.comparesWithBaseline()).isTrue();
        assertThat(higher.comparison().higherIsBetter()).isTrue();
        assertThat(lower.comparison().higherIsBetter()).isFalse();
        assertThat(higher.thresholdText()).isEqualTo("baseline");
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("", 0, "the gate is empty; write e.g. hellaswag.acc_norm >= 0.80"),
                Arguments.of("   ", 0, "the gate is empty; write e.g. hellaswag.acc_norm >= 0.80"),
                Arguments.of("hellaswag.acc_norm", 18,
                        "expected a comparison operator (>=, >, <=, <, ==, !=) and a threshold after 'hellaswag.acc_norm'"),
                Arguments.of(">= 0.8", 0, "expected <task>.<metric> before the operator, e.g. hellaswag.acc_norm >= 0.80"),
                Arguments.of("hellaswag.acc_norm >=", 21, "expected a number or 'baseline' after >="),
                Arguments.of("hellaswag.acc_norm >= abc", 22, "expected a number or 'baseline' after >=, found 'abc'"),
                Arguments.of("hellaswag.acc_norm >= 80%", 24, "percent thresholds are not accepted: harnesses write scores "
                        + "either as fractions (0.80) or as percentages (80), so write the number in the scale results.yml uses"),
                Arguments.of("hellaswag.acc_norm => 0.8", 19, "'=>' is not an operator; did you mean >=?"),
                Arguments.of("hellaswag.acc_norm =< 0.8", 19, "'=<' is not an operator; did you mean <=?"),
                Arguments.of("hellaswag.acc_norm = 0.8", 19, "'=' is not an operator; did you mean ==?"),
                Arguments.of("hellaswag.acc_norm <> 0.8", 19, "'<>' is not an operator; did you mean !=?"),
                Arguments.of("hellaswag.acc_norm >== 0.8", 19, "'>==' is not an operator; use one of >=, >, <=, <, ==, !="),
                Arguments.of("hellaswag.acc_norm ≥ 0.8", 19, "write >= instead of ≥"),
                Arguments.of("hellaswag.acc_norm >= >= 0.8", 22,
                        "expected a number or 'baseline' after >=, found '>='; write one operator"),
                Arguments.of("hellaswag.acc_norm >= 0.8 and gsm8k.x > 1", 26,
                        "unexpected text after the threshold: 'and gsm8k.x > 1'; write one comparison per gate"),
                Arguments.of("hellaswag.acc_norm >= 0.8.1", 22, "expected a number or 'baseline' after >=, found '0.8.1'"),
                Arguments.of("hellaswag.acc_norm >= 0,8", 22,
                        "expected a number or 'baseline' after >=, found '0,8'; use a dot as the decimal separator"),
                Arguments.of("hellaswag >= 0.8", 9, "expected <task>.<metric>, found only 'hellaswag'; add the metric, "
                        + "e.g. hellaswag.acc"),
                Arguments.of("hellaswag..acc >= 0.8", 10, "empty name between two dots"),
                Arguments.of(".acc >= 0.8", 0, "the name starts with a dot; expected <task>.<metric>"),
                Arguments.of("hellaswag.acc. >= 0.8", 13, "the name ends with a dot; expected <task>.<metric>"),
                Arguments.of("hella swag.acc >= 0.8", 6, "expected a comparison operator (>=, >, <=, <, ==, !=) after "
                        + "'hella', found 'swag.acc' (names cannot contain spaces)"),
                Arguments.of("'hellaswag'.acc >= 0.8", 0,
                        "quotes are not part of the gate syntax; write names bare, e.g. hellaswag.acc_norm"),
                Arguments.of("hellaswag.acc_norm >= NaN", 22, "'NaN' is not a usable threshold; write a finite number"),
                Arguments.of("hellaswag.acc_norm >= -Infinity", 22,
                        "'-Infinity' is not a usable threshold; write a finite number"),
                Arguments.of("hellaswag.acc_norm >= 1e400", 22, "the threshold 1e400 is too large for a number"),
                Arguments.of("hellaswag.acc_norm > baseline", 21,
                        "compare with the baseline using >= (higher is better) or <= (lower is better), not >"),
                Arguments.of("hellaswag.acc_norm == baseline", 22,
                        "compare with the baseline using >= (higher is better) or <= (lower is better), not =="),
                Arguments.of("hellaswag.acc_norm.stderr >= baseline", 29,
                        "a baseline comparison checks a score's value, not its stderr; drop .stderr"),
                Arguments.of("hellaswag.acc_norm >= Baseline", 22, "write 'baseline' in lower case"),
                Arguments.of("hellaswag.acc_norm >= baseline2", 22,
                        "expected a number or 'baseline' after >=, found 'baseline2'"),
                Arguments.of("hellaswag.acc\u0007 >= 0.8", 13, "the gate contains a control character (U+0007)"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalid")
    void invalidGatesAreReportedWithTheProblemAndItsPosition(String expression, int column, String problem) {
        assertThatThrownBy(() -> Gates.parse(expression)).isInstanceOfSatisfying(GateSyntaxException.class, e -> {
            assertThat(e.problem()).isEqualTo(problem);
            assertThat(e.column()).isEqualTo(column);
        });
    }

    @Test
    void theMessageShowsTheGateAndACaretUnderTheProblem() {
        assertThatThrownBy(() -> Gates.parse(List.of("mmlu.acc >= 0.6", "hellaswag.acc_norm => 0.8")))
                .isInstanceOf(GateSyntaxException.class)
                .hasMessage("gate 2 of 2: '=>' is not an operator; did you mean >=?\n"
                        + "  hellaswag.acc_norm => 0.8\n"
                        + "                     ^");
    }

    @Test
    void theCaretCountsCodePointsAndControlCharactersAreShownAsQuestionMarks() {
        assertThatThrownBy(() -> Gates.parse("tâche🚀.acc\t=> 1"))
                .hasMessage("gate: '=>' is not an operator; did you mean >=?\n"
                        + "  tâche🚀.acc?=> 1\n"
                        + "             ^");
    }

    @Test
    void aRepeatedGateIsRefused() {
        assertThatThrownBy(() -> Gates.parse(List.of("mmlu.acc >= 0.6", "gsm8k.x > 1", "mmlu.acc  >=  0.60")))
                .isInstanceOf(GateSyntaxException.class)
                .hasMessageStartingWith("gate 3 of 3: repeats gate 1; remove one");
    }

    @Test
    void aNullGateIsRefused() {
        assertThatThrownBy(() -> Gates.parse(Arrays.asList("mmlu.acc >= 0.6", null)))
                .hasMessageStartingWith("gate 2 of 2: the gate is null");
    }

    @Test
    void equalityIsExactAndNanNeverCompares() {
        assertThat(Comparison.EQUAL.test(0.1 + 0.2, 0.3)).isFalse();
        assertThat(Comparison.NOT_EQUAL.test(Double.NaN, 1)).isFalse();
        assertThat(Comparison.AT_LEAST.test(Double.NaN, 0)).isFalse();
    }
}
