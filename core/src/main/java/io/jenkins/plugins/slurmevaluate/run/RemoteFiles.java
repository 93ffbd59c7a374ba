package io.jenkins.plugins.slurmevaluate.run;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads many small remote files in one command: for every directory, each of a set of relative names or globs
 * ({@code .chain_status}, {@code .jobs/*}), and every existing regular file it names comes back with its content
 * (at most {@code maxBytes} of it, from the start). Missing files are simply absent from the result. Used for the
 * chain files of every watched task at once.
 */
final class RemoteFiles {

    private static final Pattern RELATIVE = Pattern.compile("[A-Za-z0-9._*-]+(/[A-Za-z0-9._*-]+)*");

    // argv: MAX NPATTERNS pattern... dir... ; output per file: "F <n> <path>\n" + n bytes.
    // Directories are expanded quoted (literal), only our own relative patterns are globbed.
    private static final String SCRIPT = String.join("\n",
            "max=$1; np=$2; shift 2",
            "pats=(\"${@:1:np}\"); shift \"$np\"",
            "shopt -s nullglob; IFS=",
            "for d in \"$@\"; do",
            "  for p in \"${pats[@]}\"; do",
            "    for f in \"$d\"/$p; do",
            "      [ -f \"$f\" ] || continue",
            "      size=$(stat -c %s -- \"$f\") || continue",
            "      [ \"$size\" -gt \"$max\" ] && size=$max",
            "      printf 'F %s %s\\n' \"$size\" \"$f\"; head -c \"$size\" -- \"$f\"",
            "    done",
            "  done",
            "done");

    private RemoteFiles() {}

    /**
     * @param dirs absolute directories, taken literally
     * @param relativePatterns names relative to each directory; only {@code [A-Za-z0-9._-]}, {@code /} and the
     *     glob {@code *}
     * @return file path → content, for the files that exist
     */
    static Map<String, String> read(RemoteHost host, List<String> dirs, List<String> relativePatterns, int maxBytes,
            Duration timeout) throws IOException {
        if (dirs.isEmpty() || relativePatterns.isEmpty()) {
            return Map.of();
        }
        List<String> argv = new ArrayList<>(List.of("bash", "-c", SCRIPT, "remotefiles", String.valueOf(maxBytes),
                String.valueOf(relativePatterns.size())));
        for (String p : relativePatterns) {
            if (!RELATIVE.matcher(p).matches() || java.util.Arrays.asList(p.split("/")).contains("..")) {
                throw new IllegalArgumentException("not a safe relative pattern: " + p);
            }
            argv.add(p);
        }
        argv.addAll(dirs);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult r = host.execStreaming(argv, out, timeout);
        if (!r.ok()) {
            throw new IOException("reading files on " + host.describe() + " failed (exit " + r.exitCode() + "): " + r.stderr().strip());
        }
        return parse(out.toByteArray());
    }

    static Map<String, String> parse(byte[] out) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        int pos = 0;
        while (pos < out.length) {
            int nl = pos;
            while (nl < out.length && out[nl] != '\n') {
                nl++;
            }
            String header = new String(out, pos, nl - pos, StandardCharsets.UTF_8);
            String[] f = header.split(" ", 3);
            if (nl >= out.length || f.length != 3 || !f[0].equals("F")) {
                throw new IOException("malformed remote-files header: " + header);
            }
            int n = Integer.parseInt(f[1]);
            int start = nl + 1;
            if (start + n > out.length) {
                throw new IOException("remote-files output ends inside " + f[2]);
            }
            files.put(f[2], new String(out, start, n, StandardCharsets.UTF_8));
            pos = start + n;
        }
        return files;
    }
}
