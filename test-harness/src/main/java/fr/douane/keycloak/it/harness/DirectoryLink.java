package fr.douane.keycloak.it.harness;

import java.net.Socket;

/**
 * The link between Keycloak and the Portailpro PostgreSQL, which a test breaks the ways a directory
 * fails in production: {@link State#UP} relays every byte; {@link State#REFUSING} closes every
 * connection and refuses new ones (database down, firewall reject); {@link State#HUNG} accepts
 * connections and relays nothing, in either direction, on new and existing connections alike
 * (database frozen, network black hole). The realm's JDBC URL points at this link.
 */
public final class DirectoryLink extends FaultLink {

    public enum State { UP, REFUSING, HUNG }

    private final Object stateLock = new Object();
    private volatile State state = State.UP;
    private volatile boolean closed;

    public DirectoryLink(int listenPort, int targetPort) {
        super("directory-link", listenPort, targetPort);
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
                stopListening();
            } else if (previous == State.REFUSING) {
                startListening();
            } else if (previous == State.HUNG) {
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
        if (state == State.UP) {
            relay(client, () -> {
                awaitNotHung();
                return state == State.UP;
            });
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

    @Override
    public void close() {
        synchronized (stateLock) {
            closed = true;
            super.close();
            stateLock.notifyAll();
        }
    }
}
