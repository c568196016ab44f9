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
 * reported at once, one sentence per rule, in the language of whoever shows the error.
 *
 * <p>Keycloak stops at the first {@link PolicyError} of each policy, so this policy returns exactly one,
 * {@value DouaneRule#KEY_UNMET}, whose parameter is the list of unmet rules ({@link UnmetRules}). Pages that
 * want the rules one by one use {@link #check(RealmModel, UserModel, String)} instead.
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
        List<RuleSentence> unmet = check(realm, user, password);
        return unmet.isEmpty() ? null : UnmetRules.error(unmet, session, realm, user);
    }

    /**
     * Registration calls this one, before the user exists: {@code user} is the username, or the email
     * when the realm uses the email as username.
     */
    @Override
    public PolicyError validate(String user, String password) {
        RealmModel realm = session.getContext().getRealm();
        String email = user != null && user.indexOf('@') > 0 ? user : null;
        List<RuleSentence> unmet = factory.rules(configOf(realm)).check(password, user, email);
        return unmet.isEmpty() ? null : UnmetRules.error(unmet, session, realm, null);
    }

    /** Every unmet rule for this password, in display order (empty when acceptable). */
    public List<RuleSentence> check(RealmModel realm, UserModel user, String password) {
        return factory.rules(configOf(realm)).check(password, user == null ? null : user.getUsername(),
                user == null ? null : user.getEmail());
    }

    private static DouanePolicyConfig configOf(RealmModel realm) {
        DouanePolicyConfig config = DouanePolicyConfig.ofRealm(realm);
        return config == null ? DouanePolicyConfig.DEFAULT : config;
    }

    /**
     * Called by Keycloak when the realm's policy string is parsed, including when the admin saves it: a
     * {@link PasswordPolicyConfigException} here is shown to the admin as
     * "Invalid config for douane-passay: ...".
     */
    @Override
    public Object parseConfig(String value) {
        try {
            return DouanePolicyConfigParser.parse(value);
        } catch (IllegalArgumentException e) {
            throw new PasswordPolicyConfigException(e.getMessage());
        }
    }

    @Override
    public void close() {
    }
}
