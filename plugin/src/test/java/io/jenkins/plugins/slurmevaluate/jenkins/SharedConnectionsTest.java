package io.jenkins.plugins.slurmevaluate.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.FileChunk;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import io.jenkins.plugins.slurmevaluate.remote.SshSettings;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One connection per cluster and login while anyone uses it; closed once nobody has for the idle limit. */
class SharedConnectionsTest {

    private Instant now = Instant.parse("2026-12-07T10:00:00Z");
    private final List<String> closed = new ArrayList<>();
    private final List<String> forgotten = new ArrayList<>();
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    };
    private final SharedConnections connections = new SharedConnections(clock, Duration.ofMinutes(5),
            h -> forgotten.add(h.describe()));

    private RemoteHost open(SshSettings s) {
        return new RemoteHost() {
            @Override
            public ExecResult exec(List<String> argv, Duration timeout) {
                throw new UnsupportedOperationException();
            }

            @Override
            public ExecResult execStreaming(List<String> argv, OutputStream stdout, Duration timeout) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void writeFile(String path, byte[] content, int mode) {}

            @Override
            public FileChunk readFile(String path, long offset, int maxBytes) {
                return FileChunk.absent();
            }

            @Override
            public String describe() {
                return s.describe();
            }

            @Override
            public void close() {
                closed.add(s.describe());
            }
        };
    }

    private static SshSettings login(String password) {
        return SshSettings.builder("login.dgx", "svc").password(password).build();
    }

    @Test
    void aConnectionIsSharedWhileUsedAndClosedOnceIdleForTheLimit() {
        Object first = new Object();
        Object second = new Object();
        RemoteHost a = connections.acquire(login("pw"), first, this::open);
        assertSame(a, connections.acquire(login("pw"), second, this::open), "the same cluster and login share one");
        connections.releaseAll(first);
        now = now.plus(Duration.ofHours(1));
        assertEquals(0, connections.closeIdle(), "still held by the second user");
        connections.releaseAll(second);
        now = now.plus(Duration.ofMinutes(4));
        assertEquals(0, connections.closeIdle(), "idle for less than the limit");
        now = now.plus(Duration.ofMinutes(1));
        assertEquals(1, connections.closeIdle());
        assertEquals(List.of(a.describe()), closed);
        assertEquals(List.of(a.describe()), forgotten, "its watcher goes with it");
        assertEquals(0, connections.size());
    }

    @Test
    void aRotatedCredentialGetsANewConnectionAndTheOldOneGoesWhenItsUsersAreDone() {
        Object build1 = new Object();
        Object build2 = new Object();
        RemoteHost old = connections.acquire(login("old"), build1, this::open);
        RemoteHost rotated = connections.acquire(login("new"), build2, this::open);
        assertNotSame(old, rotated);
        connections.releaseAll(build1);
        now = now.plus(Duration.ofMinutes(10));
        assertEquals(1, connections.closeIdle(), "only the old one, whose last user is done");
        assertEquals(1, connections.size());
    }
}
