package fr.douane.keycloak.policy;

import fr.douane.keycloak.passwordrules.PasswordRulesProvider;
import fr.douane.keycloak.passwordrules.PasswordRulesProviderFactory;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.provider.ProviderFactory;

/**
 * Registers the {@code douane-passay} policy with the pack's password-rules SPI. The rules come from the
 * policy's own factory (same config, same compiled rules, same sentences), found once the server's factories
 * exist.
 */
public final class DouanePageRulesProviderFactory implements PasswordRulesProviderFactory {

    private volatile DouanePasswordPolicyProviderFactory policies;

    @Override
    public String getId() {
        return DouanePasswordPolicyProviderFactory.PROVIDER_ID;
    }

    @Override
    public PasswordRulesProvider create(KeycloakSession session) {
        DouanePasswordPolicyProviderFactory p = policies;
        if (p == null) {
            p = find(session.getKeycloakSessionFactory());
        }
        return new DouanePageRulesProvider(p);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        policies = find(factory);
    }

    private DouanePasswordPolicyProviderFactory find(KeycloakSessionFactory factory) {
        ProviderFactory<?> f = factory.getProviderFactory(PasswordPolicyProvider.class, DouanePasswordPolicyProviderFactory.PROVIDER_ID);
        if (!(f instanceof DouanePasswordPolicyProviderFactory douane)) {
            throw new IllegalStateException("the " + DouanePasswordPolicyProviderFactory.PROVIDER_ID + " password policy is not deployed");
        }
        policies = douane;
        return douane;
    }

    @Override
    public void close() {
    }
}
