package io.jenkins.plugins.slurmevaluate.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JudgeTest {

    @ParameterizedTest(name = "confidence {0} → z {1}")
    @CsvSource({"0.95, 1.959963984540054", "0.90, 1.6448536269514722", "0.99, 2.5758293035489004",
        "0.6826894921370859, 1.0", "0.5, 0.6744897501960817", "0.999999, 4.891638475698978"})
    void zMatchesTheNormalQuantile(double confidence, double z) {
        assertThat(Normal.twoSidedZ(confidence)).isCloseTo(z, within(1e-9));
    }

    @Test
    void theCdfIsSymmetricAndBounded() {
        assertThat(Normal.cdf(0)).isEqualTo(0.5);
        assertThat(Normal.cdf(1.959963984540054)).isCloseTo(0.975, within(1e-12));
        assertThat(Normal.cdf(-3) + Normal.cdf(3)).isCloseTo(1, within(1e-15));
        assertThat(Normal.cdf(40)).isEqualTo(1);
        assertThat(Normal.cdf(-40)).isEqualTo(0);
    }

    @Test
    void optionsParseAbsoluteAndRelativeRegressions() {
        VerdictOptions abs = VerdictOptions.defaults().withMaxRegression("0.01");
        VerdictOptions rel = VerdictOptions.defaults().withMaxRegression(" 1.5% ");

        assertThat(abs.maxRegression()).isEqualTo(0.01);
        assertThat(abs.maxRegressionRelative()).isFalse();
        assertThat(rel.maxRegression()).isEqualTo(0.015);
        assertThat(rel.maxRegressionRelative()).isTrue();
        assertThat(rel.maxRegressionText()).isEqualTo("1.5%");
    }

    @Test
    void badOptionsNameTheValueAndTheFix() {
        assertThatThrownBy(() -> VerdictOptions.defaults().withMaxRegression("one point"))
                .hasMessage("max regression 'one point' is not an amount; write an absolute drop such as 0.01 or a "
                        + "relative one such as 1%");
        assertThatThrownBy(() -> VerdictOptions.defaults().withMaxRegression("-0.01"))
                .hasMessageContaining("is not an amount");
        assertThatThrownBy(() -> VerdictOptions.defaults().withConfidence(95))
                .hasMessage("confidence 95.0 must lie strictly between 0 and 1; did you mean 0.95?");
        assertThatThrownBy(() -> VerdictOptions.defaults().withConfidence(1))
                .hasMessage("confidence 1.0 must lie strictly between 0 and 1");
    }

    @Test
    void aThresholdExactlyOnTheValueIsInconclusiveInStrictModeOnlyWithNoise() {
        Judge strict = new Judge(VerdictOptions.defaults().withStrict(true));

        assertThat(strict.threshold(0.8, java.util.OptionalDouble.of(0.01),
                io.jenkins.plugins.slurmevaluate.results.gate.Comparison.AT_LEAST, "0.8", 0.8, true).verdict())
                .isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(strict.threshold(0.8, java.util.OptionalDouble.of(0),
                io.jenkins.plugins.slurmevaluate.results.gate.Comparison.AT_LEAST, "0.8", 0.8, true).verdict())
                .isEqualTo(Verdict.PASS);
    }

    @Test
    void verdictsCombineWorstFirstAndNothingIsAFail() {
        assertThat(Verdict.PASS.and(Verdict.INCONCLUSIVE)).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(Verdict.INCONCLUSIVE.and(Verdict.FAIL)).isEqualTo(Verdict.FAIL);
        assertThat(Verdict.PASS.and(Verdict.PASS)).isEqualTo(Verdict.PASS);
        assertThat(Verdict.overall(java.util.List.of())).isEqualTo(Verdict.FAIL);
    }
}
