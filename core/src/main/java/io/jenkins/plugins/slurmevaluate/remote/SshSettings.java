package io.jenkins.plugins.slurmevaluate.remote;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a login node over SSH: where, as whom, with which private key, which host keys to trust, and how
 * long to wait. Immutable; build it with {@link #builder(String, String)}. {@link #toString()} never shows key
 * material or the passphrase.
 *
 * <p>Public key authentication: the key comes from a file or, for a Jenkins credential, from its content. Password
 * authentication ({@link Builder#password}) is offered for clusters that allow nothing else. Host keys are verified against {@code ~/.ssh/known_hosts} unless another {@link HostKeyPolicy} is given.
 */
public final class SshSettings {

    private final String host;
    private final int port;
    private final String user;
    private final Path identityFile;
    private final String identityName;
    private final byte[] identityKey;
    private final byte[] passphrase;
    private final byte[] password;
    private final HostKeyPolicy hostKeyPolicy;
    private final Duration connectTimeout;
    private final Duration keepAliveInterval;
    private final int keepAliveCountMax;
    private final int connectAttempts;
    private final Duration firstBackoff;
    private final Duration maxBackoff;
    private final int maxChannels;

    private SshSettings(Builder b) {
        host = b.host;
        port = b.port;
        user = b.user;
        identityFile = b.identityFile;
        identityName = b.identityName;
        identityKey = b.identityKey;
        passphrase = b.passphrase;
        password = b.password;
        hostKeyPolicy = b.hostKeyPolicy != null
                ? b.hostKeyPolicy
                : HostKeyPolicy.knownHosts(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
        connectTimeout = b.connectTimeout;
        keepAliveInterval = b.keepAliveInterval;
        keepAliveCountMax = b.keepAliveCountMax;
        connectAttempts = b.connectAttempts;
        firstBackoff = b.firstBackoff;
        maxBackoff = b.maxBackoff;
        maxChannels = b.maxChannels;
    }

    /** Starts settings for {@code user@host}, port 22. */
    public static Builder builder(String host, String user) {
        return new Builder(host, user);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public HostKeyPolicy hostKeyPolicy() {
        return hostKeyPolicy;
    }

    /** {@code user@host:port}, for messages. */
    public String describe() {
        return user + "@" + host + ":" + port;
    }

    /** How the private key is named in messages: its file, or the name given with its content. */
    String identityDescription() {
        if (password != null) {
            return "a password";
        }
        return identityFile != null ? "key file " + identityFile : "key '" + identityName + "'";
    }

    /** A copy of the login password, or empty for public key authentication. */
    Optional<byte[]> password() {
        return Optional.ofNullable(password).map(byte[]::clone);
    }

    Optional<Path> identityFile() {
        return Optional.ofNullable(identityFile);
    }

    /** A copy of the key content, or empty when the key is a file. */
    Optional<byte[]> identityKey() {
        return Optional.ofNullable(identityKey).map(byte[]::clone);
    }

    String identityName() {
        return identityFile != null ? identityFile.toString() : identityName;
    }

    /** A copy of the passphrase, or null for an unencrypted key. */
    byte[] passphrase() {
        return passphrase == null ? null : passphrase.clone();
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    Duration keepAliveInterval() {
        return keepAliveInterval;
    }

    int keepAliveCountMax() {
        return keepAliveCountMax;
    }

    int connectAttempts() {
        return connectAttempts;
    }

    Duration firstBackoff() {
        return firstBackoff;
    }

    Duration maxBackoff() {
        return maxBackoff;
    }

    int maxChannels() {
        return maxChannels;
    }

    @Override
    public String toString() {
        return "SshSettings[" + describe() + ", " + identityDescription() + (passphrase != null ? " (encrypted)" : "")
                + ", " + hostKeyPolicy + ", connect timeout " + connectTimeout + "]";
    }

    /** Builds {@link SshSettings}; every setting except the host, the user and the key has a default. */
    public static final class Builder {
        private final String host;
        private final String user;
        private int port = 22;
        private Path identityFile;
        private String identityName;
        private byte[] identityKey;
        private byte[] passphrase;
        private byte[] password;
        private HostKeyPolicy hostKeyPolicy;
        private Duration connectTimeout = Duration.ofSeconds(20);
        private Duration keepAliveInterval = Duration.ofSeconds(15);
        private int keepAliveCountMax = 4;
        private int connectAttempts = 4;
        private Duration firstBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(15);
        private int maxChannels = 8;

        private Builder(String host, String user) {
            this.host = requireText(host, "host");
            this.user = requireText(user, "user");
        }

        public Builder port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("SSH port must be between 1 and 65535, not " + port);
            }
            this.port = port;
            return this;
        }

        /** Authenticates with the private key in {@code keyFile} (OpenSSH, PEM or PuTTY format). */
        public Builder identityFile(Path keyFile, String passphraseOrNull) {
            this.identityFile = Objects.requireNonNull(keyFile, "keyFile");
            this.identityKey = null;
            this.identityName = null;
            this.password = null;
            this.passphrase = bytes(passphraseOrNull);
            return this;
        }

        /**
         * Authenticates with a private key given as content, such as a Jenkins SSH credential. {@code name} is only
         * used in messages (the credential id, say); the bytes are copied.
         */
        public Builder identityKey(String name, byte[] privateKey, String passphraseOrNull) {
            this.identityName = requireText(name, "name");
            this.identityKey = Objects.requireNonNull(privateKey, "privateKey").clone();
            this.identityFile = null;
            this.password = null;
            this.passphrase = bytes(passphraseOrNull);
            return this;
        }

        /**
         * Authenticates with a password (SSH {@code password} or {@code keyboard-interactive}) instead of a key, for
         * clusters that allow nothing else; replaces any key given before.
         */
        public Builder password(String loginPassword) {
            this.password = bytes(Objects.requireNonNull(loginPassword, "password"));
            this.identityFile = null;
            this.identityKey = null;
            this.identityName = null;
            this.passphrase = null;
            return this;
        }

        public Builder hostKeyPolicy(HostKeyPolicy policy) {
            this.hostKeyPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Limit for one connection attempt: TCP connect, key exchange and authentication (default 20 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /**
         * A keepalive is sent after {@code interval} of silence; after {@code countMax} unanswered ones the connection
         * counts as dropped and the next call reconnects (default 15 s × 4).
         */
        public Builder keepAlive(Duration interval, int countMax) {
            this.keepAliveInterval = positive(interval, "keepAlive interval");
            this.keepAliveCountMax = atLeastOne(countMax, "keepAlive countMax");
            return this;
        }

        /**
         * How often a call tries to (re)connect before it fails, and the pause between tries, which doubles from
         * {@code firstBackoff} up to {@code maxBackoff} (default 4 tries, 1 s doubling up to 15 s).
         */
        public Builder reconnect(int attempts, Duration firstBackoff, Duration maxBackoff) {
            this.connectAttempts = atLeastOne(attempts, "reconnect attempts");
            this.firstBackoff = Objects.requireNonNull(firstBackoff, "firstBackoff");
            this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
            return this;
        }

        /**
         * Most channels open at once on the one connection (default 8). OpenSSH's {@code MaxSessions} defaults to 10;
         * calls beyond this limit wait for a free channel within their own timeout.
         */
        public Builder maxChannels(int maxChannels) {
            this.maxChannels = atLeastOne(maxChannels, "maxChannels");
            return this;
        }

        /** @throws IllegalStateException if neither a private key nor a password was given */
        public SshSettings build() {
            if (identityFile == null && identityKey == null && password == null) {
                throw new IllegalStateException("no private key for " + user + "@" + host
                        + ": call identityFile(...) or identityKey(...), or password(...) for password authentication");
            }
            return new SshSettings(this);
        }

        private static byte[] bytes(String s) {
            return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
        }

        private static String requireText(String value, String what) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            return value;
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, not " + d);
            }
            return d;
        }

        private static int atLeastOne(int n, String what) {
            if (n < 1) {
                throw new IllegalArgumentException(what + " must be at least 1, not " + n);
            }
            return n;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SshSettings s
                && port == s.port
                && host.equals(s.host)
                && user.equals(s.user)
                && Objects.equals(identityFile, s.identityFile)
                && Objects.equals(identityName, s.identityName)
                && Arrays.equals(identityKey, s.identityKey)
                && Arrays.equals(passphrase, s.passphrase)
                && Arrays.equals(password, s.password)
                && hostKeyPolicy.equals(s.hostKeyPolicy)
                && connectTimeout.equals(s.connectTimeout)
                && keepAliveInterval.equals(s.keepAliveInterval)
                && keepAliveCountMax == s.keepAliveCountMax
                && connectAttempts == s.connectAttempts
                && firstBackoff.equals(s.firstBackoff)
                && maxBackoff.equals(s.maxBackoff)
                && maxChannels == s.maxChannels;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, user, identityFile, identityName, hostKeyPolicy);
    }
}
