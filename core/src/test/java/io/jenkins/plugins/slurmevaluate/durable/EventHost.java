package io.jenkins.plugins.slurmevaluate.durable;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.ForwardingRemoteHost;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A host that notes every {@code sbatch} and {@code scancel} it runs into a shared event list, in order; optionally
 * it loses the answer of the first {@code sbatch} (the job is submitted, the caller gets an IOException), as when the
 * connection drops right after the command was sent.
 */
final class EventHost extends ForwardingRemoteHost {

    private final List<String> events;
    private boolean loseNextSbatchAnswer;

    EventHost(RemoteHost delegate, List<String> events) {
        this(delegate, events, false);
    }

    EventHost(RemoteHost delegate, List<String> events, boolean loseFirstSbatchAnswer) {
        super(delegate);
        this.events = events;
        this.loseNextSbatchAnswer = loseFirstSbatchAnswer;
    }

    @Override
    public ExecResult exec(List<String> argv, Duration timeout) throws IOException {
        boolean sbatch = !argv.isEmpty() && argv.get(0).equals("sbatch");
        if (sbatch || (!argv.isEmpty() && argv.get(0).equals("scancel"))) {
            events.add(argv.get(0));
        }
        ExecResult r = super.exec(argv, timeout);
        synchronized (this) {
            if (sbatch && loseNextSbatchAnswer) {
                loseNextSbatchAnswer = false;
                events.add("sbatch-answer-lost");
                throw new IOException("connection dropped (test)");
            }
        }
        return r;
    }
}
