package fr.douane.keycloak.upgrade;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Everything in a realm that points at a flow by id: the realm's own bindings, clients' flow
 * overrides and identity providers' first-login and post-login flows. A rebuilt flow takes over
 * every one of them, so that deleting the old flow breaks nothing an admin bound to it.
 */
final class FlowBindings {

    private final KeycloakSession session;
    private final RealmModel realm;

    FlowBindings(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Points every binding of flow {@code oldId} at {@code fresh}. */
    void move(String oldId, AuthenticationFlowModel fresh) {
        rebind(realm::getBrowserFlow, realm::setBrowserFlow, oldId, fresh);
        rebind(realm::getRegistrationFlow, realm::setRegistrationFlow, oldId, fresh);
        rebind(realm::getDirectGrantFlow, realm::setDirectGrantFlow, oldId, fresh);
        rebind(realm::getResetCredentialsFlow, realm::setResetCredentialsFlow, oldId, fresh);
        rebind(realm::getClientAuthenticationFlow, realm::setClientAuthenticationFlow, oldId, fresh);
        rebind(realm::getDockerAuthenticationFlow, realm::setDockerAuthenticationFlow, oldId, fresh);
        rebind(realm::getFirstBrokerLoginFlow, realm::setFirstBrokerLoginFlow, oldId, fresh);
        realm.getClientsStream().forEach(client -> {
            for (Map.Entry<String, String> o : Map.copyOf(client.getAuthenticationFlowBindingOverrides()).entrySet()) {
                if (oldId.equals(o.getValue())) {
                    client.setAuthenticationFlowBindingOverride(o.getKey(), fresh.getId());
                }
            }
        });
        session.identityProviders().getByFlow(oldId, null, null, null).toList().forEach(alias -> {
            IdentityProviderModel idp = session.identityProviders().getByAlias(alias);
            if (oldId.equals(idp.getFirstBrokerLoginFlowId())) {
                idp.setFirstBrokerLoginFlowId(fresh.getId());
            }
            if (oldId.equals(idp.getPostBrokerLoginFlowId())) {
                idp.setPostBrokerLoginFlowId(fresh.getId());
            }
            session.identityProviders().update(idp);
        });
    }

    private static void rebind(Supplier<AuthenticationFlowModel> get, Consumer<AuthenticationFlowModel> set,
                               String oldId, AuthenticationFlowModel fresh) {
        AuthenticationFlowModel bound = get.get();
        if (bound != null && oldId.equals(bound.getId())) {
            set.accept(fresh);
        }
    }
}
