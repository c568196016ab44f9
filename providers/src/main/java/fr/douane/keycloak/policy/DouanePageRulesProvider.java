package fr.douane.keycloak.policy;

import java.util.Locale;

import fr.douane.keycloak.passwordrules.PasswordRulesProvider;
import org.keycloak.models.RealmModel;

/** The {@code douane-passay} policy's rules for a page ({@link PageRules}). */
final class DouanePageRulesProvider implements PasswordRulesProvider {

    private final DouanePasswordPolicyProviderFactory policies;

    DouanePageRulesProvider(DouanePasswordPolicyProviderFactory policies) {
        this.policies = policies;
    }

    @Override
    public String pageRulesJson(RealmModel realm, Locale locale) {
        DouanePolicyConfig config = DouanePolicyConfig.ofRealm(realm);
        if (config == null) {
            return null;
        }
        return PageRules.toJson(PageRules.of(policies.rules(config), realm, locale));
    }
}
