package fr.douane.keycloak.it.harness;

import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The link between Keycloak and the Portailpro PostgreSQL, which a test breaks the ways a directory
 * fails in production: {@link State#UP} relays every byte; {@link State#REFUSING} closes every
 * connection and refuses new ones (database down, firewall reject); {@link State#HUNG} accepts
 * connections and relays nothing, in either direction, on new and existing connections alike
 * (database frozen, network black hole); {@link State#SLOW} relays, but holds each answer to a
 * statement until {@link #slowDelay} after the statement was sent (database overloaded: every
 * statement answered late, the JDBC driver's own setup statements of a new connection included; the
 * startup and password exchange are not delayed). The realm's JDBC URL points at this link.
 */
public final class DirectoryLink extends FaultLink {

    public enum State { UP, REFUSING, HUNG, SLOW }

    private final Object stateLock = new Object();
    private volatile State state = State.UP;
    private volatile boolean closed;
    private volatile Duration slowDelay = Duration.ofSeconds(2);

    public DirectoryLink(int listenPort, int targetPort) {
        super("directory-link", listenPort, targetPort);
    }

    public State state() {
        return state;
    }

    /** How late a statement is answered in {@link State#SLOW} (2 s unless set). */
    public void slowDelay(Duration delay) {
        this.slowDelay = delay;
    }

    /** Switches the link; from any state to any other. */
    public void set(State next) {
        synchronized (stateLock) {
            if (next == state) {
                return;
            }
            State previous = state;
            state = next;
            if (!followRefusal(previous == State.REFUSING, next == State.REFUSING) && previous == State.HUNG) {
                // Connections held while hung carry half-sent requests: drop them, as a database
                // coming back after a freeze has lost its clients' sockets.
                dropAll();
            }
            stateLock.notifyAll();
        }
    }

    @Override
    protected void serve(Socket client) {
        awaitNotHung();
        if (state == State.UP || state == State.SLOW) {
            // When the client last sent a statement not answered yet (0: none).
            AtomicLong statementSentAt = new AtomicLong();
            relay(client, (data, length) -> {
                if (!passing()) {
                    return false;
                }
                if (length > 0 && isStatement(data[0])) {
                    statementSentAt.compareAndSet(0, System.nanoTime());
                }
                return true;
            }, (data, length) -> {
                long sentAt = statementSentAt.getAndSet(0);
                if (sentAt != 0 && state == State.SLOW) {
                    LocalFiles.sleep(Math.max(0, (sentAt + slowDelay.toNanos() - System.nanoTime()) / 1_000_000));
                }
                return passing();
            });
        }
    }

    private boolean passing() {
        awaitNotHung();
        return state == State.UP || state == State.SLOW;
    }

    /**
     * The PostgreSQL frontend messages that run or prepare a statement (simple query, parse, bind,
     * describe, execute, close, flush, sync, function call), by their type byte. The startup and
     * SSL requests start with a length (a zero byte), the password exchange with 'p': the
     * handshake is never delayed.
     */
    private static boolean isStatement(byte type) {
        return "QPBDECHSF".indexOf(type) >= 0;
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

    @Override
    public void close() {
        synchronized (stateLock) {
            closed = true;
            super.close();
            stateLock.notifyAll();
        }
    }
}
