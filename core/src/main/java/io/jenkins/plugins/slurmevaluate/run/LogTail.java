package io.jenkins.plugins.slurmevaluate.run;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads the new bytes of many remote log files in one command: for each (logs directory, job id) it finds the
 * link's files ({@code slurm-<id>.log}, {@code client-<id>.log}, {@code server-<g>-<id>-<rank>.log}, …) and
 * returns, per file, at most {@code maxBytes} from the given offset. One round trip per poll, whatever the number
 * of files, and the bytes come back length-framed, so any content (binary, partial UTF-8) survives.
 */
final class LogTail {

    /** One link whose logs are wanted: the task's logs directory and the link's job id. */
    record Link(String logsDir, String jobId) {}

    /** New bytes of one file: {@code bytes} start at {@code offset}; {@code size} is the file's size when read. */
    record Chunk(String path, long offset, long size, byte[] bytes) {}

    // argv: MAX NLINKS dir1 id1 ... then path=offset pairs for files read before. Output per file:
    // "F <size> <offset> <n> <path>\n" followed by exactly n bytes.
    private static final String SCRIPT = String.join("\n",
            "max=$1; n=$2; shift 2",
            "links=(); for ((i=0; i<n; i++)); do links+=(\"$1\" \"$2\"); shift 2; done",
            "declare -A off; for kv in \"$@\"; do off[\"${kv%=*}\"]=${kv##*=}; done",
            "shopt -s nullglob",
            "for ((i=0; i<${#links[@]}; i+=2)); do",
            "  d=${links[i]}; id=${links[i+1]}",
            "  for f in \"$d\"/*-\"$id\".log \"$d\"/*-\"$id\"-*.log; do",
            "    [ -f \"$f\" ] || continue",
            "    size=$(stat -c %s -- \"$f\") || continue",
            "    o=${off[$f]:-0}; k=$((size - o)); [ \"$k\" -gt \"$max\" ] && k=$max; [ \"$k\" -lt 0 ] && k=0",
            "    printf 'F %s %s %s %s\\n' \"$size\" \"$o\" \"$k\" \"$f\"",
            "    if [ \"$k\" -gt 0 ]; then tail -c +$((o + 1)) -- \"$f\" | head -c \"$k\"; fi",
            "  done",
            "done");

    private LogTail() {}

    static List<Chunk> read(RemoteHost host, List<Link> links, Map<String, Long> offsets, int maxBytes, Duration timeout)
            throws IOException {
        if (links.isEmpty()) {
            return List.of();
        }
        List<String> argv = new ArrayList<>(List.of("bash", "-c", SCRIPT, "logtail", String.valueOf(maxBytes),
                String.valueOf(links.size())));
        for (Link l : links) {
            argv.add(l.logsDir());
            argv.add(l.jobId());
        }
        offsets.forEach((path, offset) -> argv.add(path + "=" + offset));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult r = host.execStreaming(argv, out, timeout);
        if (!r.ok()) {
            throw new IOException("reading logs on " + host.describe() + " failed (exit " + r.exitCode() + "): " + r.stderr().strip());
        }
        return parse(out.toByteArray());
    }

    /**
     * Parses the framed output. A file that shrank (it was rotated or recreated) restarts at offset 0 on the next
     * read because the script reports its size and the caller sees {@code size < offset}.
     */
    static List<Chunk> parse(byte[] out) throws IOException {
        List<Chunk> chunks = new ArrayList<>();
        int pos = 0;
        while (pos < out.length) {
            int nl = indexOf(out, (byte) '\n', pos);
            if (nl < 0) {
                throw new IOException("truncated log-tail header at byte " + pos);
            }
            String header = new String(out, pos, nl - pos, StandardCharsets.UTF_8);
            String[] f = header.split(" ", 5);
            if (f.length != 5 || !f[0].equals("F")) {
                throw new IOException("malformed log-tail header: " + header);
            }
            long size = Long.parseLong(f[1]);
            long offset = Long.parseLong(f[2]);
            int n = Integer.parseInt(f[3]);
            int start = nl + 1;
            if (start + n > out.length) {
                throw new IOException("log-tail output ends inside " + f[4]);
            }
            chunks.add(new Chunk(f[4], offset, size, Arrays.copyOfRange(out, start, start + n)));
            pos = start + n;
        }
        return chunks;
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
