package io.jenkins.plugins.slurmevaluate.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The small POSIX sh programs behind the SSH adapter's file operations, as argv tokens. Each script is a constant;
 * paths and numbers reach it only as positional parameters ({@code "$1"}), so no value is ever parsed as shell code.
 * The SSH adapter quotes the argv with {@code Shell.join} like any other command.
 */
final class RemoteScripts {

    /** Exit status of the read script when the file does not exist. */
    static final int MISSING = 3;

    /**
     * Creates the directory (with the user's umask), then writes stdin to a temporary file that {@code mktemp}
     * creates with mode 0600 next to the target, sets the requested mode and renames it over the target. So the
     * target never exists with a wider mode or partial content, and a failure leaves no temporary file behind.
     */
    private static final String WRITE = String.join("\n",
            "set -e",
            "mkdir -p \"$1\"",
            "umask 077",
            "tmp=$(mktemp \"$2.XXXXXXXXXX\")",
            "trap 'rm -f \"$tmp\"' EXIT",
            "cat >\"$tmp\"",
            "chmod \"$3\" \"$tmp\"",
            "mv -f \"$tmp\" \"$2\"",
            "trap - EXIT");

    /**
     * {@link #WRITE} for many files of one mode: {@code $1} is the mode, then a (parent, path, size) triple per file;
     * standard input holds the contents one after the other. Each file's parent is created with the user's umask, then
     * the file goes through its own {@code mktemp} (umask 077), gets exactly its size in bytes, its mode, and is
     * renamed over its target. A short input fails the command before that file is renamed, and the temporary
     * file of a failure is removed.
     */
    private static final String WRITE_MANY = String.join("\n",
            "set -e",
            "mode=$1; shift",
            "u=$(umask)",
            "tmp=",
            "trap '[ -z \"$tmp\" ] || rm -f \"$tmp\"' EXIT",
            "while [ $# -ge 3 ]; do",
            "  umask \"$u\"; mkdir -p \"$1\"; umask 077",
            "  tmp=$(mktemp \"$2.XXXXXXXXXX\")",
            "  head -c \"$3\" >\"$tmp\"",
            "  got=$(wc -c <\"$tmp\")",
            "  [ $((got)) -eq \"$3\" ] || { echo \"input ended after $((got)) of $3 bytes of $2\" >&2; exit 5; }",
            "  chmod \"$mode\" \"$tmp\"",
            "  mv -f \"$tmp\" \"$2\"",
            "  tmp=",
            "  shift 3",
            "done");

    /**
     * Prints the file's size on the first line, then at most {@code $3} bytes from offset {@code $2}, never beyond
     * that size, so the chunk and the size are consistent even while the file grows. {@code tail -c +N} seeks on a
     * regular file, so reading the end of a large log costs the same as reading a small one.
     */
    private static final String READ = String.join("\n",
            "[ -e \"$1\" ] || exit " + MISSING,
            "size=$(wc -c <\"$1\") || exit 4",
            "size=$((size))",
            "echo \"$size\"",
            "[ \"$2\" -lt \"$size\" ] || exit 0",
            "n=$((size - $2))",
            "[ \"$n\" -le \"$3\" ] || n=$3",
            "tail -c +$(($2 + 1)) \"$1\" | head -c \"$n\"");

    private RemoteScripts() {}

    /** argv that writes its standard input to {@code path} with permission bits {@code mode}. */
    static List<String> writeFile(String path, int mode) {
        String file = safePath(path);
        checkMode(mode);
        return List.of("sh", "-c", WRITE, "slurm-evaluate-write", parent(file), file, Integer.toOctalString(mode));
    }

    /**
     * argv that writes its standard input, split by {@code sizes}, to {@code paths} (same order) with permission
     * bits {@code mode}.
     */
    static List<String> writeFiles(List<String> paths, List<Integer> sizes, int mode) {
        if (paths.size() != sizes.size()) {
            throw new IllegalArgumentException(paths.size() + " paths but " + sizes.size() + " sizes");
        }
        checkMode(mode);
        List<String> argv = new java.util.ArrayList<>(List.of("sh", "-c", WRITE_MANY, "slurm-evaluate-write", Integer.toOctalString(mode)));
        for (int i = 0; i < paths.size(); i++) {
            String file = safePath(paths.get(i));
            argv.add(parent(file));
            argv.add(file);
            argv.add(Integer.toString(sizes.get(i)));
        }
        return argv;
    }

    private static void checkMode(int mode) {
        if (mode < 0 || mode > 0777) {
            throw new IllegalArgumentException("file mode must be between 0 and 0777, not 0" + Integer.toOctalString(mode));
        }
    }

    /** argv that prints the size of {@code path} and up to {@code maxBytes} from {@code offset}; exits 3 if missing. */
    static List<String> readFile(String path, long offset, int maxBytes) {
        if (offset < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("offset and maxBytes must not be negative: " + offset + ", " + maxBytes);
        }
        return List.of("sh", "-c", READ, "slurm-evaluate-read", safePath(path), Long.toString(offset),
                Integer.toString(maxBytes));
    }

    /** Splits the read script's output into the size line and the bytes after it. */
    static FileChunk parseRead(byte[] output) throws IOException {
        int nl = 0;
        while (nl < output.length && output[nl] != '\n') {
            nl++;
        }
        String sizeText = new String(output, 0, nl, StandardCharsets.US_ASCII).trim();
        if (nl == output.length || !sizeText.matches("[0-9]{1,19}")) {
            String start = new String(output, 0, Math.min(output.length, 80), StandardCharsets.UTF_8);
            throw new IOException("unexpected output from the file read script: '" + start + "'");
        }
        return new FileChunk(Arrays.copyOfRange(output, nl + 1, output.length), Long.parseLong(sizeText));
    }

    /**
     * Refuses what cannot name a file and makes a relative path start with {@code ./}, so that no tool reads it as an
     * option. Relative paths are relative to the login directory; {@code ~} is not expanded.
     */
    static String safePath(String path) {
        if (path == null || path.isEmpty() || path.endsWith("/") || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a file path: '" + path + "'");
        }
        return path.startsWith("/") || path.startsWith("./") ? path : "./" + path;
    }

    /** The directory part of a path made by {@link #safePath}. */
    static String parent(String safePath) {
        int slash = safePath.lastIndexOf('/');
        return slash == 0 ? "/" : safePath.substring(0, slash);
    }
}
