package io.jenkins.plugins.slurmevaluate.jenkins;

import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.remote.SshSettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One SSH connection per cluster and login, shared by every evaluation that uses it, and closed once none has used it
 * for a while. Settings hold the credential's secret bytes, so a rotated key or an edited cluster makes a new entry;
 * the old one goes (with its keep-alives and its copy of the secret) once its last user is done.
 *
 * <p>A user is whatever holds a connection for a while (one life of an evaluation, a janitor's cancel); it calls
 * {@link #releaseAll} when it is done.
 */
final class SharedConnections {

    private static final Logger LOG = Logger.getLogger(SharedConnections.class.getName());

    private final Clock clock;
    private final Duration idleLimit;
    /** Called with a connection just before it is closed, to drop what was built on it. */
    private final Consumer<RemoteHost> onClose;
    private final Map<SshSettings, Entry> entries = new HashMap<>();

    private static final class Entry {
        final RemoteHost host;
        final Set<Object> users = new HashSet<>();
        Instant idleSince;

        Entry(RemoteHost host) {
            this.host = host;
        }
    }

    SharedConnections(Clock clock, Duration idleLimit, Consumer<RemoteHost> onClose) {
        this.clock = clock;
        this.idleLimit = idleLimit;
        this.onClose = onClose;
    }

    /** The shared connection for these settings, opened on first use, held for {@code user} until it releases it. */
    synchronized RemoteHost acquire(SshSettings settings, Object user, Function<SshSettings, RemoteHost> open) {
        Entry e = entries.computeIfAbsent(settings, s -> new Entry(open.apply(s)));
        e.users.add(user);
        e.idleSince = null;
        return e.host;
    }

    /** {@code user} holds none of the connections any more. */
    synchronized void releaseAll(Object user) {
        Instant now = clock.instant();
        for (Entry e : entries.values()) {
            if (e.users.remove(user) && e.users.isEmpty()) {
                e.idleSince = now;
            }
        }
    }

    /** Closes the connections nobody has held for the idle limit; returns how many. */
    int closeIdle() {
        List<RemoteHost> idle = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            entries.values().removeIf(e -> {
                boolean expired = e.users.isEmpty() && e.idleSince != null
                        && !Duration.between(e.idleSince, now).minus(idleLimit).isNegative();
                if (expired) {
                    idle.add(e.host);
                }
                return expired;
            });
        }
        idle.forEach(this::close);
        return idle.size();
    }

    /** Closes every connection, held or not (the controller stops). */
    void closeAll() {
        List<RemoteHost> all;
        synchronized (this) {
            all = entries.values().stream().map(e -> e.host).toList();
            entries.clear();
        }
        all.forEach(this::close);
    }

    synchronized int size() {
        return entries.size();
    }

    private void close(RemoteHost h) {
        onClose.accept(h);
        try {
            h.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing " + h.describe(), e);
        }
    }
}
