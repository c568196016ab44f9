package fr.douane.keycloak.passwordrules;

import fr.douane.keycloak.spi.InternalSpi;

/**
 * The pack's internal SPI through which a page asks for the rules of the realm's password policy, to list
 * them and check them while the person types. The douane password policy implements it; the reset flow
 * uses it and so never imports a policy's classes.
 */
public final class PasswordRulesSpi extends InternalSpi {

    public static final String NAME = "douane-password-rules";

    public PasswordRulesSpi() {
        super(NAME, PasswordRulesProvider.class, PasswordRulesProviderFactory.class);
    }
}
