package fr.douane.keycloak.resetflow;

import java.net.URI;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.Urls;

/**
 * Builds the mails of the reset flow and hands them to {@link MailDelivery}. Both run in
 * background jobs ({@link ResetJobs}), never on the request thread: building the signed link,
 * rendering the templates and talking to SMTP only happen for accounts that exist, and a slow or
 * broken SMTP server must not be seen.
 */
public final class ResetMailer {

    public static final String RESET_LINK_TEMPLATE = "douane-reset-link.ftl";
    public static final String RESET_LINK_SUBJECT = "douaneResetLinkSubject";
    public static final String PASSWORD_CHANGED_TEMPLATE = "douane-password-changed.ftl";
    public static final String PASSWORD_CHANGED_SUBJECT = "douanePasswordChangedSubject";

    private ResetMailer() {
    }

    /** Queues the "mot de passe modifié" notification; it never contains the password. */
    public static void queuePasswordChanged(KeycloakSession session, RealmModel realm, UserModel user,
                                            URI baseUri, String ipAddress) {
        String realmId = realm.getId();
        String userId = user.getId();
        ResetJobs.afterCommit(session, ResetJobs.executorFor(PendingMail.Kind.PASSWORD_CHANGED), "password-changed notice",
                s -> sendPasswordChanged(s, realmId, userId, baseUri, ipAddress));
    }

    /**
     * Sends the "Réinitialisation mot de passe" mail with a fresh link, or the shared-email notice
     * (no link), retried if it fails for a reason that can pass ({@link MailDelivery}); the
     * request's event is recorded when the mail is sent or given up. The link's lifetime starts
     * now, at the request, whatever the attempt that delivers it.
     */
    static void sendResetLink(KeycloakSession s, RealmModel realm, UserModel user, ResetRequestJob.Request request,
                              boolean sharedEmail, EventBuilder event) {
        int lifespan = ResetLinkToken.lifespanSeconds(realm);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("identifiant", user.getUsername());
        attributes.put("linkExpiration", TimeUnit.SECONDS.toMinutes(lifespan));
        attributes.put("sharedEmail", sharedEmail);
        attributes.put("loginUrl", loginUrl(request.baseUri(), realm));
        attributes.put("resetUrl", resetUrl(request.baseUri(), realm, request.clientId()));
        String linkId = null;
        int expiresAt = 0;
        if (!sharedEmail) {
            expiresAt = Time.currentTime() + lifespan;
            ResetLinkToken token = new ResetLinkToken(user.getId(), user.getEmail(), expiresAt,
                    request.compoundSessionId(), request.clientId(), AccountFingerprint.of(user));
            String issuer = Urls.realmIssuer(request.baseUri(), realm.getName());
            token.issuedNow().issuer(issuer).audience(issuer);
            String serialized = s.tokens().encode(token);
            // Newest link only: recording this one invalidates every link issued before it. It is
            // committed cluster-wide before the mail is sent (see markNewestCommitted).
            ResetLinkStore.markNewestCommitted(s.getKeycloakSessionFactory(), realm.getId(), user.getId(), token.getId(), lifespan);
            String link = Urls.actionTokenBuilder(request.baseUri(), serialized, request.clientId(), request.tabId(),
                    request.clientData()).build(realm.getName()).toString();
            attributes.put("link", link);
            event.detail(Details.TOKEN_ID, token.getId());
            linkId = token.getId();
        }
        PendingMail mail = PendingMail.create(sharedEmail ? PendingMail.Kind.SHARED_EMAIL_NOTICE : PendingMail.Kind.RESET_LINK,
                realm.getId(), user.getId(), request.clientId(), request.tabId(), request.rootSessionId(),
                request.ipAddress(), attributes, linkId, expiresAt, event.getEvent().getDetails() == null ? Map.of()
                        : new HashMap<>(event.getEvent().getDetails()),
                System.currentTimeMillis());
        MailDelivery.sendFirst(s, realm, user, mail);
    }

    private static void sendPasswordChanged(KeycloakSession s, String realmId, String userId, URI baseUri, String ip) {
        RealmModel realm = s.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        s.getContext().setRealm(realm);
        UserModel user = s.users().getUserById(realm, userId);
        if (user == null || user.getEmail() == null || user.getEmail().isBlank()) {
            return;
        }
        Locale locale = s.getContext().resolveLocale(user);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("identifiant", user.getUsername());
        attributes.put("changedAt", ZonedDateTime.now(ZoneId.of("Europe/Paris"))
                .format(DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT).withLocale(locale)));
        attributes.put("loginUrl", loginUrl(baseUri, realm));
        attributes.put("resetUrl", resetUrl(baseUri, realm, null));
        PendingMail mail = PendingMail.create(PendingMail.Kind.PASSWORD_CHANGED, realmId, userId, null, null, null, ip,
                attributes, null, 0, Map.of(), System.currentTimeMillis());
        MailDelivery.sendFirst(s, realm, user, mail);
    }

    static String loginUrl(URI baseUri, RealmModel realm) {
        return Urls.realmBase(baseUri).path(realm.getName()).path("account").build().toString();
    }

    static String resetUrl(URI baseUri, RealmModel realm, String clientId) {
        String client = clientId == null ? "account-console" : clientId;
        return Urls.realmBase(baseUri).path(realm.getName()).path("login-actions").path("reset-credentials")
                .queryParam("client_id", client).build().toString();
    }
}
