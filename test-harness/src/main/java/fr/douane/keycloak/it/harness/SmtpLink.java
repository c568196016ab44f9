package fr.douane.keycloak.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
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
public final class SmtpLink extends FaultLink {

    public enum State { UP, REFUSING, TARPIT, REJECTING }

    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final Map<Socket, State> modes = new ConcurrentHashMap<>();
    private volatile State state = State.UP;

    public SmtpLink(int targetPort) {
        super("smtp-link", Ports.free(), targetPort);
    }

    public synchronized void set(State next) {
        if (next == state) {
            return;
        }
        State previous = state;
        state = next;
        followRefusal(previous == State.REFUSING, next == State.REFUSING);
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

    @Override
    protected void accepted(Socket client) {
        accepted.incrementAndGet();
        maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        // The state when the connection came in decides how it is served.
        modes.put(client, state);
    }

    @Override
    protected void closed(Socket client) {
        open.decrementAndGet();
    }

    @Override
    protected void serve(Socket client) {
        State mode = modes.remove(client);
        switch (mode == null ? State.REFUSING : mode) {
            case UP -> relay(client, () -> true);
            case TARPIT -> swallow(client);
            case REJECTING -> reject(client);
            default -> { }
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
}
