package fr.douane.keycloak.passwordrules;

import java.util.Locale;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Asks every {@link PasswordRulesProvider} and keeps the first answer. */
public final class PasswordRules {

    private PasswordRules() {
    }

    /**
     * The rules of the realm's password policy as JSON for a page in {@code locale}, or {@code null} when no
     * policy of the realm describes itself (the page then shows its fixed text only).
     */
    public static String pageRulesJson(KeycloakSession session, RealmModel realm, Locale locale) {
        for (PasswordRulesProvider provider : session.getAllProviders(PasswordRulesProvider.class)) {
            String json = provider.pageRulesJson(realm, locale);
            if (json != null) {
                return json;
            }
        }
        return null;
    }
}
