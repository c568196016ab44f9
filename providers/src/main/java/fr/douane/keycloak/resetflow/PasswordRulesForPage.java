package fr.douane.keycloak.resetflow;

import fr.douane.keycloak.policy.DouanePasswordPolicyConfig;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The rules of the realm's douane password policy, as JSON for the live checklist of the reset
 * page: the same config the server validates with, so the page and the server cannot disagree.
 * Returns {@code null} when the realm does not use the douane policy (the page then shows only
 * the rule box text).
 */
final class PasswordRulesForPage {

    private PasswordRulesForPage() {
    }

    static String json(KeycloakSession session, RealmModel realm) {
        DouanePasswordPolicyConfig config = DouanePasswordPolicyConfig.fromRealm(realm);
        return config == null ? null : config.toClientRulesJson();
    }
}
