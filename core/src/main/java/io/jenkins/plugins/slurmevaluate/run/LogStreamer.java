package io.jenkins.plugins.slurmevaluate.run;

import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import io.jenkins.plugins.slurmevaluate.state.TaskRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies the remote logs of an invocation into a {@link LogSink}, each byte exactly once.
 *
 * <p>Each log file has a byte offset in the {@link RunRecord}. Only complete lines are printed and the offset
 * advances past them only; a line still being written is read again on the next poll. So after a dropped
 * connection, or in a new process that re-attaches with the saved record, streaming goes on exactly where it
 * stopped. When a chain has stopped its files are final, and a last line without a newline is printed too.
 *
 * <p>Per task it follows the newest two links of the chain: the current one, and the previous one, whose last
 * lines may still arrive after its successor has started; and the auto-export job, once queued.
 */
final class LogStreamer {

    /** Bytes read per file per poll by default; a line longer than this is printed in pieces. */
    static final int MAX_BYTES = 1 << 20;

    private final RemoteHost host;
    private final LogSink sink;
    private final Duration timeout;
    private final int maxBytes;

    LogStreamer(RemoteHost host, LogSink sink, Duration timeout) {
        this(host, sink, timeout, MAX_BYTES);
    }

    LogStreamer(RemoteHost host, LogSink sink, Duration timeout, int maxBytes) {
        this.host = host;
        this.sink = sink;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    /** Prints what is new and returns the record with the offsets moved past what was printed. */
    RunRecord poll(RunRecord record) throws IOException {
        Request r = request(record);
        return apply(record, LogTail.read(host, r.links(), r.offsets(), maxBytes, timeout));
    }

    /** What to read for a record: its links and the offsets of their files. */
    record Request(List<LogTail.Link> links, Map<String, Long> offsets) {}

    /** The newest two links of every task of the record, and the offsets printed so far. */
    static Request request(RunRecord record) {
        List<LogTail.Link> links = new ArrayList<>();
        Map<String, Long> offsets = new HashMap<>();
        for (TaskRecord t : record.tasks()) {
            List<String> ids = t.jobIds();
            for (String id : ids.subList(Math.max(0, ids.size() - 2), ids.size())) {
                links.add(new LogTail.Link(t.taskDir() + "/logs", id));
            }
            if (t.export() != null && t.export().jobId() != null) { // logs/export-<id>.log
                links.add(new LogTail.Link(t.taskDir() + "/logs", t.export().jobId()));
            }
            offsets.putAll(t.logOffsets());
        }
        return new Request(links, offsets);
    }

    /**
     * Prints the chunks that belong to the record's tasks (others are skipped, so the chunks of one read shared by
     * several records can be handed to each) and returns the record with the offsets moved past what was printed.
     */
    RunRecord apply(RunRecord record, List<LogTail.Chunk> chunks) {
        Map<String, Integer> taskOfDir = new HashMap<>();
        for (int i = 0; i < record.tasks().size(); i++) {
            taskOfDir.put(record.tasks().get(i).taskDir() + "/logs", i);
        }
        RunRecord updated = record;
        for (LogTail.Chunk c : chunks) {
            int slash = c.path().lastIndexOf('/');
            Integer index = taskOfDir.get(c.path().substring(0, slash));
            if (index == null) {
                continue;
            }
            TaskRecord task = updated.tasks().get(index);
            long consumed = print(task, c, task.chainStopped());
            updated = updated.withTask(index, t -> t.withLogOffset(c.path(), c.offset() + consumed));
        }
        return updated;
    }

    /** Prints the complete lines of the chunk (all of it when {@code fileIsFinal}) and returns the bytes used. */
    private long print(TaskRecord task, LogTail.Chunk c, boolean fileIsFinal) {
        byte[] b = c.bytes();
        String name = c.path().substring(c.path().lastIndexOf('/') + 1);
        String source = name.endsWith(".log") ? name.substring(0, name.length() - 4) : name;
        int lineStart = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                emit(task, source, b, lineStart, i);
                lineStart = i + 1;
            }
        }
        boolean atEnd = c.offset() + b.length >= c.size();
        boolean rest = lineStart < b.length;
        // a full buffer without a newline would never progress: print it as a piece of a long line
        if (rest && ((fileIsFinal && atEnd) || (lineStart == 0 && b.length == maxBytes))) {
            emit(task, source, b, lineStart, b.length);
            lineStart = b.length;
        }
        return lineStart;
    }

    private void emit(TaskRecord task, String source, byte[] b, int from, int to) {
        int end = to > from && b[to - 1] == '\r' ? to - 1 : to;
        sink.remoteLine(task.id(), source, new String(b, from, end - from, StandardCharsets.UTF_8));
    }
}
