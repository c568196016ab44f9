package fr.douane.keycloak;

import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * Work that must only happen once a request's transaction has committed, and never if it rolls
 * back: the reset flow's mails (sent after the page was rendered) and the Portailpro username
 * cache priming (which must read what the request wrote).
 */
public final class AfterCommit {

    private AfterCommit() {
    }

    /** Runs {@code job} on the request thread when the session's transaction has committed. */
    public static void run(KeycloakSession session, Runnable job) {
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                job.run();
            }

            @Override
            protected void rollbackImpl() {
                // Rolled back: nothing happened that the job could follow up.
            }
        });
    }
}
