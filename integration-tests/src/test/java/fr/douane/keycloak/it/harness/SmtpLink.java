package fr.douane.keycloak.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP link between Keycloak and the test SMTP server that a test switches to the ways a mail
 * server fails: {@link State#UP} relays to the real server; {@link State#REFUSING} refuses
 * connections (server down); {@link State#TARPIT} accepts them and never answers (server hung,
 * network black hole); {@link State#REJECTING} speaks SMTP itself and refuses every sender with a
 * permanent {@code 554}. A state applies to connections opened after the switch; switching to
 * REFUSING also drops the open ones. It counts the connections it accepted and the most held open
 * at once. A test points the realm's SMTP port at {@link #port()} and back when it ends.
 */
public final class SmtpLink implements AutoCloseable {

    public enum State { UP, REFUSING, TARPIT, REJECTING }

    private final int listenPort;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private volatile State state = State.UP;
    private ServerSocket server;

    public SmtpLink(int targetPort) {
        this.listenPort = Ports.free();
        this.targetPort = targetPort;
        listen();
    }

    public int port() {
        return listenPort;
    }

    public synchronized void set(State next) {
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
        }
    }

    /** Connections accepted since the link was made. */
    public int accepted() {
        return accepted.get();
    }

    /** The most connections held open at the same time since the last {@link #resetCounts()}. */
    public int maxOpen() {
        return maxOpen.get();
    }

    public void resetCounts() {
        accepted.set(0);
        maxOpen.set(open.get());
    }

    private void listen() {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
            server = s;
            Thread t = new Thread(() -> acceptLoop(s), "smtp-link-accept");
            t.setDaemon(true);
            t.start();
        } catch (IOException e) {
            throw new UncheckedIOException("SMTP link cannot listen on " + listenPort, e);
        }
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                sockets.add(client);
                accepted.incrementAndGet();
                maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                State now = state;
                Thread t = new Thread(() -> serve(client, now), "smtp-link-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client, State mode) {
        try {
            switch (mode) {
                case UP -> relay(client);
                case TARPIT -> swallow(client);
                case REJECTING -> reject(client);
                default -> closeQuietly(client);
            }
        } finally {
            closeQuietly(client);
            sockets.remove(client);
            open.decrementAndGet();
        }
    }

    private void relay(Socket client) {
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            sockets.add(upstream);
            Thread back = new Thread(() -> pump(upstream, client), "smtp-link-down");
            back.setDaemon(true);
            back.start();
            pump(client, upstream);
            back.join(5_000);
        } catch (IOException e) {
            // upstream down: the client sees its connection closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
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

    /** Reads whatever comes and answers nothing, until the client gives up. */
    private static void swallow(Socket client) {
        byte[] buffer = new byte[4096];
        try {
            InputStream in = client.getInputStream();
            while (in.read(buffer) >= 0) {
                // nothing is ever answered
            }
        } catch (IOException e) {
            // the client gave up
        }
    }

    /** Greets, then refuses the sender for good. */
    private static void reject(Socket client) {
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
            Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII);
            reply(out, "220 test ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
                switch (verb) {
                    case "EHLO", "HELO" -> reply(out, "250 test");
                    case "MAIL" -> reply(out, "554 5.7.1 Message refused");
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    case "RSET", "NOOP" -> reply(out, "250 OK");
                    default -> reply(out, "503 5.5.1 Bad sequence");
                }
            }
        } catch (IOException e) {
            // the client left
        }
    }

    private static void reply(Writer out, String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
    }

    private void dropAll() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
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
    public synchronized void close() {
        closeQuietly(server);
        server = null;
        dropAll();
    }
}
