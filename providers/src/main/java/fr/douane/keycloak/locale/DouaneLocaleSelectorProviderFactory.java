package fr.douane.keycloak.locale;

import java.util.Map;

import fr.douane.keycloak.PackVersion;
import org.keycloak.Config;
import org.keycloak.locale.LocaleSelectorProvider;
import org.keycloak.locale.LocaleSelectorProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * Makes {@link DouaneLocaleSelectorProvider} the server's locale selector. Its positive
 * {@link #order()} is how Keycloak picks a default among several providers of one SPI when no
 * {@code --spi-locale-selector--provider} option names one, so installing the jar is enough;
 * {@code --spi-locale-selector--provider=default} keeps Keycloak's selector for the whole server.
 * The resolution itself stays Keycloak's: the provider asks Keycloak's {@code default} selector,
 * telling it to leave the Accept-Language header aside.
 */
public final class DouaneLocaleSelectorProviderFactory implements LocaleSelectorProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "douane-locale-selector";
    static final String KEYCLOAK_PROVIDER_ID = "default";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public LocaleSelectorProvider create(KeycloakSession session) {
        return new DouaneLocaleSelectorProvider(session.getProvider(LocaleSelectorProvider.class, KEYCLOAK_PROVIDER_ID));
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (factory.getProviderFactory(LocaleSelectorProvider.class, KEYCLOAK_PROVIDER_ID) == null) {
            throw new IllegalStateException("Keycloak's locale selector '" + KEYCLOAK_PROVIDER_ID + "' is not deployed");
        }
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return PackVersion.operationalInfo();
    }

    @Override
    public void close() {
    }
}
