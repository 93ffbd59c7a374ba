package io.jenkins.plugins.slurmevaluate.layout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChainStatusTest {

    private static final String RESUMED_THEN_COMPLETED = """
            1764100000 12 started link=1
            1764100001 12 successor id=13
            1764100075 12 exit code=143 signal=TERM
            1764100090 13 resumed link=2 prev=12 prev_state=TIMEOUT source=sacct
            1764100091 13 successor id=14
            1764100150 13 successor_cancelled id=14
            1764100150 13 exit code=0
            1764100150 13 stopped reason=completed
            """;

    @Test
    void aResumedChainThatCompletedListsBothLinksAndNoQueuedSuccessor() {
        ChainStatus s = ChainStatus.parse(RESUMED_THEN_COMPLETED);
        assertThat(s.links()).containsExactly("12", "13");
        assertThat(s.stopReason()).contains("completed");
        assertThat(s.queuedSuccessors()).isEmpty();
        assertThat(s.exitCode("12")).contains(143);
        assertThat(s.exitCode("13")).contains(0);
        assertThat(s.allJobIds()).containsExactly("12", "13", "14");
    }

    @Test
    void aRunningChainHasItsSuccessorQueuedAndNoStop() {
        ChainStatus s = ChainStatus.parse("1764100000 12 started link=1\n1764100001 12 successor id=13\n");
        assertThat(s.stopped()).isEmpty();
        assertThat(s.queuedSuccessors()).containsExactly("13");
    }

    @Test
    void aSuccessorThatStoppedTheChainBeforeAnyWorkRanButIsNoLink() {
        ChainStatus s = ChainStatus.parse("""
                1764100000 12 successor id=13
                1764100000 12 started link=1
                1764100075 12 exit code=143 signal=TERM
                1764100090 13 exit code=0
                1764100090 13 stopped reason=max_walltime used=75 limit=60
                """);
        assertThat(s.links()).containsExactly("12");
        assertThat(s.jobsThatRan()).containsExactly("12", "13");
    }

    @Test
    void aTornLastLineAndGarbageAreSkipped() {
        ChainStatus s = ChainStatus.parse("1764100000 12 started link=1\nhello world\n1764100001 12 stopp");
        assertThat(s.events()).hasSize(1);
    }

    @Test
    void stopDetailsAreAttributes() {
        ChainStatus s = ChainStatus.parse("1764100000 15 stopped reason=max_walltime used=7260 limit=7200\n");
        assertThat(s.stopReason()).contains("max_walltime");
        assertThat(s.stopped().orElseThrow().attribute("used")).contains("7260");
    }

    @Test
    void anEmptyFileSaysNothing() {
        ChainStatus s = ChainStatus.parse("");
        assertThat(s.links()).isEmpty();
        assertThat(s.stopReason()).isEmpty();
        assertThat(s.exitCode("1")).isEmpty();
    }
}
