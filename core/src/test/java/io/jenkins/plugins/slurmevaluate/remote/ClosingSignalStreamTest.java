package io.jenkins.plugins.slurmevaluate.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClosingSignalStreamTest {

    @Test
    void writesPassThroughAndCloseSignalsWithoutClosingTheTarget() throws Exception {
        boolean[] targetClosed = {false};
        ByteArrayOutputStream target = new ByteArrayOutputStream() {
            @Override
            public void close() {
                targetClosed[0] = true;
            }
        };
        ClosingSignalStream s = new ClosingSignalStream(target);
        s.write("err".getBytes(StandardCharsets.UTF_8));
        s.write('!');
        assertThat(s.awaitClose(1)).as("not closed yet").isFalse();

        s.close();

        assertThat(s.awaitClose(0)).isTrue();
        assertThat(target.toString(StandardCharsets.UTF_8)).isEqualTo("err!");
        assertThat(targetClosed[0]).as("the caller's stream stays open").isFalse();
    }

    @Test
    void aWaiterIsWokenByCloseLongBeforeItsPauseEnds() throws Exception {
        ClosingSignalStream s = new ClosingSignalStream(new ByteArrayOutputStream());
        CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
            long t0 = System.nanoTime();
            try {
                s.awaitClose(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        });
        TimeUnit.MILLISECONDS.sleep(50);
        s.close();
        assertThat(waited.get(10, TimeUnit.SECONDS)).isLessThan(10_000);
    }

    @Test
    void writeFailuresOfTheTargetReachTheWriter() {
        ClosingSignalStream s = new ClosingSignalStream(new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.write(1)).hasMessage("disk full");
    }
}
