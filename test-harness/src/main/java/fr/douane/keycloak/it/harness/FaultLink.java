package fr.douane.keycloak.it.harness;

import java.io.Closeable;
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
import java.util.function.BooleanSupplier;

/**
 * A loopback TCP listener in front of a real server (the Portailpro PostgreSQL, the test SMTP server),
 * pointed at by Keycloak's configuration, that a test turns into the faults of that server: it stops
 * listening (connections refused), or its subclass serves a connection otherwise than by relaying it
 * (holding it without an answer, answering by itself, relaying it late). Keycloak then meets the
 * fault on its real driver, pool or mail sender.
 */
public abstract class FaultLink implements AutoCloseable {

    private final String name;
    private final int listenPort;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private ServerSocket server;

    protected FaultLink(String name, int listenPort, int targetPort) {
        this.name = name;
        this.listenPort = listenPort;
        this.targetPort = targetPort;
        startListening();
    }

    public int port() {
        return listenPort;
    }

    /** Serves one accepted connection, on a thread of its own; the connection is closed when it returns. */
    protected abstract void serve(Socket client);

    /** Called on the accepting thread for every connection, before {@link #serve}. */
    protected void accepted(Socket client) {
    }

    /** Called once a served connection is closed. */
    protected void closed(Socket client) {
    }

    /**
     * Stops listening when a link enters its refusing state (a server that is down) and listens
     * again when it leaves it; true when it did either.
     */
    protected final boolean followRefusal(boolean wasRefusing, boolean refusing) {
        if (refusing) {
            stopListening();
        } else if (wasRefusing) {
            startListening();
        }
        return refusing || wasRefusing;
    }

    /** Connections are refused from now on; the open ones are dropped. */
    protected final synchronized void stopListening() {
        closeQuietly(server);
        server = null;
        dropAll();
    }

    protected final synchronized void startListening() {
        if (server != null) {
            return;
        }
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
            server = s;
            daemon(() -> acceptLoop(s), name + "-accept");
        } catch (IOException e) {
            throw new UncheckedIOException(name + " cannot listen on " + listenPort, e);
        }
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                sockets.add(client);
                accepted(client);
                daemon(() -> {
                    try {
                        serve(client);
                    } finally {
                        closeQuietly(client);
                        sockets.remove(client);
                        closed(client);
                    }
                }, name + "-conn");
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /**
     * Relays the connection to the real server in both directions until either side closes or
     * {@code passing} says no; {@code passing} is asked before each chunk is written on (it may block,
     * to hold the bytes).
     */
    protected final void relay(Socket client, BooleanSupplier passing) {
        Chunks both = (data, length) -> passing.getAsBoolean();
        relay(client, both, both);
    }

    /** What a relay asks before it writes a chunk on: true to write it, false to close the connection; it may block. */
    @FunctionalInterface
    protected interface Chunks {
        boolean pass(byte[] data, int length);
    }

    /**
     * Relays the connection, asking {@code toServer} about each chunk the client sends and
     * {@code toClient} about each chunk the server answers (a subclass that reads or delays one
     * direction only).
     */
    protected final void relay(Socket client, Chunks toServer, Chunks toClient) {
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            sockets.add(upstream);
            Thread back = daemon(() -> pump(upstream, client, toClient), name + "-down");
            pump(client, upstream, toServer);
            back.join(5_000);
        } catch (IOException e) {
            // the real server is down: the client sees its connection closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pump(Socket from, Socket to, Chunks passing) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0 && passing.pass(buffer, n)) {
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

    /** Drops every open connection, relayed or held. */
    protected final void dropAll() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    private static Thread daemon(Runnable work, String threadName) {
        Thread t = new Thread(work, threadName);
        t.setDaemon(true);
        t.start();
        return t;
    }

    protected static void closeQuietly(Closeable c) {
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
        stopListening();
    }
}
