package fr.douane.keycloak.passwordrules;

import java.util.Locale;

import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * The rules of one password policy, for a page. A provider answers {@code null} for a realm whose password
 * policy does not include its own, so a page can ask every provider.
 */
public interface PasswordRulesProvider extends Provider {

    /**
     * The realm's rules as a JSON object for the page's script: each rule with its id, its sentence in
     * {@code locale} ({@code label}) and whether the browser can check it ({@code serverOnly}), plus what the
     * checks need. Not escaped for HTML: a template embedding it escapes {@code < > &}.
     *
     * @return the JSON, or {@code null} when the realm does not use this provider's policy
     */
    String pageRulesJson(RealmModel realm, Locale locale);

    @Override
    default void close() {
    }
}
