package fr.douane.keycloak.resetflow;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakSessionTask;
import org.keycloak.models.utils.KeycloakModelUtils;

import fr.douane.keycloak.AfterCommit;

/**
 * Runs the reset flow's account work (lookups, directory reads, links, mails) off the request
 * thread, in a session and transaction of its own, once the request has committed. The page a
 * person sees is then rendered before any of that work starts, and none of it can be seen in the
 * response time: neither whether the account exists, nor a slow directory or SMTP server.
 *
 * <p>Keycloak's executor for a task type is a pool of a few threads over an unbounded queue. A hung
 * directory makes each job wait for its timeouts, so the queue is bounded here: past
 * {@link #MAX_PENDING} jobs waiting on this node, new ones are dropped with a warning. The count is
 * per node on purpose: it protects this node's memory, it is not state another node needs.</p>
 */
final class ResetJobs {

    private static final Logger LOG = Logger.getLogger(ResetJobs.class);
    static final String EXECUTOR = "douane-reset-mail";
    static final int MAX_PENDING = 10_000;

    private static final AtomicInteger PENDING = new AtomicInteger();

    static {
        ResetMeters.registerQueue(PENDING);
    }

    private ResetJobs() {
    }

    /**
     * Queues {@code task} to run in its own transaction after the request's transaction commits;
     * a rolled-back request showed no page and queues nothing. The executor and the session
     * factory are taken now, on the request thread (the request's session is a request-scoped proxy).
     */
    static void afterCommit(KeycloakSession session, String what, KeycloakSessionTask task) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        ExecutorService executor = session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
        AfterCommit.run(session, () -> execute(executor, what,
                () -> KeycloakModelUtils.runJobInTransaction(factory, task)));
    }

    private static void execute(ExecutorService executor, String what, Runnable job) {
        if (PENDING.incrementAndGet() > MAX_PENDING) {
            PENDING.decrementAndGet();
            LOG.warnf("douane %s dropped: %d jobs already waiting on this node", what, MAX_PENDING);
            ResetMeters.jobDropped();
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    job.run();
                } catch (RuntimeException e) {
                    // Never let a failure escape into the executor (and never to the person).
                    LOG.warnf(e, "douane %s failed", what);
                } finally {
                    PENDING.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            PENDING.decrementAndGet();
            LOG.warnf("douane %s not queued: executor rejected it (%s)", what, e.getMessage());
            ResetMeters.jobDropped();
        }
    }

    /** Jobs queued or running on this node (tests). */
    static int pending() {
        return PENDING.get();
    }
}
