package fr.douane.keycloak.resetflow;

import java.util.Map;

import fr.douane.keycloak.PackVersion;
import org.keycloak.Config;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * What the factories of the two reset-flow steps have in common: both steps are Required-only,
 * configurable, stateless (one authenticator instance), and report the pack version.
 */
abstract class ResetStepFactorySupport implements AuthenticatorFactory, ServerInfoAwareProviderFactory {

    private static final Requirement[] REQUIRED_ONLY = {Requirement.REQUIRED};

    @Override
    public String getReferenceCategory() {
        return "password";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public Requirement[] getRequirementChoices() {
        return REQUIRED_ONLY.clone();
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
