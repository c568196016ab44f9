package fr.douane.keycloak.spi;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * An SPI of the pack itself, internal to Keycloak (not listed in the admin console's provider info as a
 * public SPI), through which one part of the pack asks another for something without importing its
 * classes. A subclass only names the SPI and its two interfaces.
 */
public abstract class InternalSpi implements Spi {

    private final String name;
    private final Class<? extends Provider> providerClass;
    private final Class<? extends ProviderFactory> factoryClass;

    protected InternalSpi(String name, Class<? extends Provider> providerClass,
            Class<? extends ProviderFactory> factoryClass) {
        this.name = name;
        this.providerClass = providerClass;
        this.factoryClass = factoryClass;
    }

    @Override
    public final boolean isInternal() {
        return true;
    }

    @Override
    public final String getName() {
        return name;
    }

    @Override
    public final Class<? extends Provider> getProviderClass() {
        return providerClass;
    }

    @Override
    public final Class<? extends ProviderFactory> getProviderFactoryClass() {
        return factoryClass;
    }
}
