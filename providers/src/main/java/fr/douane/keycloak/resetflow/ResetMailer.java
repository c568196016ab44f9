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
import org.keycloak.services.Urls;

/**
 * Builds and sends the mails of the reset flow. Both run in background jobs ({@link ResetJobs}),
 * never on the request thread: building the signed link, rendering the templates and talking to
 * SMTP only happen for accounts that exist, and a slow or broken SMTP server must not be seen.
 */
public final class ResetMailer {

    private static final Logger LOG = Logger.getLogger(ResetMailer.class);

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
        ResetJobs.afterCommit(session, "password-changed notice",
                s -> sendPasswordChanged(s, realmId, userId, baseUri, ipAddress));
    }

    /**
     * Sends the "Réinitialisation mot de passe" mail with a fresh link, or the shared-email notice
     * (no link), and records the request's event.
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
        if (!sharedEmail) {
            ResetLinkToken token = new ResetLinkToken(user.getId(), user.getEmail(), Time.currentTime() + lifespan,
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
        }
        try {
            s.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                    .send(RESET_LINK_SUBJECT, RESET_LINK_TEMPLATE, attributes);
            ResetOutcome outcome = sharedEmail ? ResetOutcome.SHARED_EMAIL_NOTICE_QUEUED : ResetOutcome.MAIL_SENT;
            event.detail(ResetOutcome.EVENT_DETAIL, outcome.detail()).success();
        } catch (EmailException e) {
            LOG.warnf("douane reset mail to user %s not sent: %s", user.getId(), e.getMessage());
            event.detail(ResetOutcome.EVENT_DETAIL, ResetOutcome.MAIL_FAILED.detail())
                    .detail(Details.REASON, e.getMessage()).error(ResetOutcome.MAIL_FAILED.eventError());
        }
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
        try {
            s.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(user)
                    .send(PASSWORD_CHANGED_SUBJECT, PASSWORD_CHANGED_TEMPLATE, attributes);
        } catch (EmailException e) {
            LOG.warnf("douane password-changed notification to user %s not sent: %s", userId, e.getMessage());
            new EventBuilder(realm, s).event(EventType.SEND_RESET_PASSWORD).user(user).ipAddress(ip)
                    .detail(ResetOutcome.EVENT_DETAIL, "password_changed_notice_failed")
                    .detail(Details.REASON, e.getMessage()).error(ResetOutcome.MAIL_FAILED.eventError());
        }
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
