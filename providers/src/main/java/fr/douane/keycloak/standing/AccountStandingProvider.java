package fr.douane.keycloak.standing;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;

/**
 * Fresh answers from the directory an account was imported from. The reset flow asks every
 * provider of this SPI and never needs to know which directories exist: a provider answers
 * {@link AccountStanding#NOT_APPLICABLE} for accounts and addresses it does not hold.
 */
public interface AccountStandingProvider extends Provider {

    /** The account's status in its directory, read now (never from a cache). */
    AccountStanding standing(RealmModel realm, UserModel user);

    /**
     * Whether the directory holds several active accounts with this address (read now). Keycloak's
     * own store keeps one of them only when the realm forbids duplicate emails, so its lookup alone
     * cannot tell.
     */
    AccountStanding addressStanding(RealmModel realm, String email);

    @Override
    default void close() {
    }
}
