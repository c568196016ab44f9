package fr.douane.keycloak.standing;

import org.keycloak.provider.ProviderFactory;

/** Factory of an {@link AccountStandingProvider}; one per directory kind the pack federates. */
public interface AccountStandingProviderFactory extends ProviderFactory<AccountStandingProvider> {
}
