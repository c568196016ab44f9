package fr.douane.keycloak.resetflow;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Sends the reset flow's mails and retries those that failed for a reason that can pass
 * ({@link MailFailure}), on the schedule of {@link MailRetrySchedule}. Before its first attempt a
 * mail is put into the {@link MailOutbox}, held by this node; it leaves the outbox once sent,
 * refused for good or given up. Each node looks every {@link #POLL_MILLIS} for mails that are due
 * and not held, and tries them on the pool of their kind ({@link ResetJobs#executorFor}); a mail
 * held by a node that died is free again after {@link #HOLD_MILLIS}.
 *
 * <p>A mail that answers a forgot-password request writes that request's one event when it ends:
 * {@code mail_sent} / {@code shared_email_notice_queued}, or {@code mail_failed} with the reason
 * and the number of attempts. A link that is no longer the account's newest, or has expired, by
 * the time of a retry is not mailed: it would be refused.</p>
 */
final class MailDelivery {

    private static final Logger LOG = Logger.getLogger(MailDelivery.class);

    static final long POLL_MILLIS = 5_000;
    /** Longer than one attempt can take with the SMTP timeouts (a few reads of 10 s at most). */
    static final long HOLD_MILLIS = 120_000;
    static final String ATTEMPTS_DETAIL = "douane_mail_attempts";
    private static final int MAX_REASON = 200;

    private static final String NODE = UUID.randomUUID().toString();
    /** Mails this node has queued for an attempt and not tried yet: queued once per node. */
    private static final Set<String> QUEUED_HERE = ConcurrentHashMap.newKeySet();

    private MailDelivery() {
    }

    /** The first attempt, in the job that prepared the mail. */
    static void sendFirst(KeycloakSession s, RealmModel realm, UserModel user, PendingMail mail) {
        MailRetrySchedule schedule = MailRetrySchedule.of(realm);
        MailOutbox outbox = schedule.retries() ? MailOutbox.of(s) : null;
        PendingMail held = mail.heldBy(NODE, System.currentTimeMillis() + HOLD_MILLIS);
        String heldJson = held.json();
        // Kept before the attempt: if this node dies during it, another node finds the mail.
        boolean kept = outbox != null && outbox.add(held.id(), heldJson);
        attempt(s, realm, user, held, heldJson, kept ? outbox : null, schedule);
    }

    /** Queues every due mail not held by an attempt; runs on each node every {@link #POLL_MILLIS}. */
    static void poll(KeycloakSession s) {
        MailOutbox outbox = MailOutbox.of(s);
        if (outbox == null) {
            return;
        }
        long now = System.currentTimeMillis();
        for (Map.Entry<String, String> entry : outbox.waiting()) {
            String id = entry.getKey();
            PendingMail mail;
            try {
                mail = PendingMail.parse(entry.getValue());
            } catch (RuntimeException e) {
                LOG.warnf("douane mail outbox: unreadable entry %s removed", id);
                outbox.remove(id);
                continue;
            }
            if (mail.dueAt(now) && QUEUED_HERE.add(id)) {
                boolean queued = ResetJobs.submit(s, ResetJobs.executorFor(mail.kind()), "mail retry", session -> {
                    try {
                        retry(session, id);
                    } finally {
                        QUEUED_HERE.remove(id);
                    }
                });
                if (!queued) {
                    QUEUED_HERE.remove(id);
                }
            }
        }
    }

    /** A later attempt, on the node whose claim succeeded. */
    static void retry(KeycloakSession s, String id) {
        MailOutbox outbox = MailOutbox.of(s);
        String json = outbox == null ? null : outbox.read(id);
        if (json == null) {
            return;
        }
        PendingMail mail = PendingMail.parse(json);
        long now = System.currentTimeMillis();
        if (!mail.dueAt(now)) {
            return;
        }
        PendingMail held = mail.heldBy(NODE, now + HOLD_MILLIS);
        String heldJson = held.json();
        if (!outbox.replace(id, json, heldJson)) {
            return; // another node took it, or it changed: the next poll sees it as it is now
        }
        RealmModel realm = s.realms().getRealm(mail.realmId());
        if (realm == null) {
            outbox.remove(id);
            return;
        }
        s.getContext().setRealm(realm);
        UserModel user = s.users().getUserById(realm, mail.userId());
        String stale = staleness(s, realm, user, mail);
        if (stale != null) {
            outbox.remove(id);
            LOG.infof("douane %s to user %s not retried: %s", describe(mail), mail.userId(), stale);
            recordFailure(s, realm, mail, mail.attempts(), stale);
            return;
        }
        ResetRequestJob.restoreAuthSession(s, realm, mail.clientId(), mail.rootSessionId(), mail.tabId());
        attempt(s, realm, user, held, heldJson, outbox, MailRetrySchedule.of(realm));
    }

    /** Why a waiting mail is no longer worth sending, or {@code null}. */
    private static String staleness(KeycloakSession s, RealmModel realm, UserModel user, PendingMail mail) {
        if (user == null || !user.isEnabled() || user.getEmail() == null || user.getEmail().isBlank()) {
            return "account gone, disabled or without email";
        }
        if (mail.kind() == PendingMail.Kind.RESET_LINK) {
            if (Time.currentTime() >= mail.linkExpiresAt()) {
                return "link expired";
            }
            if (!new ResetLinkStore(s, realm).isNewest(mail.userId(), mail.linkId())) {
                return "a newer link was issued";
            }
        }
        return null;
    }

    private static void attempt(KeycloakSession s, RealmModel realm, UserModel user, PendingMail held, String heldJson,
                                MailOutbox outbox, MailRetrySchedule schedule) {
        int attempt = held.attempts() + 1;
        try {
            // A copy: the template provider adds its own objects (user, messages) to the map it is given.
            s.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                    .send(held.kind().subject, held.kind().template, new HashMap<>(held.attributes()));
        } catch (EmailException e) {
            MailFailure failure = MailFailure.of(e);
            String reason = reason(e);
            long now = System.currentTimeMillis();
            OptionalLong next = failure == MailFailure.TRANSIENT && outbox != null
                    ? schedule.nextAttempt(held.firstAttemptAt(), attempt, now) : OptionalLong.empty();
            if (next.isPresent() && outbox.replace(held.id(), heldJson, held.failed(next.getAsLong(), reason).json())) {
                LOG.infof("douane %s to user %s not sent (attempt %d: %s), next attempt in %d s", describe(held),
                        held.userId(), attempt, reason, (next.getAsLong() - now + 999) / 1000);
                return;
            }
            if (outbox != null) {
                outbox.remove(held.id());
            }
            String verdict = failure == MailFailure.PERMANENT ? "refused" : "given up";
            LOG.warnf("douane %s to user %s not sent, %s after %d attempt(s): %s", describe(held), held.userId(),
                    verdict, attempt, reason);
            recordFailure(s, realm, held, attempt, verdict + ": " + reason);
            return;
        }
        if (outbox != null) {
            outbox.remove(held.id());
        }
        if (attempt > 1) {
            LOG.infof("douane %s to user %s sent at attempt %d", describe(held), held.userId(), attempt);
        }
        if (held.kind().answersRequest()) {
            ResetOutcome outcome = held.kind() == PendingMail.Kind.SHARED_EMAIL_NOTICE
                    ? ResetOutcome.SHARED_EMAIL_NOTICE_QUEUED : ResetOutcome.MAIL_SENT;
            requestEvent(s, realm, held).detail(ATTEMPTS_DETAIL, Integer.toString(attempt))
                    .detail(ResetOutcome.EVENT_DETAIL, outcome.detail()).success();
        }
    }

    private static void recordFailure(KeycloakSession s, RealmModel realm, PendingMail mail, int attempts, String reason) {
        EventBuilder event = mail.kind().answersRequest() ? requestEvent(s, realm, mail)
                .detail(ResetOutcome.EVENT_DETAIL, ResetOutcome.MAIL_FAILED.detail())
                : new EventBuilder(realm, s).event(EventType.SEND_RESET_PASSWORD).user(mail.userId())
                .ipAddress(mail.ipAddress()).detail(ResetOutcome.EVENT_DETAIL, "password_changed_notice_failed");
        event.detail(ATTEMPTS_DETAIL, Integer.toString(attempts)).detail(Details.REASON, reason)
                .error(ResetOutcome.MAIL_FAILED.eventError());
    }

    /** The event of the request the mail answers, with the details recorded when it was prepared. */
    private static EventBuilder requestEvent(KeycloakSession s, RealmModel realm, PendingMail mail) {
        EventBuilder event = new EventBuilder(realm, s).event(EventType.SEND_RESET_PASSWORD).user(mail.userId())
                .ipAddress(mail.ipAddress()).client(mail.clientId());
        if (mail.eventDetails() != null) {
            mail.eventDetails().forEach(event::detail);
        }
        return event;
    }

    private static String describe(PendingMail mail) {
        return switch (mail.kind()) {
            case RESET_LINK -> "reset mail";
            case SHARED_EMAIL_NOTICE -> "shared-email notice";
            case PASSWORD_CHANGED -> "password-changed notice";
        };
    }

    /** The innermost cause: Keycloak's own message only says to look at the log. */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage().strip());
        return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) : text;
    }
}
