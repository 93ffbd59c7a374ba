package io.jenkins.plugins.slurmevaluate.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One task of an invocation and its chain of Slurm jobs.
 *
 * @param name the task name as configured ({@code hellaswag}, {@code lm-evaluation-harness.mmlu})
 * @param index its position in {@code evaluation.tasks}
 * @param taskDir the remote task directory ({@code TaskLayout.taskDir()})
 * @param jobName the Slurm job name shared by every link of the chain; also the submit token
 * @param jobIds the chain's job ids in submission order (the first one submitted by us, the rest by the jobs)
 * @param state the last Slurm state seen for the newest link ({@code PENDING}, {@code RUNNING}, …), or null
 * @param stop how the chain ended ({@code completed}, {@code failed}, {@code max_walltime}, …), null while alive
 * @param stopDetail the rest of the stop event (exit code, budget figures), or null
 * @param logOffsets for each remote log file, how many bytes of it have been printed already
 * @param lastAlive when a job of the chain was last seen queued or running (or submitted), for grace periods
 * @param progress the requests the evaluator reports done ({@code artifacts/progress}, kept across links), or null
 *     when that file is absent or holds no count
 * @param export the auto-export's status; null when the task has none (and in records saved before it existed)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskRecord(
        String name,
        int index,
        String taskDir,
        String jobName,
        List<String> jobIds,
        String state,
        String stop,
        String stopDetail,
        Map<String, Long> logOffsets,
        Instant lastAlive,
        Integer progress,
        ExportStatus export)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public TaskRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(taskDir, "taskDir");
        jobIds = List.copyOf(jobIds == null ? List.of() : jobIds);
        logOffsets = logOffsets == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(logOffsets));
    }

    /** Without a count of requests done or an auto-export. */
    public TaskRecord(String name, int index, String taskDir, String jobName, List<String> jobIds, String state,
            String stop, String stopDetail, Map<String, Long> logOffsets, Instant lastAlive) {
        this(name, index, taskDir, jobName, jobIds, state, stop, stopDetail, logOffsets, lastAlive, null, null);
    }

    public static TaskRecord planned(String name, int index, String taskDir, String jobName) {
        return new TaskRecord(name, index, taskDir, jobName, List.of(), null, null, null, Map.of(), null);
    }

    public TaskRecord withExport(ExportStatus newExport) {
        return new TaskRecord(name, index, taskDir, jobName, jobIds, state, stop, stopDetail, logOffsets, lastAlive,
                progress, newExport);
    }

    /** {@code <name>.<index>}, the task's id within the invocation. */
    public String id() {
        return name + "." + index;
    }

    public boolean submitted() {
        return !jobIds.isEmpty();
    }

    public String currentJobId() {
        return jobIds.isEmpty() ? null : jobIds.get(jobIds.size() - 1);
    }

    public boolean chainStopped() {
        return stop != null;
    }

    public boolean succeeded() {
        return "completed".equals(stop);
    }

    public long logOffset(String path) {
        return logOffsets.getOrDefault(path, 0L);
    }

    public TaskRecord withProgress(Integer requestsDone) {
        return new TaskRecord(name, index, taskDir, jobName, jobIds, state, stop, stopDetail, logOffsets, lastAlive,
                requestsDone, export);
    }

    /** {@code requests done 42}, or null while the evaluator has reported no count. */
    public String requestsDone() {
        return progress == null ? null : "requests done " + progress;
    }

    /** A copy that knows of every id in {@code ids} (in order), keeping the ones it already had first. */
    public TaskRecord withJobIds(List<String> ids) {
        List<String> merged = new ArrayList<>(jobIds);
        for (String id : ids) {
            if (!merged.contains(id)) {
                merged.add(id);
            }
        }
        return new TaskRecord(name, index, taskDir, jobName, merged, state, stop, stopDetail, logOffsets, lastAlive, progress, export);
    }

    public TaskRecord withState(String newState) {
        return new TaskRecord(name, index, taskDir, jobName, jobIds, newState, stop, stopDetail, logOffsets, lastAlive, progress, export);
    }

    public TaskRecord withStop(String newStop, String newDetail) {
        return new TaskRecord(name, index, taskDir, jobName, jobIds, state, newStop, newDetail, logOffsets, lastAlive, progress, export);
    }

    public TaskRecord withLastAlive(Instant when) {
        return new TaskRecord(name, index, taskDir, jobName, jobIds, state, stop, stopDetail, logOffsets, when, progress, export);
    }

    /** A copy whose offset for {@code path} is {@code offset}; offsets only move forward. */
    public TaskRecord withLogOffset(String path, long offset) {
        if (offset <= logOffset(path)) {
            return this;
        }
        Map<String, Long> copy = new LinkedHashMap<>(logOffsets);
        copy.put(path, offset);
        return new TaskRecord(name, index, taskDir, jobName, jobIds, state, stop, stopDetail, copy, lastAlive, progress, export);
    }
}
