package fr.douane.keycloak.portailpro;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.storage.UserStorageProvider;

import fr.douane.keycloak.standing.AccountStandingProvider;
import fr.douane.keycloak.standing.AccountStandingProviderFactory;

/**
 * Answers the reset flow's standing questions for Portailpro accounts, over the connection pools
 * of {@link PortailproUserStorageProviderFactory} (one pool per component and node, not a second
 * set of connections).
 */
public final class PortailproAccountStandingProviderFactory implements AccountStandingProviderFactory {

    private PortailproUserStorageProviderFactory storage;

    @Override
    public AccountStandingProvider create(KeycloakSession session) {
        return new PortailproAccountStandingProvider(session, storage(session.getKeycloakSessionFactory()));
    }

    private PortailproUserStorageProviderFactory storage(KeycloakSessionFactory factory) {
        if (storage == null) {
            storage = (PortailproUserStorageProviderFactory) factory.getProviderFactory(UserStorageProvider.class,
                    PortailproUserStorageProviderFactory.PROVIDER_ID);
        }
        return storage;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        storage(factory);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PortailproUserStorageProviderFactory.PROVIDER_ID;
    }
}
