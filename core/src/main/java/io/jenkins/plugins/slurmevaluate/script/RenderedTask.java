package io.jenkins.plugins.slurmevaluate.script;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The files of one task directory, as rendered: upload each with its mode before the first {@code sbatch}.
 *
 * @param runScript {@code run.sub} (mode 0644: it holds no secret)
 * @param secrets {@code .secrets.env} (mode 0600), absent when no group has a {@code lit:} or {@code host:} value
 * @param redactedSecrets {@code .secrets.env} for dry runs: {@code lit:} values shown, {@code host:} values as
 *     {@code '***'}; empty text when there is no secrets file
 * @param proxyTemplates haproxy config templates (mode 0644), one per server with several instances
 * @param exportFiles the auto-export's {@code export.sbatch}, {@code artifacts/export_config.yml} and
 *     {@code artifacts/config.yml} (mode 0644, no secret); empty without auto-export
 */
public record RenderedTask(RenderedFile runScript, Optional<RenderedFile> secrets, String redactedSecrets,
        List<RenderedFile> proxyTemplates, List<RenderedFile> exportFiles) {

    public RenderedTask {
        proxyTemplates = List.copyOf(proxyTemplates);
        exportFiles = List.copyOf(exportFiles);
    }

    /** Without auto-export. */
    public RenderedTask(RenderedFile runScript, Optional<RenderedFile> secrets, String redactedSecrets,
            List<RenderedFile> proxyTemplates) {
        this(runScript, secrets, redactedSecrets, proxyTemplates, List.of());
    }

    /** {@code run.sub} as text. */
    public String runScriptText() {
        return new String(runScript.content(), StandardCharsets.UTF_8);
    }

    /** Every file to upload, secrets included. */
    public List<RenderedFile> files() {
        List<RenderedFile> all = new ArrayList<>();
        all.add(runScript);
        secrets.ifPresent(all::add);
        all.addAll(proxyTemplates);
        all.addAll(exportFiles);
        return List.copyOf(all);
    }

    /**
     * Writes every file into the local directory {@code dir} under its file name, for a dry run that keeps its
     * output. Each file is created with its mode, so {@code .secrets.env} is never readable by others, not even
     * briefly; an existing file is refused rather than overwritten with a mode it may not have.
     */
    public void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (RenderedFile file : files()) {
            Path path = dir.resolve(file.fileName());
            Files.createFile(path, PosixFilePermissions.asFileAttribute(permissions(file.mode())));
            try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.WRITE)) {
                out.write(file.content());
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, high to low
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
