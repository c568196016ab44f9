package fr.douane.keycloak.policy;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PolicyError;

/**
 * The parameter of the policy's error: the unmet rules, which read as their sentences joined by the list
 * separator, in the language of whoever formats the error.
 *
 * <h2>Why a parameter that writes itself</h2>
 * Keycloak keeps the first {@link PolicyError} of a password policy and each caller formats it on its own:
 * login pages (reset, update password, registration) as {@code new MessageFormat(messages[key], pageLocale)
 * .format(parameters)}, the admin REST API as {@code MessageFormat.format(adminMessages[key], parameters)} in the
 * admin token's language. So the error is {@value DouaneRule#KEY_UNMET} — "The password does not meet the
 * following rules: {0}." — and this object is its {0}: {@code MessageFormat} writes an argument that is neither
 * a number nor a date with {@code toString()}, at the moment the caller formats the message. The rules become
 * sentences only then, in the caller's language ({@link PolicyTexts#callerLocale}), each from its own
 * message key, so validation itself never resolves a language nor reads a message.
 */
public final class UnmetRules {

    private final List<RuleSentence> rules;
    private final KeycloakSession session;
    private final RealmModel realm;
    private final UserModel user;

    /**
     * @param rules   the unmet rules, in display order (at least one)
     * @param session the request's session, read when the error is formatted
     * @param realm   the realm whose localization texts apply
     * @param user    the user the page is about, or {@code null} (registration)
     */
    UnmetRules(List<RuleSentence> rules, KeycloakSession session, RealmModel realm, UserModel user) {
        this.rules = rules;
        this.session = session;
        this.realm = realm;
        this.user = user;
    }

    /** The error Keycloak shows for these unmet rules. */
    static PolicyError error(List<RuleSentence> rules, KeycloakSession session, RealmModel realm, UserModel user) {
        return new PolicyError(DouaneRule.KEY_UNMET, new UnmetRules(rules, session, realm, user));
    }

    /** The unmet rules, in display order. */
    public List<RuleSentence> rules() {
        return rules;
    }

    /**
     * The sentences, joined, in the language of the caller formatting the error now. Also what the error
     * reads as where Keycloak stores a form message as JSON.
     */
    @JsonValue
    @Override
    public String toString() {
        Locale locale = session == null ? null : PolicyTexts.callerLocale(session, user);
        try {
            return PolicyTexts.of(realm, locale).join(rules);
        } catch (RuntimeException e) {
            // The realm can no longer be read (its session is closed): the shipped texts still can.
            return PolicyTexts.of(null, locale).join(rules);
        }
    }
}
