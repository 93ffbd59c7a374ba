package io.jenkins.plugins.slurmevaluate.jenkins.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code plugin/live/controller.sh} for a test: a real Jenkins ({@code java -jar jenkins.war}) with its own
 * JENKINS_HOME under {@code target/} and a free port, so a controller started by hand on the default port is left
 * alone. Every command's output goes to the test's output.
 */
final class LiveController {

    private static final Path SCRIPT = Path.of("live", "controller.sh").toAbsolutePath();

    private final Path home;
    private final int port;

    private LiveController(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    /** A controller with an empty JENKINS_HOME {@code home} (a controller left running there is killed first). */
    static LiveController fresh(Path home) throws IOException, InterruptedException {
        LiveController c = new LiveController(home.toAbsolutePath(), freePort());
        if (Files.isDirectory(c.home)) {
            c.run("kill");
            try (Stream<Path> files = Files.walk(c.home)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return c;
    }

    /** Prepares the home, starts Jenkins and returns once the job {@code eval} answers. */
    void start() throws IOException, InterruptedException {
        assertEquals(0, run("start").code, "controller.sh start");
    }

    /** A clean stop (SIGTERM); killed if it does not end in time. */
    void stop() throws IOException, InterruptedException {
        assertEquals(0, run("stop").code, "controller.sh stop");
    }

    /** {@code kill -9}: an unclean stop. */
    void kill() throws IOException, InterruptedException {
        assertEquals(0, run("kill").code, "controller.sh kill");
    }

    String password() throws IOException, InterruptedException {
        Outcome o = run("password");
        assertEquals(0, o.code, "controller.sh password");
        return o.output.strip();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    private Outcome run(String command) throws IOException, InterruptedException {
        List<String> argv = List.of("bash", SCRIPT.toString(), command, "--home", home.toString(), "--port",
                String.valueOf(port));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("controller.sh " + command + " did not end in 10 minutes");
        }
        if (!"password".equals(command)) {
            System.out.print(output);
        }
        return new Outcome(p.exitValue(), output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private record Outcome(int code, String output) {}
}
