package io.jenkins.plugins.slurmevaluate.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TestbedTest {

    @Test
    void theEnvFileIsReadAsKeyValueLinesSkippingCommentsAndBlanks() {
        Map<String, String> values = Testbed.parse("""
                # written by testbed/up.sh
                TESTBED_SSH_HOST=127.0.0.1

                TESTBED_SSH_PORT = 2222
                TESTBED_ODD=a=b
                not a setting
                """);
        assertThat(values).containsExactly(
                Map.entry("TESTBED_SSH_HOST", "127.0.0.1"),
                Map.entry("TESTBED_SSH_PORT", "2222"),
                Map.entry("TESTBED_ODD", "a=b"));
    }
}
