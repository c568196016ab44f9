package fr.douane.keycloak.resetflow;

import java.util.List;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/** Factory of {@link ResetPasswordAuthenticator}, the last step of the douane reset flow (the page the link opens). */
public final class ResetPasswordAuthenticatorFactory extends ResetStepFactorySupport {

    public static final String PROVIDER_ID = "douane-reset-password";
    private static final ResetPasswordAuthenticator INSTANCE = new ResetPasswordAuthenticator();

    @Override
    public Authenticator create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Douane: new password from the reset link";
    }

    @Override
    public String getHelpText() {
        return "Shows Identifiant, Mot de passe and Confirmer le mot de passe to the holder of a valid douane link, checks "
                + "the identifiant against the link's account, sets the password, ends every session and mails a notification.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ResetFlowConfigProperties.PASSWORD_STEP;
    }
}
