package fr.douane.keycloak.resetflow;

import java.net.URI;
import java.util.Locale;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionCompoundId;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

import fr.douane.keycloak.standing.AccountStanding;
import fr.douane.keycloak.standing.AccountStandings;

/**
 * Everything of a forgot-password request that depends on the account, run after the
 * confirmation page was sent (see {@link ResetJobs}): the lookup in Keycloak and in the
 * directories it federates (which may import an account), the account's state, the per-account
 * limit, its standing read fresh from its directory, and then the link and the mail. Each request
 * ends in exactly one {@code SEND_RESET_PASSWORD(_ERROR)} event whose detail {@code douane_outcome}
 * says what happened.
 */
final class ResetRequestJob {

    private static final Logger LOG = Logger.getLogger(ResetRequestJob.class);

    /** What the job needs, captured on the request thread. */
    record Request(String realmId, ResetMode mode, String typed, int mailsPerAccountPerHour, String clientId,
                   String tabId, String rootSessionId, String compoundSessionId, String clientData, URI baseUri,
                   String ipAddress) {

        static Request capture(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession,
                               ResetMode mode, String typed, ResetFlowConfig config, String clientData, String ipAddress) {
            return new Request(realm.getId(), mode, typed, config.mailsPerAccountPerHour(),
                    authSession.getClient().getClientId(), authSession.getTabId(), authSession.getParentSession().getId(),
                    AuthenticationSessionCompoundId.fromAuthSession(authSession).getEncodedId(), clientData,
                    session.getContext().getUri().getBaseUri(), ipAddress);
        }
    }

    /** The account the person designated, if any. */
    record Lookup(UserModel user, boolean shared, boolean directoryError) {
    }

    private ResetRequestJob() {
    }

    static void queue(KeycloakSession session, Request request) {
        ResetJobs.afterCommit(session, "reset request", s -> run(s, request));
    }

    static void run(KeycloakSession s, Request request) {
        RealmModel realm = s.realms().getRealm(request.realmId());
        if (realm == null) {
            return;
        }
        s.getContext().setRealm(realm);
        restoreAuthSession(s, realm, request.clientId(), request.rootSessionId(), request.tabId());
        EventBuilder event = new EventBuilder(realm, s).event(EventType.SEND_RESET_PASSWORD)
                .ipAddress(request.ipAddress()).client(request.clientId())
                .detail("douane_mode", request.mode().formValue());

        Lookup lookup = lookup(s, realm, request.mode(), request.typed());
        UserModel user = lookup.user();
        if (user != null) {
            event.user(user).detail(Details.USERNAME, user.getUsername()).detail(Details.EMAIL, user.getEmail());
        } else {
            // What was typed designates nobody: it may be anything, a password among others.
            String digest = TypedValueDigest.of(s, realm, request.typed());
            if (digest != null) {
                event.detail(TypedValueDigest.EVENT_DETAIL, digest);
            }
        }
        Decision decision = decide(s, realm, request, lookup);
        if (decision.refusal() != null) {
            event.detail(ResetOutcome.EVENT_DETAIL, decision.refusal().detail()).error(decision.refusal().eventError());
            return;
        }
        user = decision.user();
        boolean shared = lookup.shared();
        if (!shared) {
            AccountStanding address = addressStanding(s, realm, request, user);
            if (address == AccountStanding.UNREADABLE) {
                event.detail(ResetOutcome.EVENT_DETAIL, ResetOutcome.DIRECTORY_ERROR.detail())
                        .error(ResetOutcome.DIRECTORY_ERROR.eventError());
                return;
            }
            shared = address == AccountStanding.SHARED_ADDRESS;
        }
        ResetMailer.sendResetLink(s, realm, user, request, shared, event);
    }

    /** The account to mail, as it stands now, or why no mail goes out. */
    private record Decision(UserModel user, ResetOutcome refusal) {
        static Decision refuse(ResetOutcome outcome) {
            return new Decision(null, outcome);
        }
    }

    /** The order matters: see the comments. */
    private static Decision decide(KeycloakSession s, RealmModel realm, Request request, Lookup lookup) {
        UserModel user = lookup.user();
        if (lookup.directoryError()) {
            return Decision.refuse(ResetOutcome.DIRECTORY_ERROR);
        }
        if (user == null) {
            return Decision.refuse(ResetOutcome.UNKNOWN_ACCOUNT);
        }
        if (user.getServiceAccountClientLink() != null) {
            return Decision.refuse(ResetOutcome.SERVICE_ACCOUNT);
        }
        // The per-account limit comes before the directory read: a flood of requests for one
        // account costs the directory nothing once the account's mails for the hour are spent.
        ResetLinkStore store = new ResetLinkStore(s, realm);
        if (!store.takeHourlySlot("account", user.getId(), request.mailsPerAccountPerHour())) {
            return Decision.refuse(ResetOutcome.RATE_LIMITED_ACCOUNT);
        }
        // Keycloak may have served the account from its cache, minutes old: its directory says
        // now whether it may get a link. Unreadable means no link (fail closed). What the directory
        // said is applied to the stored account, so it is read again before its state is checked
        // (a reactivated account is no longer seen as suspended).
        AccountStanding standing = AccountStandings.of(s, realm, user);
        if (standing == AccountStanding.BLOCKED) {
            return Decision.refuse(ResetOutcome.ACCOUNT_BLOCKED);
        }
        if (standing == AccountStanding.UNREADABLE) {
            return Decision.refuse(ResetOutcome.DIRECTORY_ERROR);
        }
        if (standing == AccountStanding.GOOD) {
            user = s.users().getUserById(realm, user.getId());
            if (user == null) {
                return Decision.refuse(ResetOutcome.UNKNOWN_ACCOUNT);
            }
        }
        if (!user.isEnabled()) {
            return Decision.refuse(ResetOutcome.DISABLED_ACCOUNT);
        }
        if (user.getEmail() == null || user.getEmail().isBlank()) {
            return Decision.refuse(ResetOutcome.NO_EMAIL);
        }
        return new Decision(user, null);
    }

    private static Lookup lookup(KeycloakSession s, RealmModel realm, ResetMode mode, String value) {
        try {
            UserModel user = mode == ResetMode.USERNAME ? s.users().getUserByUsername(realm, value)
                    : s.users().getUserByEmail(realm, value);
            // "Nobody" from a directory that could not be asked is an outage, not an unknown account.
            return new Lookup(user, false, user == null && AccountStandings.lookupDegraded(s));
        } catch (ModelDuplicateException e) {
            // Several accounts share this address (Keycloak's contract, for local and federated
            // accounts alike): the mailbox owner is told to use the Identifiant option; no link,
            // because the address does not say which account is meant.
            UserModel first = s.users()
                    .searchForUserStream(realm, Map.of(UserModel.EMAIL, value, UserModel.EXACT, "true"), 0, 1)
                    .findFirst().orElse(null);
            return new Lookup(first, first != null, false);
        } catch (RuntimeException e) {
            // A user-storage provider (the Portailpro directory) failed.
            LOG.warnf("douane reset: account lookup failed (%s)", e.getClass().getSimpleName());
            LOG.debug("douane reset: account lookup failure", e);
            return new Lookup(null, false, true);
        }
    }

    /**
     * The Courriel option for a federated account: its directory may hold other active accounts
     * with the same address that Keycloak's store could not import with it (the realm forbids
     * duplicate emails), so Keycloak's lookup found one of them only. Then the address is shared,
     * as it is for two local accounts. Local accounts do not depend on any directory.
     */
    private static AccountStanding addressStanding(KeycloakSession s, RealmModel realm, Request request, UserModel user) {
        if (request.mode() != ResetMode.EMAIL || user.getFederationLink() == null) {
            return AccountStanding.NOT_APPLICABLE;
        }
        return AccountStandings.ofAddress(s, realm, request.typed().toLowerCase(Locale.ROOT));
    }

    /**
     * The auth session carries the language the person chose on the page; the mail uses it. A
     * retry made after the auth session has gone falls back on the account's or the realm's language.
     */
    static void restoreAuthSession(KeycloakSession s, RealmModel realm, String clientId, String rootSessionId, String tabId) {
        ClientModel client = clientId == null ? null : realm.getClientByClientId(clientId);
        if (client == null) {
            return;
        }
        s.getContext().setClient(client);
        RootAuthenticationSessionModel root = rootSessionId == null ? null
                : s.authenticationSessions().getRootAuthenticationSession(realm, rootSessionId);
        if (root != null) {
            AuthenticationSessionModel authSession = root.getAuthenticationSession(client, tabId);
            if (authSession != null) {
                s.getContext().setAuthenticationSession(authSession);
            }
        }
    }
}
