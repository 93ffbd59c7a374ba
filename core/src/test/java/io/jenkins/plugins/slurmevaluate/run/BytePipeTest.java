package io.jenkins.plugins.slurmevaluate.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BytePipeTest {

    @Test
    void everyByteArrivesInOrderThroughASmallBufferAndWrapsAround() throws Exception {
        byte[] data = new byte[3_000_000];
        new Random(7).nextBytes(data);
        BytePipe pipe = new BytePipe(4096);
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = pipe.source()) {
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                byte[] buf = new byte[1000];
                int n;
                while ((n = in.read(buf, 0, 1 + new Random().nextInt(buf.length))) >= 0) {
                    got.write(buf, 0, n);
                }
                return got.toByteArray();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Random sizes = new Random(11);
        try (OutputStream out = pipe.sink()) {
            for (int off = 0; off < data.length;) {
                int n = Math.min(data.length - off, 1 + sizes.nextInt(9000));
                out.write(data, off, n);
                off += n;
            }
        }
        assertThat(read.get(30, TimeUnit.SECONDS)).isEqualTo(data);
    }

    @Test
    void theEndOfTheWritingThreadIsNotTheEndOfTheStreamOnlyCloseIs() throws Exception {
        BytePipe pipe = new BytePipe(1024);
        OutputStream out = pipe.sink();
        Thread writer = new Thread(() -> {
            try {
                out.write(new byte[] {1, 2, 3});
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        writer.join();
        InputStream in = pipe.source();
        assertThat(in.read(new byte[10], 0, 10)).isEqualTo(3);
        CompletableFuture<Integer> next = CompletableFuture.supplyAsync(() -> {
            try {
                return in.read();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        TimeUnit.MILLISECONDS.sleep(100);
        assertThat(next).as("still waiting for data or close").isNotDone();
        out.close();
        assertThat(next.get(5, TimeUnit.SECONDS)).isEqualTo(-1);
    }

    @Test
    void aReaderThatStopsBreaksThePipeForTheWriterEvenWhenTheBufferIsFull() throws Exception {
        BytePipe pipe = new BytePipe(16);
        OutputStream out = pipe.sink();
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                out.write(new byte[64]);
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        TimeUnit.MILLISECONDS.sleep(100);
        assertThat(blocked).as("the writer waits for room").isNotDone();
        pipe.source().close();
        assertThatThrownBy(() -> blocked.get(5, TimeUnit.SECONDS)).hasMessageContaining("reading end of the pipe was closed");
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
    }
}
