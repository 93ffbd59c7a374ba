package io.jenkins.plugins.slurmevaluate.remote;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchRevokedHostKeyException;
import com.jcraft.jsch.UserInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Applies a {@link HostKeyPolicy} during the key exchange. JSch asks {@link #check} and, with
 * {@code StrictHostKeyChecking=yes}, refuses the connection unless it answers {@link #OK}; this class records the
 * offered key so that {@link #rejection} can say which key was refused and what to do about it. One instance serves
 * one connection attempt.
 */
final class HostKeyVerifier implements HostKeyRepository {

    private static final Logger LOG = Logger.getLogger(HostKeyVerifier.class.getName());

    /** Serialises appends to known_hosts files by this JVM (two clusters may pin into the same file at once). */
    private static final Object FILE_LOCK = new Object();

    private final HostKeyPolicy policy;
    private final String hostName;
    private final int port;
    /** The parsed known_hosts file, or null for the pinned and no-verification policies. */
    private final HostKeyRepository file;

    private volatile String offeredHost;
    private volatile byte[] offeredKey;
    private volatile int lastResult = NOT_INCLUDED;

    private HostKeyVerifier(HostKeyPolicy policy, String hostName, int port, HostKeyRepository file) {
        this.policy = policy;
        this.hostName = hostName;
        this.port = port;
        this.file = file;
    }

    static HostKeyVerifier forPolicy(HostKeyPolicy policy, String hostName, int port) throws IOException {
        HostKeyRepository file = null;
        if (policy.knownHostsFile().isPresent()) {
            Path path = policy.knownHostsFile().get();
            JSch parser = new JSch();
            try {
                parser.setKnownHosts(path.toString()); // a missing file reads as empty
            } catch (JSchException e) {
                throw new IOException("cannot read known_hosts file " + path + ": " + e.getMessage(), e);
            }
            file = parser.getHostKeyRepository();
        }
        return new HostKeyVerifier(policy, hostName, port, file);
    }

    @Override
    public int check(String host, byte[] key) {
        offeredHost = host;
        offeredKey = key.clone();
        int result = decide(host, key);
        lastResult = result;
        return result;
    }

    private int decide(String host, byte[] key) {
        switch (policy.kind()) {
            case KNOWN_HOSTS:
                return file.check(host, key);
            case ACCEPT_FIRST_AND_PIN:
                return acceptFirst(host, key);
            case PINNED:
                return fingerprint(key).equals(policy.fingerprint().orElseThrow()) ? OK : CHANGED;
            case NO_VERIFICATION:
            default:
                LOG.warning(() -> "host key verification is OFF for " + host + " (it offered " + keyType(key) + " "
                        + fingerprint(key) + "): anyone on the network path could impersonate it and receive what "
                        + "we send, secrets included");
                return OK;
        }
    }

    private int acceptFirst(String host, byte[] key) {
        int known = file.check(host, key);
        if (known != NOT_INCLUDED || file.getHostKey(host, null).length > 0) {
            return known; // a host we have keys for stays strict, even when it offers a type we do not hold
        }
        Path path = policy.knownHostsFile().orElseThrow();
        try {
            appendLine(path, host + " " + keyType(key) + " " + Base64.getEncoder().encodeToString(key));
        } catch (IOException e) {
            LOG.warning(() -> "cannot pin the host key of " + host + " in " + path + ": " + e);
            return NOT_INCLUDED;
        }
        LOG.info(() -> "first connection to " + host + ": trusted and pinned its " + keyType(key) + " key "
                + fingerprint(key) + " in " + path);
        return OK;
    }

    /** Rewrites the file with one more line, atomically, keeping its permissions (0644 for a new file). */
    private static void appendLine(Path path, String line) throws IOException {
        synchronized (FILE_LOCK) {
            Path dir = path.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            byte[] old = Files.exists(path) ? Files.readAllBytes(path) : new byte[0];
            String prefix = old.length == 0 || old[old.length - 1] == '\n' ? "" : "\n";
            byte[] added = (prefix + line + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] all = Arrays.copyOf(old, old.length + added.length);
            System.arraycopy(added, 0, all, old.length, added.length);
            var perms = Files.exists(path)
                    ? Files.getPosixFilePermissions(path)
                    : PosixFilePermissions.fromString("rw-r--r--");
            Path tmp = Files.createTempFile(dir, ".known_hosts", ".tmp");
            try {
                Files.write(tmp, all);
                Files.setPosixFilePermissions(tmp, perms);
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Turns JSch's refusal into a message that names the host, the offered key, the trusted keys and the next step.
     * The kind of refusal comes from what {@link #check} answered, and from {@code cause} only for a revoked key.
     */
    HostKeyRejectedException rejection(JSchException cause) {
        byte[] key = offeredKey;
        String type = key == null ? "unknown" : keyType(key);
        String fp = key == null ? "unknown" : fingerprint(key);
        String host = offeredHost != null ? offeredHost : (port == 22 ? hostName : "[" + hostName + "]:" + port);
        String trusted = getKnownHostsRepositoryID();
        String offered = "it offered the " + type + " key " + fp;
        String message;
        if (policy.kind() == HostKeyPolicy.Kind.PINNED) {
            message = "host key of " + host + " rejected: " + offered + ", but the pinned fingerprint is "
                    + policy.fingerprint().orElseThrow() + ". If the host was reinstalled, pin its new fingerprint once "
                    + "the cluster's administrators confirm it; otherwise someone may be intercepting the connection.";
        } else if (cause instanceof JSchRevokedHostKeyException) {
            message = "host key of " + host + " rejected: " + offered + ", which known_hosts file " + trusted
                    + " marks @revoked. Do not connect; ask the cluster's administrators for the current key.";
        } else if (lastResult == CHANGED) {
            message = "host key of " + host + " CHANGED: " + offered + ", but known_hosts file " + trusted
                    + " holds a different " + type + " key for it. Someone may be intercepting the connection. Only "
                    + "if the cluster's administrators confirm the new fingerprint, remove the old line (ssh-keygen -R '"
                    + host + "' -f " + trusted + ") and add the new key.";
        } else {
            message = "host key of " + host + " rejected: " + offered + ", which is not in known_hosts file " + trusted
                    + describeFile(host) + ". If this is the right host, add its key to that file (for example with "
                    + "ssh-keyscan -p " + port + " " + hostName + " >> " + trusted + ") after comparing the fingerprint "
                    + "with the one the cluster's administrators publish, or pin the fingerprint.";
        }
        return new HostKeyRejectedException(message, host, type, fp, trusted);
    }

    private String describeFile(String host) {
        Path path = policy.knownHostsFile().orElse(null);
        if (path == null) {
            return "";
        }
        if (!Files.exists(path)) {
            return " (the file does not exist)";
        }
        HostKey[] others = file.getHostKey(host, null);
        if (others.length > 0) {
            return " (it holds only " + Arrays.stream(others).map(HostKey::getType).distinct()
                    .collect(Collectors.joining(", ")) + " keys for this host)";
        }
        return "";
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // never: keys are only added by the accept-first policy, which writes the file itself, atomically
    }

    @Override
    public void remove(String host, String type) {
        // never: a changed key is refused, not replaced
    }

    @Override
    public void remove(String host, String type, byte[] key) {
        // never
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return policy.knownHostsFile().map(Path::toString).orElse("pinned fingerprint");
    }

    @Override
    public HostKey[] getHostKey() {
        return file != null ? file.getHostKey() : new HostKey[0];
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        // JSch also uses this to prefer the key types we hold, and reads .length: never null
        return file != null ? file.getHostKey(host, type) : new HostKey[0];
    }

    /** OpenSSH's fingerprint: {@code SHA256:} and the unpadded base64 of the SHA-256 of the key blob. */
    static String fingerprint(byte[] keyBlob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The algorithm name at the start of an SSH public key blob, such as {@code ssh-ed25519}. */
    static String keyType(byte[] keyBlob) {
        try {
            ByteBuffer buf = ByteBuffer.wrap(keyBlob);
            int len = buf.getInt();
            if (len <= 0 || len > 64 || len > buf.remaining()) {
                return "unknown";
            }
            return new String(keyBlob, 4, len, StandardCharsets.US_ASCII);
        } catch (RuntimeException e) {
            return "unknown";
        }
    }
}
