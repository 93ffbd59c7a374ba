package io.jenkins.plugins.slurmevaluate.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Runs an action when the JVM is asked to stop (Ctrl-C, SIGTERM from a CI runner) while a run is being followed: a
 * shutdown hook, removed again when the command ends normally. The JVM exits with 128 + the signal number (130 for
 * Ctrl-C) once the action is done.
 */
final class InterruptGuard implements AutoCloseable {

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean fired;

    private InterruptGuard(Runnable action) {
        this.hook = new Thread(() -> {
            fired = true;
            try {
                action.run();
            } finally {
                finished.countDown();
            }
        }, "slurm-evaluate-interrupt");
    }

    static InterruptGuard install(Runnable action) {
        InterruptGuard g = new InterruptGuard(action);
        Runtime.getRuntime().addShutdownHook(g.hook);
        return g;
    }

    boolean fired() {
        return fired;
    }

    /** Waits until the action has run (the caller then returns; the JVM is exiting anyway). */
    void awaitAction() {
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran)
        }
    }
}
