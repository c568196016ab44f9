package fr.douane.keycloak.resetflow;

import java.util.List;
import java.util.Map;

import fr.douane.keycloak.PackVersion;
import org.keycloak.Config;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** Factory of {@link ResetPasswordAuthenticator}, the last step of the douane reset flow (the page the link opens). */
public final class ResetPasswordAuthenticatorFactory implements AuthenticatorFactory, ServerInfoAwareProviderFactory {

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
    public String getReferenceCategory() {
        return "password";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ResetFlowConfigProperties.PASSWORD_STEP;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return new Requirement[] {Requirement.REQUIRED};
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return PackVersion.operationalInfo();
    }
}
