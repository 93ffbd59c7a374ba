package io.jenkins.plugins.slurmevaluate.jenkins;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder on loopback between Jenkins and the test bed's sshd, for network faults no daemon needs to suffer:
 * {@link #cut()} drops every connection and refuses new ones (an outage), {@link #restore()} listens again on the same
 * port, and {@link #throttle} limits the bytes per second toward Jenkins (a slow download).
 */
final class TcpProxy implements AutoCloseable {

    private final int targetPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile long bytesPerSecond;

    TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = listen(0);
        this.port = server.getLocalPort();
        accept(server);
    }

    int port() {
        return port;
    }

    /** Limits what flows from the target back to Jenkins; 0 lifts the limit. */
    void throttle(long limit) {
        bytesPerSecond = limit;
    }

    /** Drops every connection and refuses new ones until {@link #restore()}. */
    synchronized void cut() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    synchronized void restore() throws IOException {
        if (server.isClosed()) {
            server = listen(port);
            accept(server);
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private void accept(ServerSocket listening) {
        Thread t = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    Socket client = listening.accept();
                    Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    sockets.add(client);
                    sockets.add(target);
                    pump(client.getInputStream(), target.getOutputStream(), false, client, target);
                    pump(target.getInputStream(), client.getOutputStream(), true, client, target);
                } catch (IOException e) {
                    // closed by cut(), or the target refused: the client sees its connection end
                }
            }
        }, "proxy-accept-" + listening.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    private void pump(InputStream in, OutputStream out, boolean towardJenkins, Socket a, Socket b) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                    long limit = bytesPerSecond;
                    if (towardJenkins && limit > 0) {
                        Thread.sleep(n * 1000L / limit);
                    }
                }
            } catch (IOException | InterruptedException e) {
                // one side went away
            } finally {
                closeQuietly(a);
                closeQuietly(b);
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
