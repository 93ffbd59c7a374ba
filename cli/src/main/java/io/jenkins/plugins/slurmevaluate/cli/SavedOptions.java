package io.jenkins.plugins.slurmevaluate.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What {@code run} was told that the run record does not hold, kept next to it as {@code <id>.cli.properties}, so
 * that {@code logs -f}, {@code resume} and {@code kill} from another shell (or after a crash) connect, mask and gate
 * the same way without repeating every flag. A flag given again wins. Paths only, never a secret.
 *
 * @param resultsDir where artifacts and reports go (absolute)
 * @param maxRegression {@code --max-regression} as written, or null
 * @param strict {@code --strict}
 * @param envFile the env file whose values are masked, or null
 * @param connection the SSH options given ({@code --identity}, {@code --known-hosts}, {@code --ssh-config},
 *     {@code --accept-new-host-key}); host, user, port and --local are in the record's cluster
 */
record SavedOptions(Path resultsDir, String maxRegression, boolean strict, Path envFile, ConnectionRequest connection) {

    static Path file(Path stateDir, String invocationId) {
        return stateDir.resolve(invocationId + ".cli.properties");
    }

    void write(Path stateDir, String invocationId) throws IOException {
        Properties p = new Properties();
        put(p, "resultsDir", resultsDir);
        put(p, "maxRegression", maxRegression);
        put(p, "strict", strict ? "true" : null);
        put(p, "envFile", envFile);
        put(p, "identity", connection.identity());
        put(p, "knownHosts", connection.knownHosts());
        put(p, "sshConfig", connection.sshConfig());
        put(p, "acceptNewHostKey", connection.acceptNewHostKey() ? "true" : null);
        Files.createDirectories(stateDir);
        try (Writer w = Files.newBufferedWriter(file(stateDir, invocationId), StandardCharsets.UTF_8)) {
            p.store(w, "slurm-evaluate run options of " + invocationId);
        }
    }

    /** Removes the file of a run that never reached the cluster. */
    static void delete(Path stateDir, String invocationId) {
        try {
            Files.deleteIfExists(file(stateDir, invocationId));
        } catch (IOException e) {
            // a stray options file is harmless: no record refers to it
        }
    }

    /** The saved options, or none (all null) for a run whose file is missing. */
    static SavedOptions read(Path stateDir, String invocationId) throws IOException {
        Properties p = new Properties();
        Path f = file(stateDir, invocationId);
        if (Files.isRegularFile(f)) {
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        ConnectionRequest c = new ConnectionRequest(null, null, null, path(p, "identity"), path(p, "knownHosts"),
                "true".equals(p.getProperty("acceptNewHostKey")), path(p, "sshConfig"), false);
        return new SavedOptions(path(p, "resultsDir"), p.getProperty("maxRegression"), "true".equals(p.getProperty("strict")),
                path(p, "envFile"), c);
    }

    /** The flags given now, with the saved ones filling what was not given. */
    ConnectionRequest under(ConnectionRequest flags) {
        return new ConnectionRequest(flags.host(), flags.user(), flags.port(),
                flags.identity() != null ? flags.identity() : connection.identity(),
                flags.knownHosts() != null ? flags.knownHosts() : connection.knownHosts(),
                flags.acceptNewHostKey() || connection.acceptNewHostKey(),
                flags.sshConfig() != null ? flags.sshConfig() : connection.sshConfig(), flags.local());
    }

    private static void put(Properties p, String key, Object value) {
        if (value != null) {
            p.setProperty(key, value.toString());
        }
    }

    private static Path path(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null ? null : Path.of(v);
    }
}
