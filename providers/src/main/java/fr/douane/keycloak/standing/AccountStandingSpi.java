package fr.douane.keycloak.standing;

import fr.douane.keycloak.spi.InternalSpi;

/**
 * The pack's internal SPI through which the reset flow reads an account's standing in the
 * directory it comes from (the Portailpro user storage implements it). It keeps the reset flow
 * free of any import of a directory's classes.
 */
public final class AccountStandingSpi extends InternalSpi {

    public static final String NAME = "douane-account-standing";

    public AccountStandingSpi() {
        super(NAME, AccountStandingProvider.class, AccountStandingProviderFactory.class);
    }
}
