package io.jenkins.plugins.slurmevaluate.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SbatchParserTest {

    private static final String SCRIPT = "/home/u/runs/t0/run.sub";

    @ParameterizedTest
    @ValueSource(strings = {
        "4\n", // sbatch --parsable on the test bed
        "4;testbed\n", // multi-cluster or federation
        "  4  \n",
        "Welcome to the cluster!\nYour quota: 80% used\n4\n", // a site banner before the id
        "Submitted batch job 4\n" // a wrapper that dropped --parsable
    })
    void theJobIdIsReadFromStdout(String stdout) throws Exception {
        assertThat(SbatchParser.jobId(new ExecResult(0, stdout, ""), SCRIPT)).isEqualTo("4");
    }

    @Test
    void aRefusedSubmissionCarriesSlurmsReasonTheScriptAndTheOutput() {
        String stderr = "sbatch: error: invalid partition specified: nosuchpart\n"
                + "sbatch: error: Batch job submission failed: Invalid partition name specified\n";
        assertThatThrownBy(() -> SbatchParser.jobId(new ExecResult(1, "", stderr), SCRIPT))
                .isInstanceOfSatisfying(SubmissionFailedException.class, e -> {
                    assertThat(e.scriptPath()).isEqualTo(SCRIPT);
                    assertThat(e.exitCode()).isEqualTo(1);
                    assertThat(e.stderr()).isEqualTo(stderr);
                    assertThat(e.stdout()).isEmpty();
                    assertThat(e.maybeSubmitted()).isFalse();
                })
                .hasMessage("sbatch refused " + SCRIPT + " (exit 1): sbatch: error: invalid partition specified: "
                        + "nosuchpart / sbatch: error: Batch job submission failed: Invalid partition name specified");
    }

    @Test
    void aControllerTimeoutMayStillHaveCreatedTheJob() {
        String stderr = "sbatch: error: Batch job submission failed: Socket timed out on send/recv operation\n";
        assertThatThrownBy(() -> SbatchParser.jobId(new ExecResult(1, "", stderr), SCRIPT))
                .isInstanceOfSatisfying(SubmissionFailedException.class, e -> assertThat(e.maybeSubmitted()).isTrue())
                .hasMessageEndingWith("the job may exist anyway: check squeue before submitting again");
    }

    @Test
    void successWithoutAJobIdMayStillHaveCreatedTheJob() {
        assertThatThrownBy(() -> SbatchParser.jobId(new ExecResult(0, "something else\n", ""), SCRIPT))
                .isInstanceOfSatisfying(SubmissionFailedException.class, e -> assertThat(e.maybeSubmitted()).isTrue())
                .hasMessage("sbatch exited 0 but printed no job id for " + SCRIPT + " (stdout: 'something else'); "
                        + "a job may exist: check squeue before submitting again");
    }

    @Test
    void aPluginThatIsMissingShowsUpAsARefusal() {
        // the test bed without the Pyxis SPANK plugin: sbatch rejects --container-image with exit 255
        String stderr = "sbatch: unrecognized option '--container-image=x'\nTry \"sbatch --help\" for more information\n";
        assertThatThrownBy(() -> SbatchParser.jobId(new ExecResult(255, "", stderr), SCRIPT))
                .isInstanceOf(SubmissionFailedException.class)
                .hasMessageContaining("(exit 255): sbatch: unrecognized option '--container-image=x'");
    }
}
