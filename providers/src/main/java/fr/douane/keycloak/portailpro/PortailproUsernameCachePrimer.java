package fr.douane.keycloak.portailpro;

import java.util.LinkedHashSet;
import java.util.Set;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import fr.douane.keycloak.AfterCommit;

/**
 * Puts Portailpro users' "username → user" entry into Keycloak's user cache, which Keycloak itself
 * leaves empty for them.
 *
 * <p>Why: a Portailpro identifiant is an email. A login with an email-shaped name finds the user
 * by email first ({@code KeycloakModelUtils.findUserByNameOrEmail}); later in the same request the
 * user-profile check of every login ({@code VerifyUserProfile} → {@code DuplicateUsernameValidator})
 * looks the user up by username. Keycloak's {@code UserCacheSession.getUserByUsername} only caches
 * the username query when the user was not already loaded in the request, so for these users it
 * is never cached (a known limit of Keycloak's user cache): every login reads the user again from Keycloak's
 * database and asks this provider to validate it. Measured with JFR under load, that was 6 % of
 * the CPU of a Portailpro user's login (local users, whose usernames are not emails, never pay it).
 *
 * <p>How: when the provider validates an imported user, it asks for a priming; after the request's
 * transaction has committed, one short session looks the user up by username. The user is not
 * loaded in that session yet, so Keycloak caches the query, and the next logins are served from
 * the cache like a local user's. Running after the commit means it reads what the request wrote
 * (a password change, for example, has just evicted the entry). A validation only happens when
 * Keycloak's cache did not serve the user, so a priming costs about one more such miss and ends
 * the repeated ones. Only the first {@link #PER_REQUEST} users a request validates are primed (a
 * login validates one; an admin list validates many, and does not need it), and the priming
 * session itself primes nothing.
 */
final class PortailproUsernameCachePrimer {

    private static final Logger LOG = Logger.getLogger(PortailproUsernameCachePrimer.class);

    static final int PER_REQUEST = 2;
    /** Marks the priming session, whose own validations must not ask for another priming. */
    static final String PRIMING_SESSION = PortailproUsernameCachePrimer.class.getName();

    private PortailproUsernameCachePrimer() {
    }

    static boolean isPrimingSession(KeycloakSession session) {
        return session.getAttribute(PRIMING_SESSION) != null;
    }

    /**
     * The set of usernames this request wants primed: filled by the caller, looked up once the
     * request's transaction has committed.
     */
    static Set<String> afterCommit(KeycloakSession session, String realmId) {
        Set<String> usernames = new LinkedHashSet<>();
        // The request's session is a request-scoped proxy: take the factory now.
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        AfterCommit.run(session, () -> prime(factory, realmId, usernames));
        return usernames;
    }

    /** Looks the usernames up in a session of their own, which makes Keycloak cache the queries. */
    static void prime(KeycloakSessionFactory factory, String realmId, Set<String> usernames) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, s -> {
                s.setAttribute(PRIMING_SESSION, Boolean.TRUE);
                RealmModel realm = s.realms().getRealm(realmId);
                if (realm == null) {
                    return;
                }
                s.getContext().setRealm(realm);
                for (String username : usernames) {
                    UserModel user = s.users().getUserByUsername(realm, username);
                    LOG.debugf("Portailpro username cache primed for %s: %s", username,
                            user == null ? "not found" : user.getClass().getSimpleName());
                }
            });
        } catch (RuntimeException e) {
            // Only an optimisation: the next login simply is not served from the cache.
            LOG.debugf(e, "Portailpro username cache priming failed for %s", usernames);
        }
    }
}
