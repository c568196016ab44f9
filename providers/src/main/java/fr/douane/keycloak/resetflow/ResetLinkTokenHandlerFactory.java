package fr.douane.keycloak.resetflow;

import java.util.Map;

import fr.douane.keycloak.PackVersion;
import org.keycloak.Config;
import org.keycloak.authentication.actiontoken.ActionTokenHandler;
import org.keycloak.authentication.actiontoken.ActionTokenHandlerFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/** Registers the handler of {@link ResetLinkToken} links; its id is the token type. */
public final class ResetLinkTokenHandlerFactory
        implements ActionTokenHandlerFactory<ResetLinkToken>, ServerInfoAwareProviderFactory {

    private static final ResetLinkTokenHandler HANDLER = new ResetLinkTokenHandler();

    @Override
    public ActionTokenHandler<ResetLinkToken> create(KeycloakSession session) {
        // Stateless: everything it needs comes with the token and the action-token context.
        return HANDLER;
    }

    @Override
    public String getId() {
        return ResetLinkToken.TOKEN_TYPE;
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
