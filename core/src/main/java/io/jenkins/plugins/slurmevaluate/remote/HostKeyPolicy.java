package io.jenkins.plugins.slurmevaluate.remote;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which host keys the SSH adapter trusts. The host key is what proves that we talk to the cluster and not to someone
 * in between who would read the secrets we upload, so verification is on unless {@link #noVerification()} is chosen
 * explicitly.
 *
 * <ul>
 *   <li>{@link #knownHosts(Path)}: the key must be in an OpenSSH {@code known_hosts} file (strict; the default).
 *   <li>{@link #pinned(String)}: the key must have this SHA-256 fingerprint, as {@code ssh-keygen -lf} prints it.
 *   <li>{@link #acceptFirstAndPin(Path)}: on the first connection to a host that has no key in the file, the offered
 *       key is written to the file (OpenSSH's {@code accept-new}); from then on the file is strict.
 *   <li>{@link #noVerification()}: any key is accepted, and every connection logs a warning.
 * </ul>
 */
public final class HostKeyPolicy {

    /** The four strategies. */
    public enum Kind {
        KNOWN_HOSTS,
        PINNED,
        ACCEPT_FIRST_AND_PIN,
        NO_VERIFICATION
    }

    /** "SHA256:" and 43 characters of unpadded base64 (32 bytes); a trailing '=' is tolerated and dropped. */
    private static final Pattern SHA256_FINGERPRINT = Pattern.compile("SHA256:([A-Za-z0-9+/]{43})=?");

    private final Kind kind;
    private final Path knownHostsFile;
    private final String fingerprint;

    private HostKeyPolicy(Kind kind, Path knownHostsFile, String fingerprint) {
        this.kind = kind;
        this.knownHostsFile = knownHostsFile;
        this.fingerprint = fingerprint;
    }

    /** Trust only the keys in this OpenSSH {@code known_hosts} file (hashed host names and {@code [host]:port} work). */
    public static HostKeyPolicy knownHosts(Path file) {
        return new HostKeyPolicy(Kind.KNOWN_HOSTS, Objects.requireNonNull(file, "file"), null);
    }

    /**
     * Trust only the key with this fingerprint, for example {@code SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s}.
     * The server offers its ed25519 key first when it has one (then ECDSA, then RSA), so pin that one.
     *
     * @throws IllegalArgumentException if the text is not a SHA-256 fingerprint (MD5 fingerprints are refused)
     */
    public static HostKeyPolicy pinned(String sha256Fingerprint) {
        var m = SHA256_FINGERPRINT.matcher(Objects.requireNonNull(sha256Fingerprint, "sha256Fingerprint").trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a SHA-256 host key fingerprint: '" + sha256Fingerprint
                    + "'; expected SHA256: followed by 43 base64 characters, as printed by ssh-keygen -lf");
        }
        return new HostKeyPolicy(Kind.PINNED, null, "SHA256:" + m.group(1));
    }

    /**
     * Trust on first use: a host with no key in {@code file} gets the key it offers written there (the file and its
     * directory are created if needed); a host that has a key there must keep offering it.
     */
    public static HostKeyPolicy acceptFirstAndPin(Path file) {
        return new HostKeyPolicy(Kind.ACCEPT_FIRST_AND_PIN, Objects.requireNonNull(file, "file"), null);
    }

    /**
     * Accept any host key. Anyone on the network path can then impersonate the cluster and receive the uploaded
     * secrets; use it only on a trusted network, and expect a warning in the log on every connection.
     */
    public static HostKeyPolicy noVerification() {
        return new HostKeyPolicy(Kind.NO_VERIFICATION, null, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The known_hosts file of {@link Kind#KNOWN_HOSTS} and {@link Kind#ACCEPT_FIRST_AND_PIN}. */
    public Optional<Path> knownHostsFile() {
        return Optional.ofNullable(knownHostsFile);
    }

    /** The pinned fingerprint of {@link Kind#PINNED}, normalised to {@code SHA256:<43 characters>}. */
    public Optional<String> fingerprint() {
        return Optional.ofNullable(fingerprint);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostKeyPolicy other
                && kind == other.kind
                && Objects.equals(knownHostsFile, other.knownHostsFile)
                && Objects.equals(fingerprint, other.fingerprint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, knownHostsFile, fingerprint);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case KNOWN_HOSTS -> "known_hosts " + knownHostsFile;
            case PINNED -> "pinned " + fingerprint;
            case ACCEPT_FIRST_AND_PIN -> "accept the first key and pin it in " + knownHostsFile;
            case NO_VERIFICATION -> "no host key verification";
        };
    }
}
