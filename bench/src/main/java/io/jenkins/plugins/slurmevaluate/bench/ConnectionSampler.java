package io.jenkins.plugins.slurmevaluate.bench;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples {@code ss -tnpH} every 100 ms and records the TCP connections that a given process holds to the SSH
 * server's port: the distinct ones seen (by local address and port) and the most open at once. A connection that
 * lives shorter than the sampling period can be missed, so this is checked against {@code connectionCount()}.
 */
final class ConnectionSampler implements AutoCloseable {

    private static final Pattern ROW = Pattern.compile("^\\s*\\d+\\s+\\d+\\s+(\\S+)\\s+(\\S+)\\s+.*?pid=(\\d+),", Pattern.MULTILINE);

    private final long pid;
    private final int port;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final AtomicInteger samples = new AtomicInteger();
    private final Thread thread;
    private volatile boolean stop;

    ConnectionSampler(long pid, int port) {
        this.pid = pid;
        this.port = port;
        this.thread = new Thread(this::loop, "ss sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (!stop) {
            try {
                String out = Proc.run(List.of("ss", "-tnpH", "state", "established", "dport", "=", ":" + port), 10);
                int open = 0;
                for (String local : connectionsOf(out, pid)) {
                    seen.add(local);
                    open++;
                }
                maxOpen.accumulateAndGet(open, Math::max);
                samples.incrementAndGet();
                Thread.sleep(100);
            } catch (IOException e) {
                // a failed sample is skipped
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Local endpoints of the connections in {@code ss -tnpH} output that belong to {@code pid}. */
    static List<String> connectionsOf(String ssOutput, long pid) {
        return ROW.matcher(ssOutput).results().filter(m -> Long.parseLong(m.group(3)) == pid).map(m -> m.group(1)).toList();
    }

    int distinct() {
        return seen.size();
    }

    int maxOpen() {
        return maxOpen.get();
    }

    int samples() {
        return samples.get();
    }

    @Override
    public void close() {
        stop = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
