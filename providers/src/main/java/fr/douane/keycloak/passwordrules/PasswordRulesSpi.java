package fr.douane.keycloak.passwordrules;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * The pack's internal SPI through which a page asks for the rules of the realm's password policy, to list
 * them and check them while the person types. The douane password policy implements it; the reset flow
 * uses it and so never imports a policy's classes.
 */
public final class PasswordRulesSpi implements Spi {

    public static final String NAME = "douane-password-rules";

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
        return PasswordRulesProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return PasswordRulesProviderFactory.class;
    }
}
