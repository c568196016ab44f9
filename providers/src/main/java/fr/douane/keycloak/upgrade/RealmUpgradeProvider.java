package fr.douane.keycloak.upgrade;

import org.keycloak.provider.Provider;

/** Nothing per session: the upgrade runs once at startup, from the factory. */
public interface RealmUpgradeProvider extends Provider {

    @Override
    default void close() {
    }
}
