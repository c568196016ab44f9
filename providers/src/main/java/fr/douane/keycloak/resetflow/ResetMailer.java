package fr.douane.keycloak.resetflow;

import java.net.URI;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.Urls;
import org.keycloak.sessions.AuthenticationSessionCompoundId;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

import fr.douane.keycloak.AfterCommit;

/**
 * Sends the mails of the reset flow off the request thread, in a session and transaction of its
 * own. Building the signed link, rendering the templates and talking to SMTP only happen for
 * accounts that exist, so doing them on the request thread would let response times tell which
 * identifiants exist; doing them here also keeps a slow or broken SMTP server from being seen.
 */
public final class ResetMailer {

    private static final Logger LOG = Logger.getLogger(ResetMailer.class);
    private static final String EXECUTOR = "douane-reset-mail";

    public static final String RESET_LINK_TEMPLATE = "douane-reset-link.ftl";
    public static final String RESET_LINK_SUBJECT = "douaneResetLinkSubject";
    public static final String PASSWORD_CHANGED_TEMPLATE = "douane-password-changed.ftl";
    public static final String PASSWORD_CHANGED_SUBJECT = "douanePasswordChangedSubject";

    private ResetMailer() {
    }

    /** Everything the background job needs, captured on the request thread. */
    public record Request(String realmId, String userId, String clientId, String tabId, String rootSessionId,
                          String compoundSessionId, String clientData, URI baseUri, String ipAddress,
                          boolean sharedEmail) {

        static Request capture(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession,
                               UserModel user, String clientData, String ipAddress, boolean sharedEmail) {
            return new Request(realm.getId(), user.getId(), authSession.getClient().getClientId(), authSession.getTabId(),
                    authSession.getParentSession().getId(),
                    AuthenticationSessionCompoundId.fromAuthSession(authSession).getEncodedId(), clientData,
                    session.getContext().getUri().getBaseUri(), ipAddress, sharedEmail);
        }
    }

    /** Queues the "Réinitialisation mot de passe" mail (or the shared-email notice). */
    public static void queueResetLink(KeycloakSession session, Request request) {
        // The request's session is a request-scoped proxy: take the factory now, not in the job.
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        submit(session, () -> KeycloakModelUtils.runJobInTransaction(factory, s -> sendResetLink(s, request)));
    }

    /** Queues the "mot de passe modifié" notification; it never contains the password. */
    public static void queuePasswordChanged(KeycloakSession session, RealmModel realm, UserModel user,
                                            URI baseUri, String ipAddress) {
        String realmId = realm.getId();
        String userId = user.getId();
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        submit(session, () -> KeycloakModelUtils.runJobInTransaction(factory,
                s -> sendPasswordChanged(s, realmId, userId, baseUri, ipAddress)));
    }

    /**
     * Hands the job to the executor once the request's transaction has completed, that is after
     * the confirmation page was rendered: the mail work then never competes with the page it
     * could otherwise be told apart by. Both the executor and the factory are taken now, on the
     * request thread (the request's session is a request-scoped proxy).
     */
    private static void submit(KeycloakSession session, Runnable job) {
        ExecutorService executor = session.getProvider(ExecutorsProvider.class).getExecutor(EXECUTOR);
        // A request that failed (rolled back) showed no page, so it gets no mail.
        AfterCommit.run(session, () -> execute(executor, job));
    }

    private static void execute(ExecutorService executor, Runnable job) {
        try {
            executor.execute(() -> {
                try {
                    job.run();
                } catch (RuntimeException e) {
                    // Never let a mail failure escape into the executor (and never to the user).
                    LOG.warnf(e, "douane reset mail job failed");
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warnf("douane reset mail not queued: executor rejected it (%s)", e.getMessage());
        }
    }

    private static void sendResetLink(KeycloakSession s, Request request) {
        RealmModel realm = s.realms().getRealm(request.realmId());
        if (realm == null) {
            return;
        }
        s.getContext().setRealm(realm);
        ClientModel client = realm.getClientByClientId(request.clientId());
        if (client != null) {
            s.getContext().setClient(client);
            restoreAuthSession(s, realm, client, request);
        }
        UserModel user = s.users().getUserById(realm, request.userId());
        EventBuilder event = new EventBuilder(realm, s).event(EventType.SEND_RESET_PASSWORD)
                .ipAddress(request.ipAddress()).client(request.clientId());
        if (user == null) {
            event.detail(ResetOutcome.EVENT_DETAIL, ResetOutcome.UNKNOWN_ACCOUNT.detail()).error(ResetOutcome.UNKNOWN_ACCOUNT.eventError());
            return;
        }
        event.user(user).detail(Details.USERNAME, user.getUsername()).detail(Details.EMAIL, user.getEmail());

        int lifespan = ResetLinkToken.lifespanSeconds(realm);
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("identifiant", user.getUsername());
        attributes.put("linkExpiration", TimeUnit.SECONDS.toMinutes(lifespan));
        attributes.put("sharedEmail", request.sharedEmail());
        attributes.put("loginUrl", loginUrl(request.baseUri(), realm));
        attributes.put("resetUrl", resetUrl(request.baseUri(), realm, request.clientId()));
        if (!request.sharedEmail()) {
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
            ResetOutcome outcome = request.sharedEmail() ? ResetOutcome.SHARED_EMAIL_NOTICE_QUEUED : ResetOutcome.MAIL_SENT;
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

    /** The auth session carries the language the person chose on the page; the mail uses it. */
    private static void restoreAuthSession(KeycloakSession s, RealmModel realm, ClientModel client, Request request) {
        RootAuthenticationSessionModel root = s.authenticationSessions().getRootAuthenticationSession(realm, request.rootSessionId());
        if (root != null) {
            AuthenticationSessionModel authSession = root.getAuthenticationSession(client, request.tabId());
            if (authSession != null) {
                s.getContext().setAuthenticationSession(authSession);
            }
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
