package io.jenkins.plugins.slurmevaluate.jenkins;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.XmlFile;
import hudson.model.AsyncPeriodicWork;
import hudson.model.Run;
import hudson.model.Saveable;
import hudson.model.TaskListener;
import io.jenkins.plugins.slurmevaluate.jenkins.cluster.Connections;
import io.jenkins.plugins.slurmevaluate.run.LogSink;
import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * The chains that finished builds left behind and that could not be cancelled yet, kept in
 * {@code $JENKINS_HOME/io.jenkins.plugins.slurmevaluate.jenkins.PendingCancels.xml} so that neither a restart nor an
 * outage longer than a retry loses them. Every {@value #SWEEP_MINUTES} minutes (and once soon after startup) each one
 * is tried again, until its jobs are cancelled, its build is gone, or {@value #GIVE_UP_HOURS} hours have passed (then
 * the system log says which job names to cancel by hand).
 */
@Extension
public final class PendingCancels extends AsyncPeriodicWork implements Saveable {

    private static final Logger LOG = Logger.getLogger(PendingCancels.class.getName());
    static final long SWEEP_MINUTES = 5;
    static final long GIVE_UP_HOURS = 72;

    /** One evaluation to cancel: the build's externalizable id, the invocation, and since when it waits. */
    static final class Entry {
        final String run;
        final String invocation;
        final long since;

        Entry(String run, String invocation, long since) {
            this.run = run;
            this.invocation = invocation;
            this.since = since;
        }
    }

    /** What the file holds (this periodic work's own fields are not for XStream). */
    static final class Store {
        List<Entry> entries = new ArrayList<>();
    }

    private final Store store = new Store();

    public PendingCancels() {
        super("slurm-evaluate pending cancels");
        XmlFile file = file();
        if (file != null && file.exists()) {
            try {
                file.unmarshal(store);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot read " + file + "; chains left behind before the restart are not retried", e);
            }
        }
    }

    public static PendingCancels get() {
        return ExtensionList.lookupSingleton(PendingCancels.class);
    }

    /** Writes down an evaluation to cancel, before the first attempt. */
    synchronized void add(Run<?, ?> run, String invocation) {
        if (store.entries.stream().noneMatch(e -> e.invocation.equals(invocation))) {
            store.entries.add(new Entry(run.getExternalizableId(), invocation, System.currentTimeMillis()));
            saveQuietly();
        }
    }

    synchronized List<String> invocations() {
        return store.entries.stream().map(e -> e.invocation).toList();
    }

    /** One attempt to cancel the chains of one evaluation; forgets it once they are cancelled. */
    void attempt(Run<?, ?> run, EvaluationAction a) {
        if (cancel(run, a)) {
            forget(a.getInvocationId());
        }
    }

    /** Tries every pending cancel once; what still fails stays for the next sweep. */
    public void sweep() {
        List<Entry> now;
        synchronized (this) {
            now = List.copyOf(store.entries);
        }
        for (Entry e : now) {
            Run<?, ?> run = Run.fromExternalizableId(e.run);
            EvaluationAction a = run == null ? null : run.getActions(EvaluationAction.class).stream()
                    .filter(x -> x.getInvocationId().equals(e.invocation)).findFirst().orElse(null);
            if (a == null) {
                forget(e.invocation); // the build was deleted
            } else if (cancel(run, a)) {
                forget(e.invocation);
            } else if (Duration.between(Instant.ofEpochMilli(e.since), Instant.now()).toHours() >= GIVE_UP_HOURS) {
                RunRecord r = a.getRecord();
                LOG.warning("giving up cancelling invocation " + e.invocation + " of " + run + " after " + GIVE_UP_HOURS
                        + " h; cancel its jobs by name: scancel --name=<" + (r == null ? "?" : String.join("|",
                        r.tasks().stream().map(t -> t.jobName()).toList())) + ">");
                forget(e.invocation);
            }
        }
    }

    /** Cancels the chains of one evaluation; true when they are cancelled or need no cancel. */
    private static boolean cancel(Run<?, ?> run, EvaluationAction a) {
        RunRecord record = a.getRecord();
        if (record == null || !a.needsCancel()) {
            return true;
        }
        Object user = new Object();
        LogSink log = new JulSink(run + " " + a.getInvocationId());
        try {
            var host = Connections.host(run, a.getClusterName(), a.getCredentialsId(), record.cluster(), log, user);
            a.keep(run, EvaluationPool.get().evaluator().kill(record, host, log));
            LOG.info(() -> "cancelled the Slurm jobs of invocation " + a.getInvocationId() + " of " + run);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.INFO, "cancelling invocation " + a.getInvocationId() + " of " + run + " failed; retrying within "
                    + SWEEP_MINUTES + " min: " + e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            EvaluationPool.get().release(user);
        }
    }

    private synchronized void forget(String invocation) {
        if (store.entries.removeIf(e -> e.invocation.equals(invocation))) {
            saveQuietly();
        }
    }

    @Override
    public long getRecurrencePeriod() {
        return TimeUnit.MINUTES.toMillis(SWEEP_MINUTES);
    }

    @Override
    public long getInitialDelay() {
        return TimeUnit.MINUTES.toMillis(1);
    }

    @Override
    protected void execute(TaskListener listener) {
        sweep();
    }

    @Override
    public synchronized void save() throws IOException {
        XmlFile file = file();
        if (file != null) {
            file.write(store);
        }
    }

    private void saveQuietly() {
        try {
            save();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot save the pending cancels", e);
        }
    }

    private static XmlFile file() {
        Jenkins j = Jenkins.getInstanceOrNull();
        return j == null ? null : new XmlFile(Jenkins.XSTREAM2, new File(j.getRootDir(), PendingCancels.class.getName() + ".xml"));
    }

    /** The cancel's narration, for the system log (the build's own log is closed by then). */
    private static final class JulSink implements LogSink {
        private final String prefix;

        JulSink(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public void remoteLine(String task, String source, String text) {
            LOG.fine(() -> prefix + " [" + task + " " + source + "] " + text);
        }

        @Override
        public void info(String text) {
            LOG.info(() -> prefix + ": " + text);
        }

        @Override
        public void warn(String text) {
            LOG.warning(() -> prefix + ": " + text);
        }
    }
}
