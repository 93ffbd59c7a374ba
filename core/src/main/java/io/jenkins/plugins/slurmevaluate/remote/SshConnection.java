package io.jenkins.plugins.slurmevaluate.remote;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.JSchHostKeyException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SocketFactory;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one SSH connection to a host, shared by every caller. {@link #session()} hands out the live session, or opens
 * a new one when there is none or the old one dropped (keepalives detect a silent drop). Opening is tried up to
 * {@code connectAttempts} times with a doubling pause; a refused host key or a refused private key is not retried,
 * since only a change of settings can fix it.
 *
 * <p>Callers that queue up while a reconnect fails get that failure at once instead of starting their own round of
 * attempts, so a cluster that is down costs one bounded round per wave of calls, not one per caller.
 */
final class SshConnection implements Closeable {

    private static final Logger LOG = Logger.getLogger(SshConnection.class.getName());

    private final SshSettings settings;
    /** TCP connections opened so far, counted by the socket factory (for tests and benchmarks). */
    private final AtomicInteger tcpConnections = new AtomicInteger();
    private final Object lock = new Object();

    /** The current session; null before the first call and after close. Guarded by {@link #lock}. */
    private Session session;
    private boolean closed;
    private IOException lastFailure;
    private long lastFailureNanos;

    SshConnection(SshSettings settings) {
        this.settings = settings;
    }

    /**
     * The connected session, (re)connecting if needed.
     *
     * @throws HostKeyRejectedException if the host key is not trusted (not retried)
     * @throws AuthenticationFailedException if the key is refused or cannot be used (not retried)
     * @throws IOException if the host cannot be reached after the configured attempts
     */
    Session session() throws IOException {
        long calledAt = System.nanoTime();
        synchronized (lock) {
            if (closed) {
                throw new IOException("the connection to " + settings.describe() + " was closed");
            }
            if (session != null && session.isConnected()) {
                return session;
            }
            if (lastFailure != null && lastFailureNanos - calledAt > 0) {
                throw copy(lastFailure); // a round of attempts failed while this caller waited for the lock
            }
            boolean reconnecting = session != null;
            session = null;
            try {
                session = connectWithRetries(reconnecting);
                lastFailure = null;
                return session;
            } catch (IOException e) {
                lastFailure = e;
                lastFailureNanos = System.nanoTime();
                throw e;
            }
        }
    }

    private Session connectWithRetries(boolean reconnecting) throws IOException {
        IOException last = null;
        int attempts = settings.connectAttempts();
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                pause(backoff(attempt - 1, settings.firstBackoff(), settings.maxBackoff()));
            }
            try {
                Session s = open();
                if (reconnecting || attempt > 1) {
                    int tries = attempt;
                    LOG.info(() -> (reconnecting ? "reconnected to " : "connected to ") + settings.describe()
                            + (tries > 1 ? " at attempt " + tries : ""));
                }
                return s;
            } catch (HostKeyRejectedException | AuthenticationFailedException e) {
                throw e;
            } catch (IOException e) {
                last = e;
                int tries = attempt;
                LOG.log(Level.FINE, e, () -> "connecting to " + settings.describe() + ", attempt " + tries + " of "
                        + attempts + " failed");
            }
        }
        throw new IOException("cannot connect to " + settings.describe() + " (" + attempts + " attempts): "
                + last.getMessage(), last);
    }

    /** The pause before retry {@code n} (1-based): {@code first × 2^(n-1)}, at most {@code max}. */
    static Duration backoff(int n, Duration first, Duration max) {
        Duration d = first;
        for (int i = 1; i < n && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }

    private static void pause(Duration d) throws InterruptedIOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to reconnect");
        }
    }

    private Session open() throws IOException {
        JSch jsch = new JSch();
        byte[] password = settings.password().orElse(null);
        if (password == null) {
            addIdentity(jsch);
        }
        HostKeyVerifier verifier = HostKeyVerifier.forPolicy(settings.hostKeyPolicy(), settings.host(), settings.port());
        int connectMillis = millis(settings.connectTimeout());
        Session s;
        try {
            s = jsch.getSession(settings.user(), settings.host(), settings.port());
            s.setHostKeyRepository(verifier);
            s.setConfig("StrictHostKeyChecking", "yes"); // the verifier decides; JSch must never prompt or add keys
            if (password != null) {
                s.setPassword(password);
                s.setConfig("PreferredAuthentications", "password,keyboard-interactive");
            } else {
                s.setConfig("PreferredAuthentications", "publickey");
            }
            s.setSocketFactory(new CountingSocketFactory(connectMillis));
            s.setServerAliveInterval(millis(settings.keepAliveInterval()));
            s.setServerAliveCountMax(settings.keepAliveCountMax());
            s.setDaemonThread(true);
        } catch (JSchException e) {
            throw new IOException("cannot set up SSH to " + settings.describe() + ": " + e.getMessage(), e);
        }
        try {
            s.connect(connectMillis);
            return s;
        } catch (JSchException e) {
            s.disconnect();
            throw e instanceof JSchHostKeyException ? verifier.rejection(e) : translate(e);
        }
    }

    private void addIdentity(JSch jsch) throws AuthenticationFailedException {
        byte[] passphrase = settings.passphrase();
        try {
            if (settings.identityFile().isPresent()) {
                jsch.addIdentity(settings.identityFile().get().toString(), passphrase);
            } else {
                jsch.addIdentity(settings.identityName(), settings.identityKey().orElseThrow(), null, passphrase);
            }
        } catch (JSchException e) {
            throw new AuthenticationFailedException("cannot use " + settings.identityDescription() + " to log in to "
                    + settings.describe() + ": " + e.getMessage() + " (is it an OpenSSH, PEM or PuTTY private key?)", e);
        }
    }

    private IOException translate(JSchException e) {
        String msg = String.valueOf(e.getMessage());
        if ((msg.startsWith("Auth fail") || msg.startsWith("Auth cancel")) && settings.password().isPresent()) {
            return new AuthenticationFailedException(settings.describe() + " refused the password of " + settings.user()
                    + " (or allows no password authentication). Check the credentials, or use an SSH key.", e);
        }
        if (msg.startsWith("Auth fail") || msg.startsWith("Auth cancel")) {
            return new AuthenticationFailedException(settings.describe() + " refused public key authentication with "
                    + settings.identityDescription() + ". Check that its public key is in ~" + settings.user()
                    + "/.ssh/authorized_keys on that host and that the user name is right.", e);
        }
        if (msg.startsWith("USERAUTH fail")) {
            return new AuthenticationFailedException("cannot log in to " + settings.describe() + " with "
                    + settings.identityDescription() + ": the key is encrypted and the passphrase is missing or wrong.",
                    e);
        }
        return new IOException("cannot connect to " + settings.describe() + ": " + msg, e);
    }

    private static IOException copy(IOException e) {
        if (e instanceof HostKeyRejectedException || e instanceof AuthenticationFailedException) {
            return e; // these carry fields and mean the same to every caller
        }
        return new IOException(e.getMessage(), e);
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    /** TCP connections this host has opened, reconnects included. */
    int connectionCount() {
        return tcpConnections.get();
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (session != null) {
                session.disconnect();
                session = null;
            }
        }
    }

    /** Opens plain sockets with a connect timeout and counts them. */
    private final class CountingSocketFactory implements SocketFactory {
        private final int connectMillis;

        CountingSocketFactory(int connectMillis) {
            this.connectMillis = connectMillis;
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(host, port), connectMillis);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
            tcpConnections.incrementAndGet();
            return socket;
        }

        @Override
        public InputStream getInputStream(Socket socket) throws IOException {
            return socket.getInputStream();
        }

        @Override
        public OutputStream getOutputStream(Socket socket) throws IOException {
            return socket.getOutputStream();
        }
    }
}
