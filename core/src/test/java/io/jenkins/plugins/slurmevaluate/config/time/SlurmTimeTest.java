package io.jenkins.plugins.slurmevaluate.config.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SlurmTimeTest {

    @ParameterizedTest(name = "{0} is {1} seconds")
    @CsvSource({
        "30, 1800",               // MM: minutes
        "90, 5400",               // minutes may exceed 59
        "0030, 1800",             // leading zeros are decimal
        "05:30, 330",             // MM:SS
        "04:00:00, 14400",        // HH:MM:SS
        "4:00:00, 14400",
        "120:00:00, 432000",      // hours may exceed 23 without days
        "08:09:09, 29349",        // 08 and 09 are decimal, not bad octal (PR #916)
        "2-00, 172800",           // D-HH
        "1-12:30, 131400",        // D-HH:MM
        "1-00:00:01, 86401",      // D-HH:MM:SS
        "00:00:01, 1",
    })
    void everyFormSbatchAcceptsIsParsed(String text, long seconds) {
        assertThat(SlurmTime.parse(text).seconds()).isEqualTo(seconds);
    }

    @Test
    void theTextIsKeptAsWrittenForTheSbatchHeader() {
        assertThat(SlurmTime.parse("0030").text()).isEqualTo("0030");
        assertThat(SlurmTime.parse(" 04:00:00 ").text()).isEqualTo("04:00:00");
    }

    @Test
    void unlimitedAndInfiniteHaveNoLength() {
        assertThat(SlurmTime.parse("UNLIMITED").isUnlimited()).isTrue();
        assertThat(SlurmTime.parse("infinite").text()).isEqualTo("INFINITE");
        assertThatThrownBy(() -> SlurmTime.parse("UNLIMITED").seconds()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void hmsFormHasUnboundedHours() {
        assertThat(SlurmTime.parse("5-00:00:00").toHms()).isEqualTo("120:00:00");
        assertThat(SlurmTime.parse("90").toHms()).isEqualTo("01:30:00");
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @ValueSource(strings = {"5d", "1h", "", " ", "-1", "1:2:3:4", "01:60:00", "01:00:60", "1-24:00", "00:60",
        "1-", "-01:00", "1.5", "4:00:00am", "1 day", "0", "00:00:00", "0-00", "1_000", "１２"})
    void invalidFormsAreRefusedWithTheAcceptedForms(String text) {
        assertThatThrownBy(() -> SlurmTime.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(text.isBlank() ? "" : text.strip());
    }

    @Test
    void theMessageNamesTheAcceptedForms() {
        assertThatThrownBy(() -> SlurmTime.parse("5d")).hasMessage(
                "'5d' is not a Slurm time; write MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS "
                        + "(for example \"04:00:00\" or \"2-00:00:00\")");
    }

    @Test
    void zeroIsRefusedBecauseSlurmReadsItAsNoLimit() {
        assertThatThrownBy(() -> SlurmTime.parse("00:00:00")).hasMessageContaining("no limit");
    }

    // ---- the lenient reading, for what Slurm prints and what the script reads --------------------------------

    @ParameterizedTest(name = "''{0}'' is {1} s however it was written")
    @CsvSource({"30, 1800", "05:30, 330", "08:09:09, 29349", "2-00, 172800", "1-12:30, 131400", "1-00:00:01, 86401",
        "120:00:00, 432000"})
    void theLenientReadingAgreesWithParseOnEveryValidForm(String text, long seconds) {
        assertThat(SlurmTime.seconds(text)).hasValue(seconds).hasValue(SlurmTime.parse(text).seconds());
    }

    @ParameterizedTest(name = "''{0}'' is {1} s")
    @CsvSource({"1-30:00:00, 194400", "00:90, 90", "0:75:00, 4500", "0, 0", "00:00:00, 0"})
    void fieldsSlurmCouldPrintButUsersMayNotWriteAreRead(String text, long seconds) {
        assertThat(SlurmTime.seconds(text)).hasValue(seconds);
    }

    @ParameterizedTest(name = "''{0}'' has no length")
    @ValueSource(strings = {"UNLIMITED", "INVALID", "Partition_Limit", "", " 1", "1:2:3:4", "-1", "1-", "1.5", "\uff11",
        "99999999999999999999", "1000000000-00"})
    void anythingElseIsEmptyIncludingOverflowAndCenturies(String text) {
        assertThat(SlurmTime.seconds(text)).isEmpty();
    }

    @Test
    void nullHasNoLength() {
        assertThat(SlurmTime.seconds(null)).isEmpty();
    }
}
