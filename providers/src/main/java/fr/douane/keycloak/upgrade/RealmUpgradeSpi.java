package fr.douane.keycloak.upgrade;

import fr.douane.keycloak.spi.InternalSpi;

/**
 * The pack's SPI for bringing running realms to the settings of the installed version. Its one
 * provider can be switched off like any Keycloak provider:
 * {@code --spi-douane-realm-upgrade--startup--enabled=false} (a build option).
 */
public final class RealmUpgradeSpi extends InternalSpi {

    public static final String NAME = "douane-realm-upgrade";

    public RealmUpgradeSpi() {
        super(NAME, RealmUpgradeProvider.class, RealmUpgradeProviderFactory.class);
    }
}
