package fr.douane.keycloak.portailpro;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.vault.VaultStringSecret;

/**
 * The directory password of a component: the configured value, or, when it is
 * {@code ${vault.<key>}}, the secret Keycloak's vault SPI holds under that key for the
 * component's realm (file vault: the file {@code <realm>_<key>} in {@code --vault-dir}).
 *
 * <p>The vault is asked in a session of its own whose realm is the component's: Keycloak's vault
 * names the entry after the realm of the session it was first used in, and the callers (requests
 * of any realm, the synchronisation timer) may have another realm or none.</p>
 */
final class PortailproSecret {

    /** The same expression Keycloak's vault transcriber recognises. */
    private static final Pattern VAULT_REFERENCE = Pattern.compile("^\\$\\{vault\\.(.+?)}$");

    private PortailproSecret() {
    }

    static boolean isVaultReference(String configured) {
        return configured != null && VAULT_REFERENCE.matcher(configured).matches();
    }

    /** The vault key of {@code ${vault.<key>}}, or null. */
    static String vaultKey(String configured) {
        if (configured == null) {
            return null;
        }
        Matcher m = VAULT_REFERENCE.matcher(configured);
        return m.matches() ? m.group(1) : null;
    }

    /**
     * The password to connect with: empty when the value is a vault reference the vault does not
     * resolve (no vault configured, or no entry for this realm and key).
     */
    static Optional<String> read(KeycloakSessionFactory factory, String realmId, String configured) {
        if (!isVaultReference(configured)) {
            return Optional.ofNullable(configured);
        }
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, s -> {
            RealmModel realm = s.realms().getRealm(realmId);
            if (realm == null) {
                return Optional.<String>empty();
            }
            s.getContext().setRealm(realm);
            try (VaultStringSecret secret = s.vault().getStringSecret(configured)) {
                return secret.get();
            }
        });
    }
}
