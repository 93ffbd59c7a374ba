package io.jenkins.plugins.slurmevaluate.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Slurm's time texts, and job id syntax. */
class TimeFieldsTest {

    @ParameterizedTest(name = "''{0}'' is {1} s")
    @CsvSource({
        "0:03, 3", "1:26, 86", "10:00, 600", "1:00:00, 3600", "00:01:26, 86", "1-00:00:00, 86400",
        "2-03:04:05, 183845", "1-02, 93600", "1-02:30, 95400", "45, 2700"
    })
    void durationsAreRead(String text, long seconds) {
        assertThat(TimeFields.duration(text)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"UNLIMITED", "INVALID", "NOT_SET", "Partition_Limit", "1:2:3:4", "-1", "abc"})
    void whatIsNotADurationIsNull(String text) {
        assertThat(TimeFields.duration(text)).isNull();
    }

    @Test
    void standardTimestampsAreReadAndUnknownOrNoneAreNull() {
        assertThat(TimeFields.timestamp("2026-11-25T20:43:26")).isEqualTo(LocalDateTime.of(2026, 11, 25, 20, 43, 26));
        assertThat(TimeFields.timestamp("Unknown")).isNull();
        assertThat(TimeFields.timestamp("None")).isNull();
        assertThat(TimeFields.timestamp("")).isNull();
        assertThat(TimeFields.timestamp("5 minutes ago")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "123", "123_4", "123_[1-3]", "123_[1,5-7%2]", "123+0"})
    void jobIdsInEveryShapeSlurmPrintsAreValid(String id) {
        assertThat(JobIds.isValid(id)).isTrue();
        assertThat(JobIds.base(id)).isEqualTo(id.replaceAll("[^0-9].*", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-u", "--me", "12 13", "12,13", "12;rm", "$(id)", "abc", "12.batch", "_1"})
    void anythingElseIsNotAJobId(String id) {
        assertThat(JobIds.isValid(id)).isFalse();
    }
}
