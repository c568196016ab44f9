package fr.douane.keycloak.upgrade;

import org.keycloak.provider.ProviderFactory;

public interface RealmUpgradeProviderFactory extends ProviderFactory<RealmUpgradeProvider> {
}
