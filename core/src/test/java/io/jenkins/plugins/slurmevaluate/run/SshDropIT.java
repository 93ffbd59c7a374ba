package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.state.RunRecord;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Scenario i: the SSH connection to the cluster drops while the run is watched. The drop is real: the sshd processes
 * that serve the engine's connection on the test bed are killed (SIGKILL), found by the connection's client port.
 * It happens at the worst moments: halfway through the output of a status poll, just before an {@code squeue}, and
 * while a log chunk is arriving. The engine says it lost the cluster, reconnects, says so, and the sink still gets
 * every log byte exactly once.
 */
@Tag("testbed")
class SshDropIT {

    private static List<String> slowRun() {
        return List.of("evaluation.nemo_evaluator_config.config.params.limit_samples=40", "+env_vars.STANDIN_NUM_SAMPLES=lit:40",
                "+env_vars.STANDIN_SECONDS_PER_REQUEST=lit:0.5");
    }

    @Test
    void droppingTheConnectionDuringStatusPollsReconnectsAndLosesNoLogByte() throws Exception {
        try (TestbedRun run = TestbedRun.of("ssh-drop-status", slowRun().toArray(String[]::new))) {
            run.submit();
            Dropper drops = new Dropper(run);
            AtomicInteger statusPolls = new AtomicInteger();
            run.host().hook(new RecordingHost.Hook() {
                @Override
                public void beforeExec(List<String> argv) {
                    if (isStatusRead(argv) && statusPolls.incrementAndGet() == 3) {
                        drops.arm(); // mid-output of the 3rd status poll's chain-file read
                    } else if (argv.get(0).equals("squeue") && statusPolls.get() == 6) {
                        drops.freezeThenDrop(); // and during the 6th poll's squeue
                    }
                }

                @Override
                public void onFirstOutput(List<String> argv) {
                    if (isStatusRead(argv)) {
                        drops.fire();
                    }
                }
            });
            RunRecord end = run.awaitDone(run.watch(), Duration.ofMinutes(4));

            assertThat(drops.failures()).as("drops that did not work").isEmpty();
            assertThat(drops.dropped()).as("connections dropped").hasSize(2);
            assertReconnectedAndNarrated(run, 2, "max=$1; np=$2");
            Instant squeueCut = run.logs.whenNarrated(l -> l.startsWith("WARN ") && l.contains("`squeue --me")).orElseThrow(
                    () -> new AssertionError("the squeue cut short was not narrated: " + run.logs.narrated()));
            // JSch's wait for a channel to open does not wake up when the connection dies: the wait is bounded by the
            // SSH connect timeout (20 s), no longer by the command timeout (60 s)
            assertThat(Duration.between(drops.firedAt().get(1), squeueCut)).as("from the drop during squeue to the warning")
                    .isLessThan(Duration.ofSeconds(25));
            assertThat(end.tasks().get(0).stop()).isEqualTo("completed");
            run.assertCleanEnd();
        }
    }

    @Test
    void droppingTheConnectionWhileALogChunkArrivesReconnectsAndLosesNoLogByte() throws Exception {
        try (TestbedRun run = TestbedRun.of("ssh-drop-logs", slowRun().toArray(String[]::new))) {
            run.submit();
            Dropper drops = new Dropper(run);
            AtomicBoolean wanted = new AtomicBoolean();
            run.host().hook(new RecordingHost.Hook() {
                @Override
                public void beforeExec(List<String> argv) {
                    if (isLogRead(argv) && wanted.getAndSet(false)) {
                        drops.arm();
                    }
                }

                @Override
                public void onFirstOutput(List<String> argv) {
                    if (isLogRead(argv)) {
                        drops.fire();
                    }
                }
            });
            Watch watch = run.watch();
            for (int lines : new int[] {3, 12, 25}) { // three times while the evaluation prints
                Waits.clientLines(run, run.task().jobIds().get(0), lines);
                wanted.set(true);
            }
            RunRecord end = run.awaitDone(watch, Duration.ofMinutes(4));

            assertThat(drops.failures()).as("drops that did not work").isEmpty();
            assertThat(drops.dropped()).as("connections dropped while a log chunk arrived").hasSize(3);
            assertReconnectedAndNarrated(run, 3, "max=$1; n=$2");
            assertThat(end.tasks().get(0).stop()).isEqualTo("completed");
            run.assertCleanEnd();
        }
    }

    /**
     * The connection was opened again after each drop, and the user was told: a drop that cuts a command short is
     * narrated as the cluster not answering, and the next successful poll as a reconnect. (A drop that lands just
     * after a command's last byte goes unnoticed: the next call reconnects without an error, which is right too.)
     */
    private static void assertReconnectedAndNarrated(TestbedRun run, int drops, String cutShort) {
        assertThat(run.host().connectionCount()).as("TCP connections: the first plus one per drop").isGreaterThanOrEqualTo(drops + 1);
        String where = run.host().describe();
        assertThat(run.logs.narrated()).as("what the user was told")
                .anyMatch(l -> l.startsWith("WARN " + where + " is not answering (the connection to " + where + " dropped while")
                        && l.contains(cutShort) && l.endsWith("); retrying for up to 30 min"))
                .anyMatch(l -> l.equals("INFO reconnected to " + where + "; watching again"));
    }

    static boolean isStatusRead(List<String> argv) {
        return argv.size() > 3 && argv.get(3).equals("remotefiles");
    }

    static boolean isLogRead(List<String> argv) {
        return argv.size() > 3 && argv.get(3).equals("logtail");
    }

    /**
     * Drops the engine's connection at a chosen moment. {@link #arm} runs on the caller's thread before a command
     * goes out: it finds the sshd processes serving the connection (over SSH and with {@code ss}). {@link #fire} then
     * kills them with kill(2) from whatever thread sees the moment, the SSH reader thread included, which must not
     * wait for anything remote.
     */
    static final class Dropper {
        private final TestbedRun run;
        private final int sshPort;
        private final List<Integer> dropped = new CopyOnWriteArrayList<>();
        private final List<Instant> firedAt = new CopyOnWriteArrayList<>();
        private final List<Exception> failures = new CopyOnWriteArrayList<>();
        private volatile int armedPort = -1;
        private volatile List<Long> armedPids = List.of();

        Dropper(TestbedRun run) {
            this.run = run;
            this.sshPort = Integer.parseInt(run.testbed.get("TESTBED_SSH_PORT"));
        }

        void arm() {
            try {
                int port = run.host().clientPort();
                armedPids = TestbedAdmin.sshdPidsServing(sshPort, port);
                armedPort = port;
            } catch (IOException | RuntimeException e) {
                failures.add(e);
            }
        }

        boolean armed() {
            return armedPort > 0;
        }

        void fire() {
            int port = armedPort;
            List<Long> pids = armedPids;
            if (port <= 0) {
                return;
            }
            armedPort = -1;
            TestbedAdmin.killNow(pids);
            dropped.add(port);
            firedAt.add(Instant.now());
            TestbedAdmin.say("dropped the SSH connection from port " + port + ": killed sshd " + pids);
        }

        /**
         * For a command whose output comes in one piece with its exit status ({@code squeue}): stops (SIGSTOP) the
         * sshd processes before the command goes out, so it hangs unanswered, and kills them 300 ms later.
         */
        void freezeThenDrop() {
            arm();
            if (!armed()) {
                return;
            }
            List<String> stop = new java.util.ArrayList<>(List.of("kill", "-STOP"));
            armedPids.forEach(p -> stop.add(String.valueOf(p)));
            try {
                TestbedAdmin.run(stop.toArray(String[]::new));
            } catch (IOException e) {
                failures.add(e);
                return;
            }
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                fire();
            }, "ssh-dropper");
            t.setDaemon(true);
            t.start();
        }

        List<Instant> firedAt() {
            return List.copyOf(firedAt);
        }

        List<Integer> dropped() {
            return List.copyOf(dropped);
        }

        /** Drops that could not be prepared, to fail the test with their reason rather than a count. */
        List<Exception> failures() {
            return List.copyOf(failures);
        }
    }
}
