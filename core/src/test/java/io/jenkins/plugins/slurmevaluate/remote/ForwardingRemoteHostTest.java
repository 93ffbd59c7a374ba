package io.jenkins.plugins.slurmevaluate.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForwardingRemoteHostTest {

    /** Records which method of the host was called, and answers each with something recognisable. */
    private static final class Target implements RemoteHost {
        final List<String> calls = new ArrayList<>();

        @Override
        public ExecResult exec(List<String> argv, Duration timeout) {
            calls.add("exec " + argv);
            return new ExecResult(3, "out", "err");
        }

        @Override
        public ExecResult execStreaming(List<String> argv, OutputStream stdout, Duration timeout) {
            calls.add("execStreaming " + argv);
            return new ExecResult(4, "", "");
        }

        @Override
        public void writeFile(String path, byte[] content, int mode) {
            calls.add("writeFile " + path + " " + Integer.toOctalString(mode));
        }

        @Override
        public void writeFiles(Map<String, byte[]> files, int mode) {
            calls.add("writeFiles " + files.keySet() + " " + Integer.toOctalString(mode));
        }

        @Override
        public FileChunk readFile(String path, long offset, int maxBytes) {
            calls.add("readFile " + path + " " + offset + " " + maxBytes);
            return null;
        }

        @Override
        public String describe() {
            return "target";
        }

        @Override
        public int connectionCount() {
            return 7;
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    @Test
    void everyCallReachesTheDelegateAsTheSameCallDefaultMethodsIncluded() throws Exception {
        Target target = new Target();
        RemoteHost host = new ForwardingRemoteHost(target) {};
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("/a", new byte[] {1});
        files.put("/b", new byte[] {2});

        assertThat(host.exec(List.of("true"), Duration.ofSeconds(1)).exitCode()).isEqualTo(3);
        assertThat(host.execStreaming(List.of("cat"), new ByteArrayOutputStream(), Duration.ofSeconds(1)).exitCode())
                .isEqualTo(4);
        host.writeFile("/c", new byte[0], 0600);
        host.writeFiles(files, 0600);
        host.readFile("/log", 5, 10);
        host.close();

        assertThat(target.calls).containsExactly("exec [true]", "execStreaming [cat]", "writeFile /c 600",
                "writeFiles [/a, /b] 600", "readFile /log 5 10", "close");
        assertThat(host.describe()).isEqualTo("target");
        assertThat(host.connectionCount()).isEqualTo(7);
    }
}
