package io.jenkins.plugins.slurmevaluate.run;

import io.jenkins.plugins.slurmevaluate.remote.ExecResult;
import io.jenkins.plugins.slurmevaluate.remote.FileChunk;
import io.jenkins.plugins.slurmevaluate.remote.RemoteHost;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs commands on this machine, for unit tests of code that drives a RemoteHost with shell scripts. */
final class ProcessHost implements RemoteHost {

    final AtomicInteger execs = new AtomicInteger();

    @Override
    public ExecResult exec(List<String> argv, Duration timeout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult r = execStreaming(argv, out, timeout);
        return new ExecResult(r.exitCode(), out.toString(StandardCharsets.UTF_8), r.stderr());
    }

    @Override
    public ExecResult execStreaming(List<String> argv, OutputStream stdout, Duration timeout) throws IOException {
        execs.incrementAndGet();
        Process p = new ProcessBuilder(argv).start();
        p.getOutputStream().close();
        p.getInputStream().transferTo(stdout);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + argv);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new ExecResult(p.exitValue(), "", err);
    }

    @Override
    public void writeFile(String path, byte[] content, int mode) {
        throw new UnsupportedOperationException();
    }

    @Override
    public FileChunk readFile(String path, long offset, int maxBytes) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String describe() {
        return "process";
    }

    @Override
    public void close() {}
}
