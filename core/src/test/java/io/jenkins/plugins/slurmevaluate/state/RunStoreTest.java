package io.jenkins.plugins.slurmevaluate.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {

    @TempDir
    Path tmp;

    static RunRecord sample(String id) {
        TaskRecord t = TaskRecord.planned("hellaswag", 0, "/evals/20261125_090000-" + id + "/hellaswag.0", "acct-x.hellaswag.0-" + id)
                .withJobIds(List.of("12", "13"))
                .withState("RUNNING")
                .withLogOffset("/evals/x/logs/slurm-12.log", 4096);
        return new RunRecord(RunRecord.SCHEMA, id, Instant.parse("2026-11-25T09:00:00Z"),
                new ClusterRef("dgx", "login.example.com", 22, "alice", false), "eval.yaml", "/evals/x",
                List.of("HF_TOKEN"), List.of("hellaswag.acc_norm >= 0.80"), null, RunRecord.Phase.WATCHING,
                List.of(t), null, null);
    }

    @Test
    void recordsSurviveAJsonRoundTrip() throws Exception {
        RunRecord r = sample("0123456789abcdef");
        assertThat(RunRecordJson.read(RunRecordJson.write(r))).isEqualTo(r);
    }

    @Test
    void recordsSurviveJavaSerializationAsAJenkinsStepFieldWould() throws Exception {
        RunRecord r = sample("0123456789abcdef");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(r);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(r);
        }
    }

    @Test
    void aNewerFormatIsRefusedWithAnUpgradeHint() {
        byte[] json = "{\"schema\":99,\"invocationId\":\"0123456789abcdef\",\"cluster\":{},\"phase\":\"DONE\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> RunRecordJson.read(json)).hasMessageContaining("upgrade slurm-evaluate");
    }

    @Test
    void storeFindsByUniquePrefixAndRejectsAmbiguousOnes() throws Exception {
        RunStore store = RunStore.inDirectory(tmp.resolve("runs"));
        store.save(sample("aaaa000000000001"));
        store.save(sample("aaaa000000000002"));
        store.save(sample("bbbb000000000003"));
        assertThat(store.find("bbbb")).get().extracting(RunRecord::invocationId).isEqualTo("bbbb000000000003");
        assertThat(store.find("cccc")).isEmpty();
        assertThatThrownBy(() -> store.find("aaaa")).hasMessageContaining("ambiguous")
                .hasMessageContaining("aaaa000000000001").hasMessageContaining("aaaa000000000002");
        assertThatThrownBy(() -> store.find("../etc")).hasMessageContaining("not an invocation id");
        assertThat(store.list()).hasSize(3);
    }

    @Test
    void savedFilesAreOwnerOnlyAndReplacedAtomically() throws Exception {
        Path dir = tmp.resolve("runs");
        RunStore store = RunStore.inDirectory(dir);
        RunRecord r = sample("0123456789abcdef");
        store.save(r);
        store.save(r.withPhase(RunRecord.Phase.DONE, "all tasks completed"));
        Path file = dir.resolve("0123456789abcdef.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("0123456789abcdef.json");
        }
        assertThat(store.find("0123456789abcdef")).get().extracting(RunRecord::phase).isEqualTo(RunRecord.Phase.DONE);
    }

    @Test
    void beforeCommitRunsWhenTheNewVersionIsWrittenButTheOldOneIsStillInPlace() throws Exception {
        RunStore store = RunStore.inDirectory(tmp.resolve("runs"));
        RunRecord r = sample("0123456789abcdef");
        store.save(r);
        List<RunRecord.Phase> seen = new java.util.ArrayList<>();
        store.save(r.withPhase(RunRecord.Phase.DONE, "done"), () -> {
            try {
                seen.add(store.find("0123456789abcdef").orElseThrow().phase());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(seen).containsExactly(RunRecord.Phase.WATCHING);
        assertThat(store.find("0123456789abcdef")).get().extracting(RunRecord::phase).isEqualTo(RunRecord.Phase.DONE);
    }

    @Test
    void logOffsetsOnlyMoveForward() {
        TaskRecord t = TaskRecord.planned("t", 0, "/d", "j").withLogOffset("/d/logs/a", 100);
        assertThat(t.withLogOffset("/d/logs/a", 50).logOffset("/d/logs/a")).isEqualTo(100);
        assertThat(t.withLogOffset("/d/logs/a", 150).logOffset("/d/logs/a")).isEqualTo(150);
        assertThat(t.logOffsets()).isEqualTo(Map.of("/d/logs/a", 100L));
    }

    @Test
    void jobIdsAreMergedInOrderWithoutDuplicates() {
        TaskRecord t = TaskRecord.planned("t", 0, "/d", "j").withJobIds(List.of("5")).withJobIds(List.of("5", "7", "9"));
        assertThat(t.jobIds()).containsExactly("5", "7", "9");
        assertThat(t.currentJobId()).isEqualTo("9");
    }
}
