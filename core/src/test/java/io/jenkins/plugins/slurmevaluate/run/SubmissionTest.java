package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.script.RenderedFile;
import io.jenkins.plugins.slurmevaluate.script.RenderedTask;
import io.jenkins.plugins.slurmevaluate.state.ClusterRef;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmissionTest {

    @TempDir
    Path tmp;

    @Test
    void dryRunFilesGoUnderTheGivenDirectoryByTaskDirectoryName() throws Exception {
        String taskDir = "/lustre/evals/20261125_090000-0123456789abcdef/gsm8k.1";
        RenderedTask t = new RenderedTask(new RenderedFile(taskDir + "/run.sub", "#!/bin/bash\n".getBytes(StandardCharsets.UTF_8), 0644),
                Optional.of(new RenderedFile(taskDir + "/.secrets.env", "HF_TOKEN_ab12_X='s3cret'\n".getBytes(StandardCharsets.UTF_8), 0600)),
                "HF_TOKEN_ab12_X='***'\n", List.of());
        RunRecord r = new RunRecord(RunRecord.SCHEMA, "0123456789abcdef", Instant.now(), new ClusterRef(null, "h", 22, "u", false),
                "x.yaml", "/lustre/evals/x", List.of(), List.of(), null, RunRecord.Phase.SUBMITTING, List.of(), null, null);
        Path out = tmp.resolve("out");

        new Submission(r, List.of(t), List.of(), List.of(), List.of("s3cret")).writeDryRunFiles(out);

        assertThat(Files.readString(out.resolve("gsm8k.1/run.sub"))).isEqualTo("#!/bin/bash\n");
        assertThat(Files.readString(out.resolve("gsm8k.1/.secrets.env.redacted"))).isEqualTo("HF_TOKEN_ab12_X='***'\n");
        assertThat(Path.of("gsm8k.1")).doesNotExist(); // not in the working directory
    }
}
