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

/** Factory of {@link ResetRequestAuthenticator}, the first step of the douane reset flow. */
public final class ResetRequestAuthenticatorFactory implements AuthenticatorFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "douane-reset-request";
    private static final ResetRequestAuthenticator INSTANCE = new ResetRequestAuthenticator();

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
        return "Douane: forgot password (Identifiant or Courriel)";
    }

    @Override
    public String getHelpText() {
        return "Asks for the identifiant or the email, always answers with the same confirmation page, "
                + "and mails a 24 h single-use link off the request thread. Rate-limited per account and per address.";
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
        return ResetFlowConfigProperties.REQUEST_STEP;
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
