package fr.douane.keycloak.resetflow;

import fr.douane.keycloak.passwordrules.PasswordRules;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The rules of the realm's password policy, as JSON for the live checklist of the reset page, labelled
 * in the page's language: the same config the server validates with, so the page and the server cannot
 * disagree. Returns {@code null} when no policy of the realm describes itself (the page then shows only
 * the rule box text).
 */
final class PasswordRulesForPage {

    private PasswordRulesForPage() {
    }

    static String json(KeycloakSession session, RealmModel realm) {
        // The language the page renders in: Keycloak resolves it for the flow's user.
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        UserModel user = authSession == null ? null : authSession.getAuthenticatedUser();
        return PasswordRules.pageRulesJson(session, realm, session.getContext().resolveLocale(user));
    }
}
