package fr.douane.keycloak.passwordrules;

import org.keycloak.provider.ProviderFactory;

/** Factory of a {@link PasswordRulesProvider}; one per password policy that can describe itself to a page. */
public interface PasswordRulesProviderFactory extends ProviderFactory<PasswordRulesProvider> {
}
