package fr.douane.keycloak.resetflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

import org.keycloak.util.JsonSerialization;

/**
 * One mail of the reset flow, as it waits in the {@link MailOutbox} between attempts: everything
 * needed to render and send it again on any node (the template's values, the link already built
 * at the request, with its expiry), to record its request's event once it is sent or given up,
 * and the retry state (attempts so far, next attempt, and which node holds it while trying).
 */
record PendingMail(String id, Kind kind, String realmId, String userId, String clientId, String tabId,
                   String rootSessionId, String ipAddress, Map<String, Object> attributes, String linkId,
                   int linkExpiresAt, Map<String, String> eventDetails, long firstAttemptAt, int attempts,
                   long nextAttemptAt, String holder, long heldUntil, String lastError) {

    /** The three mails of the flow: subject key and template. */
    enum Kind {
        RESET_LINK(ResetMailer.RESET_LINK_SUBJECT, ResetMailer.RESET_LINK_TEMPLATE),
        SHARED_EMAIL_NOTICE(ResetMailer.RESET_LINK_SUBJECT, ResetMailer.RESET_LINK_TEMPLATE),
        PASSWORD_CHANGED(ResetMailer.PASSWORD_CHANGED_SUBJECT, ResetMailer.PASSWORD_CHANGED_TEMPLATE);

        final String subject;
        final String template;

        Kind(String subject, String template) {
            this.subject = subject;
            this.template = template;
        }

        /** The reset link and the shared-email notice answer a request, which has its event. */
        boolean answersRequest() {
            return this != PASSWORD_CHANGED;
        }
    }

    static PendingMail create(Kind kind, String realmId, String userId, String clientId, String tabId,
                              String rootSessionId, String ipAddress, Map<String, Object> attributes, String linkId,
                              int linkExpiresAt, Map<String, String> eventDetails, long now) {
        return new PendingMail(UUID.randomUUID().toString(), kind, realmId, userId, clientId, tabId, rootSessionId,
                ipAddress, attributes, linkId, linkExpiresAt, eventDetails, now, 0, now, null, 0, null);
    }

    /** Held by {@code node} for one attempt until {@code until}: no other node tries it meanwhile. */
    PendingMail heldBy(String node, long until) {
        return new PendingMail(id, kind, realmId, userId, clientId, tabId, rootSessionId, ipAddress, attributes, linkId,
                linkExpiresAt, eventDetails, firstAttemptAt, attempts, nextAttemptAt, node, until, lastError);
    }

    /** One more failed attempt; released for the next one at {@code next}. */
    PendingMail failed(long next, String error) {
        return new PendingMail(id, kind, realmId, userId, clientId, tabId, rootSessionId, ipAddress, attributes, linkId,
                linkExpiresAt, eventDetails, firstAttemptAt, attempts + 1, next, null, 0, error);
    }

    /** Due for an attempt at {@code now}, and held by no live attempt. */
    boolean dueAt(long now) {
        return nextAttemptAt <= now && heldUntil <= now;
    }

    String json() {
        try {
            return JsonSerialization.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PendingMail parse(String json) {
        try {
            return JsonSerialization.readValue(json, PendingMail.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
