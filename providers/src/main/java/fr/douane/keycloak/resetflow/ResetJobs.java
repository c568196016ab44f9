package fr.douane.keycloak.resetflow;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

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
 * {@link #MAX_PENDING} jobs waiting on this node, new ones are dropped with a warning that carries
 * the number dropped since the node started. The count is per node on purpose: it protects this
 * node's memory, it is not state another node needs. A dropped mail retry is not lost: the mail
 * stays in the {@link MailOutbox} for the next poll.</p>
 *
 * <p>The "mot de passe modifié" notices have a pool of their own ({@link #NOTICE_EXECUTOR}): a
 * procedure sends two mails, and with the link mails and the notices on one pool of a few threads, a
 * slow SMTP server (each mail a new connection of several round trips) makes the link a person waits
 * for queue behind the notices of procedures already finished. A notice's retries go to that pool
 * too ({@link #executorFor}).</p>
 *
 * <p>The threads of these two pools are the only ones that ever talk to SMTP: an SMTP server that
 * accepts connections and never answers holds at most these threads, each for the realm's SMTP timeouts.</p>
 */
final class ResetJobs {

    private static final Logger LOG = Logger.getLogger(ResetJobs.class);
    static final String EXECUTOR = "douane-reset-mail";
    static final String NOTICE_EXECUTOR = "douane-reset-notice";
    static final int MAX_PENDING = 10_000;

    private static final AtomicInteger PENDING = new AtomicInteger();
    private static final AtomicLong DROPPED = new AtomicLong();

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
        afterCommit(session, EXECUTOR, what, task);
    }

    /** As {@link #afterCommit(KeycloakSession, String, KeycloakSessionTask)}, on the executor named {@code executorName}. */
    static void afterCommit(KeycloakSession session, String executorName, String what, KeycloakSessionTask task) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        ExecutorService executor = session.getProvider(ExecutorsProvider.class).getExecutor(executorName);
        AfterCommit.run(session, () -> execute(executor, what,
                () -> KeycloakModelUtils.runJobInTransaction(factory, task)));
    }

    /** The pool a mail of this kind is sent from: the notices' own, or the links'. */
    static String executorFor(PendingMail.Kind kind) {
        return kind == PendingMail.Kind.PASSWORD_CHANGED ? NOTICE_EXECUTOR : EXECUTOR;
    }

    /**
     * Queues {@code task} now on the executor named {@code executorName}, in a session and
     * transaction of its own; false when it was dropped.
     */
    static boolean submit(KeycloakSession session, String executorName, String what, KeycloakSessionTask task) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        ExecutorService executor = session.getProvider(ExecutorsProvider.class).getExecutor(executorName);
        return execute(executor, what, () -> KeycloakModelUtils.runJobInTransaction(factory, task));
    }

    private static boolean execute(ExecutorService executor, String what, Runnable job) {
        if (PENDING.incrementAndGet() > MAX_PENDING) {
            PENDING.decrementAndGet();
            LOG.warnf("douane %s dropped: %d jobs already waiting on this node (%d dropped since start)", what,
                    MAX_PENDING, DROPPED.incrementAndGet());
            ResetMeters.jobDropped();
            return false;
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
            LOG.warnf("douane %s not queued: executor rejected it (%s; %d dropped since start)", what, e.getMessage(),
                    DROPPED.incrementAndGet());
            ResetMeters.jobDropped();
            return false;
        }
        return true;
    }

    /** Jobs queued or running on this node (tests). */
    static int pending() {
        return PENDING.get();
    }

    /** Jobs dropped on this node since it started. */
    static long dropped() {
        return DROPPED.get();
    }
}
