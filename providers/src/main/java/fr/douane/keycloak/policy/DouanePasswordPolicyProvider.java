package fr.douane.keycloak.policy;

import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.PasswordPolicyConfigException;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PolicyError;

/**
 * The {@code douane-passay} password policy: the douane rule (or the admin's variant), every unmet rule
 * reported at once, in the user's language.
 *
 * <p>Keycloak stops at the first {@link PolicyError} of each policy, so this policy returns exactly one,
 * {@code douanePasswordPolicyUnmet}, whose parameters say which rules are unmet; the message turns them into
 * the list in the language of the page that shows it (see {@link DouaneUnmetRulesMessage}). Pages that want the
 * rules one by one (the reset page's checklist) use {@link #check(RealmModel, UserModel, String)} instead.
 */
public final class DouanePasswordPolicyProvider implements PasswordPolicyProvider {

    private final KeycloakSession session;
    private final DouanePasswordPolicyProviderFactory factory;

    DouanePasswordPolicyProvider(KeycloakSession session, DouanePasswordPolicyProviderFactory factory) {
        this.session = session;
        this.factory = factory;
    }

    @Override
    public PolicyError validate(RealmModel realm, UserModel user, String password) {
        DouanePasswordRules rules = factory.rules(configOf(realm));
        return rules.error(password, user == null ? null : user.getUsername(), user == null ? null : user.getEmail());
    }

    /**
     * Registration calls this one, before the user exists: {@code user} is the username, or the email
     * when the realm uses the email as username.
     */
    @Override
    public PolicyError validate(String user, String password) {
        RealmModel realm = session.getContext().getRealm();
        DouanePasswordRules rules = factory.rules(configOf(realm));
        String email = user != null && user.indexOf('@') > 0 ? user : null;
        return rules.error(password, user, email);
    }

    /**
     * Every unmet rule for this password, in display order (empty when acceptable). For pages that render
     * the rules themselves; the messages keys and parameters are those of {@link DouanePasswordPolicyViolation}.
     */
    public List<DouanePasswordPolicyViolation> check(RealmModel realm, UserModel user, String password) {
        DouanePasswordRules rules = factory.rules(configOf(realm));
        return rules.check(password, user == null ? null : user.getUsername(), user == null ? null : user.getEmail());
    }

    private static DouanePasswordPolicyConfig configOf(RealmModel realm) {
        DouanePasswordPolicyConfig config = DouanePasswordPolicyConfig.fromRealm(realm);
        return config == null ? DouanePasswordPolicyConfig.DEFAULT : config;
    }

    /**
     * Called by Keycloak when the realm's policy string is parsed, including when the admin saves it: a
     * {@link PasswordPolicyConfigException} here is shown to the admin as
     * "Invalid config for douane-passay: ...".
     */
    @Override
    public Object parseConfig(String value) {
        try {
            DouanePasswordPolicyConfig config = DouanePasswordPolicyConfig.parse(value);
            factory.checkExtraBlocklist(config);
            return config;
        } catch (IllegalArgumentException e) {
            throw new PasswordPolicyConfigException(e.getMessage());
        }
    }

    @Override
    public void close() {
    }
}
