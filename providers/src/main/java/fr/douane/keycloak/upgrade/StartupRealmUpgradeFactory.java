package fr.douane.keycloak.upgrade;

import java.util.Map;

import fr.douane.keycloak.PackVersion;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * Registers the realm upgrade on Keycloak's {@link PostMigrationEvent}: published once per start,
 * after Keycloak has migrated its own database and imported the realms of {@code --import-realm},
 * before the server serves requests.
 */
public final class StartupRealmUpgradeFactory implements RealmUpgradeProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "startup";

    @Override
    public RealmUpgradeProvider create(KeycloakSession session) {
        return new RealmUpgradeProvider() { };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent migrated) {
                StartupRealmUpgrade.run(migrated.getFactory());
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return PackVersion.operationalInfo();
    }
}
