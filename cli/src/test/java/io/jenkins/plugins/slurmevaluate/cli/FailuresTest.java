package io.jenkins.plugins.slurmevaluate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.results.gate.Gates;
import io.jenkins.plugins.slurmevaluate.results.gate.GateSyntaxException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailuresTest {

    @ParameterizedTest
    @CsvSource({"PASS,0", "FAIL,1", "INCONCLUSIVE,3", "ERROR,4", "'',4"})
    void verdictsMapToTheirExitCodes(String verdict, int code) {
        assertThat(ExitCode.ofVerdict(verdict)).isEqualTo(code);
    }

    @Test
    void anUnreachableClusterIsAnInfrastructureError() {
        CliFailure f = Failures.of(new ConnectException("cannot connect to alice@login1:22: Connection refused"));
        assertThat(f.exitCode()).isEqualTo(ExitCode.INFRASTRUCTURE);
        assertThat(f.getMessage()).isEqualTo("cannot connect to alice@login1:22: Connection refused");
    }

    @Test
    void aGateTypoIsInvalidUsage() {
        GateSyntaxException e = null;
        try {
            Gates.parse(java.util.List.of("x.y =< 1"));
        } catch (GateSyntaxException g) {
            e = g;
        }
        assertThat(Failures.of(e).exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(Failures.of(e).getMessage()).startsWith("invalid --gate: gate 1 of 1:");
    }

    @Test
    void aCliFailureKeepsItsCodeAndABugIsAnInternalError() {
        assertThat(Failures.of(new CliFailure(ExitCode.EVALUATION_ERROR, "x")).exitCode()).isEqualTo(ExitCode.EVALUATION_ERROR);
        assertThat(Failures.of(new IllegalStateException("oops")).exitCode()).isEqualTo(Failures.INTERNAL);
        assertThat(Failures.of(new InterruptedException()).exitCode()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(Failures.of(new IOException("disk")).exitCode()).isEqualTo(ExitCode.INFRASTRUCTURE);
    }
}
