package fr.douane.keycloak.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP link between Keycloak and the Portailpro PostgreSQL that a test can break the ways a
 * directory fails in production: {@link State#UP} relays every byte; {@link State#REFUSING}
 * closes every connection and refuses new ones (database down, firewall reject);
 * {@link State#HUNG} accepts connections and relays nothing, in either direction, on new and
 * existing connections alike (database frozen, network black hole). The realm's JDBC URL points
 * at this link, so Keycloak meets the failure on its real pool and driver.
 */
public final class DirectoryLink implements AutoCloseable {

    public enum State { UP, REFUSING, HUNG }

    private final int listenPort;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object stateLock = new Object();
    private volatile State state = State.UP;
    private volatile boolean closed;
    private ServerSocket server;

    public DirectoryLink(int listenPort, int targetPort) {
        this.listenPort = listenPort;
        this.targetPort = targetPort;
        listen();
    }

    public int port() {
        return listenPort;
    }

    public State state() {
        return state;
    }

    /** Switches the link; from any state to any other. */
    public void set(State next) {
        synchronized (stateLock) {
            if (next == state) {
                return;
            }
            State previous = state;
            state = next;
            if (next == State.REFUSING) {
                closeQuietly(server);
                server = null;
                dropAll();
            } else if (previous == State.REFUSING) {
                listen();
            } else if (previous == State.HUNG) {
                // Connections held while hung carry half-sent requests: drop them, as a database
                // coming back after a freeze has lost its clients' sockets.
                dropAll();
            }
            stateLock.notifyAll();
        }
    }

    private void listen() {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
            server = s;
            Thread t = new Thread(() -> acceptLoop(s), "directory-link-accept");
            t.setDaemon(true);
            t.start();
        } catch (IOException e) {
            throw new UncheckedIOException("directory link cannot listen on " + listenPort, e);
        }
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                sockets.add(client);
                Thread t = new Thread(() -> connect(client), "directory-link-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void connect(Socket client) {
        Socket upstream = null;
        try {
            awaitNotHung();
            if (state != State.UP) {
                closeQuietly(client);
                return;
            }
            upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            sockets.add(upstream);
            Socket up = upstream;
            Thread back = new Thread(() -> pump(up, client), "directory-link-down");
            back.setDaemon(true);
            back.start();
            pump(client, upstream);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                awaitNotHung();
                if (state != State.UP) {
                    break;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // closed on either side
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Holds the calling relay while the link is hung: the bytes it read go nowhere. */
    private void awaitNotHung() {
        synchronized (stateLock) {
            while (state == State.HUNG && !closed) {
                try {
                    stateLock.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void dropAll() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    private static void closeQuietly(java.io.Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        synchronized (stateLock) {
            closed = true;
            closeQuietly(server);
            dropAll();
            stateLock.notifyAll();
        }
    }
}
