package fr.douane.keycloak.standing;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The pack's internal SPI through which the reset flow reads an account's standing in the
 * directory it comes from (the Portailpro user storage implements it). It keeps the reset flow
 * free of any import of a directory's classes.
 */
public final class AccountStandingSpi implements Spi {

    public static final String NAME = "douane-account-standing";

    @Override
    public boolean isInternal() {
        return true;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return AccountStandingProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return AccountStandingProviderFactory.class;
    }
}
