package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.run.LogSink;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Masks the secrets in downloaded job logs before they are published: the build log shows a job's echo of a secret
 * as {@code ****}, and the archived copy of that job log must not show it in clear. Line by line, streaming; a line
 * that is not UTF-8 is matched byte for byte as Latin-1 (which still finds ASCII secrets) and otherwise kept as it was.
 */
final class MaskedFiles {

    private MaskedFiles() {}

    /** Rewrites every file under a {@code logs} directory below {@code root} through {@code masked}. */
    static int maskLogs(Path root, LogSink masked) throws IOException {
        if (root == null || !Files.isDirectory(root)) {
            return 0;
        }
        List<Path> logs;
        try (Stream<Path> walk = Files.walk(root)) {
            logs = walk.filter(Files::isRegularFile).filter(f -> f.getParent().getFileName().toString().equals("logs"))
                    .toList();
        }
        int changed = 0;
        for (Path log : logs) {
            if (mask(log, masked)) {
                changed++;
            }
        }
        return changed;
    }

    /** @return whether anything was masked */
    static boolean mask(Path file, LogSink masked) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".masking");
        boolean changed = false;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                line.write(b);
                if (b == '\n') {
                    changed |= writeMasked(line.toByteArray(), out, masked);
                    line.reset();
                }
            }
            changed |= writeMasked(line.toByteArray(), out, masked);
        }
        if (changed) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(tmp);
        }
        return changed;
    }

    private static boolean writeMasked(byte[] line, OutputStream out, LogSink masked) throws IOException {
        if (line.length == 0) {
            return false;
        }
        byte[] result;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line)).toString();
            String m = masked.mask(text);
            result = m.equals(text) ? line : m.getBytes(StandardCharsets.UTF_8);
        } catch (CharacterCodingException notUtf8) {
            String text = new String(line, StandardCharsets.ISO_8859_1);
            String m = masked.mask(text);
            result = m.equals(text) ? line : m.getBytes(StandardCharsets.ISO_8859_1);
        }
        out.write(result);
        return result != line;
    }
}
