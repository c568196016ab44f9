package fr.douane.keycloak.standing;

import java.util.function.Function;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Asks every {@link AccountStandingProvider} and keeps the first answer that is not "not mine". */
public final class AccountStandings {

    /**
     * Session attribute a directory sets when it answered a lookup of this session by its outage
     * fallback ("not found") rather than from data. A caller that must not mistake an outage for
     * an unknown account (the reset flow's event) reads it after the lookup.
     */
    public static final String LOOKUP_DEGRADED = "douane.directory.lookup-degraded";

    /** Marks the session's lookups as answered by an outage fallback (see {@link #LOOKUP_DEGRADED}). */
    public static void markLookupDegraded(KeycloakSession session) {
        session.setAttribute(LOOKUP_DEGRADED, Boolean.TRUE);
    }

    /** True when a directory answered a lookup of this session by its outage fallback. */
    public static boolean lookupDegraded(KeycloakSession session) {
        return Boolean.TRUE.equals(session.getAttribute(LOOKUP_DEGRADED));
    }

    private AccountStandings() {
    }

    /** The account's standing in the directory it comes from, read now. */
    public static AccountStanding of(KeycloakSession session, RealmModel realm, UserModel user) {
        return first(session, provider -> provider.standing(realm, user));
    }

    /** Whether a directory holds several active accounts with this address, read now. */
    public static AccountStanding ofAddress(KeycloakSession session, RealmModel realm, String email) {
        return first(session, provider -> provider.addressStanding(realm, email));
    }

    private static AccountStanding first(KeycloakSession session, Function<AccountStandingProvider, AccountStanding> ask) {
        for (AccountStandingProvider provider : session.getAllProviders(AccountStandingProvider.class)) {
            AccountStanding standing = ask.apply(provider);
            if (standing != AccountStanding.NOT_APPLICABLE) {
                return standing;
            }
        }
        return AccountStanding.NOT_APPLICABLE;
    }
}
