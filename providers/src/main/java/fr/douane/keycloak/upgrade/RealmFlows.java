package fr.douane.keycloak.upgrade;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.RepresentationToModel;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;

/**
 * The pack's flows in a running realm: read as a {@link FlowShape}, rebuilt from the template when
 * their structure differs, and their authenticator configs set to the values of a
 * {@link FlowConfigMerge}. A rebuild never leaves the realm without the flow: the new one is created
 * under a temporary alias, every binding of the old one (the realm's, clients' overrides, identity
 * providers') is moved to it, the old one is deleted with its executions and configs, and the new
 * one takes the alias. All of it happens in the caller's transaction.
 */
final class RealmFlows {

    private static final String TEMPORARY = " (douane upgrade)";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final Map<String, AuthenticationFlowRepresentation> flows;
    private final Map<String, AuthenticatorConfigRepresentation> configs;

    RealmFlows(KeycloakSession session, RealmModel realm, PackRealmTemplate template) {
        this.session = session;
        this.realm = realm;
        this.flows = template.flowsByAlias();
        this.configs = template.configsByAlias();
    }

    /** The realm's flow {@code alias} as a shape, or null when the realm has no such flow. */
    FlowShape read(String alias) {
        AuthenticationFlowModel flow = realm.getFlowByAlias(alias);
        return flow == null ? null : read(flow);
    }

    /** A flow as a shape, by model (after a rebuild, a lookup by alias may meet the deleted flow). */
    FlowShape read(AuthenticationFlowModel flow) {
        List<FlowShape.Step> steps = new ArrayList<>();
        realm.getAuthenticationExecutionsStream(flow.getId()).forEachOrdered(e -> {
            FlowShape sub = e.isAuthenticatorFlow() ? read(realm.getAuthenticationFlowById(e.getFlowId())) : null;
            AuthenticatorConfigModel config = e.getAuthenticatorConfig() == null ? null
                    : realm.getAuthenticatorConfigById(e.getAuthenticatorConfig());
            steps.add(new FlowShape.Step(e.isAuthenticatorFlow() ? null : e.getAuthenticator(), sub,
                    e.getRequirement() == null ? null : e.getRequirement().name(), e.getPriority(),
                    config == null ? null : config.getAlias(),
                    FlowShape.config(config == null ? null : config.getConfig())));
        });
        return new FlowShape(flow.getAlias(), flow.getProviderId(), flow.getDescription(), steps);
    }

    /**
     * Replaces the realm's flow {@code alias} (or creates it) with the template's and returns the
     * new flow; each new config takes its values from {@code merged} (by step key). Within the
     * transaction, a lookup by alias may still meet the deleted flow (Keycloak's JPA realm keeps it
     * in its list until the commit): callers use the returned model.
     */
    AuthenticationFlowModel rebuild(String alias, Map<String, SettingsMerge<String>> merged) {
        List<AuthenticatorConfigModel> created = new ArrayList<>();
        AuthenticationFlowModel fresh = create(alias, alias + TEMPORARY, true, merged, created);
        AuthenticationFlowModel old = realm.getFlowByAlias(alias);
        if (old != null) {
            new FlowBindings(session, realm).move(old.getId(), fresh);
            delete(old);
        }
        fresh.setAlias(alias);
        realm.updateAuthenticationFlow(fresh);
        renameSubFlows(fresh);
        // Configs were created under temporary aliases while the old ones still existed.
        for (AuthenticatorConfigModel config : created) {
            config.setAlias(config.getAlias().substring(0, config.getAlias().length() - TEMPORARY.length()));
            // A copy: the JPA store clears its own map before copying the model's, which may be that same map.
            config.setConfig(new HashMap<>(config.getConfig()));
            realm.updateAuthenticatorConfig(config);
        }
        return fresh;
    }

    /**
     * Writes the merged values into the configs of the realm's flow {@code alias} (a flow of the
     * template's structure, not rebuilt): a changed config is updated, a step the template
     * configures and the realm does not gets a config under the template's alias.
     */
    void mergeConfigs(String alias, Map<String, SettingsMerge<String>> merged) {
        AuthenticationFlowModel flow = realm.getFlowByAlias(alias);
        if (flow != null) {
            mergeConfigs(flow, merged);
        }
    }

    private void mergeConfigs(AuthenticationFlowModel flow, Map<String, SettingsMerge<String>> merged) {
        Map<String, Integer> seen = new HashMap<>();
        AuthenticationFlowRepresentation rep = flows.get(flow.getAlias());
        realm.getAuthenticationExecutionsStream(flow.getId()).toList().forEach(e -> {
            if (e.isAuthenticatorFlow()) {
                mergeConfigs(realm.getAuthenticationFlowById(e.getFlowId()), merged);
                return;
            }
            String key = FlowShape.stepKey(flow.getAlias(), e.getAuthenticator(), seen.merge(e.getAuthenticator(), 1, Integer::sum));
            SettingsMerge<String> values = merged.get(key);
            if (values == null || !values.changed()) {
                return;
            }
            AuthenticatorConfigModel config = e.getAuthenticatorConfig() == null ? null
                    : realm.getAuthenticatorConfigById(e.getAuthenticatorConfig());
            if (config == null) {
                config = new AuthenticatorConfigModel();
                config.setAlias(templateConfigAlias(rep, e.getAuthenticator(), seen.get(e.getAuthenticator())));
                config.setConfig(new HashMap<>(values.merged()));
                config = realm.addAuthenticatorConfig(config);
                e.setAuthenticatorConfig(config.getId());
                realm.updateAuthenticatorExecution(e);
            } else {
                config.setConfig(new HashMap<>(values.merged()));
                realm.updateAuthenticatorConfig(config);
            }
        });
    }

    /** The config alias the template gives to the {@code occurrence}-th step of {@code authenticator} in a flow. */
    private static String templateConfigAlias(AuthenticationFlowRepresentation rep, String authenticator, int occurrence) {
        int n = 0;
        for (AuthenticationExecutionExportRepresentation e : inOrder(rep)) {
            if (!e.isAuthenticatorFlow() && authenticator.equals(e.getAuthenticator()) && ++n == occurrence) {
                return e.getAuthenticatorConfig();
            }
        }
        throw new IllegalStateException("template flow " + rep.getAlias() + " has no step " + authenticator);
    }

    /** A template flow's executions by priority, the order in which steps are counted ({@link FlowShape#stepKey}). */
    private static List<AuthenticationExecutionExportRepresentation> inOrder(AuthenticationFlowRepresentation rep) {
        List<AuthenticationExecutionExportRepresentation> executions = rep.getAuthenticationExecutions();
        return executions == null ? List.of() : executions.stream()
                .sorted(Comparator.comparingInt(e -> e.getPriority() == null ? 0 : e.getPriority())).toList();
    }

    private AuthenticationFlowModel create(String templateAlias, String alias, boolean topLevel,
                                           Map<String, SettingsMerge<String>> merged, List<AuthenticatorConfigModel> created) {
        AuthenticationFlowRepresentation rep = flows.get(templateAlias);
        AuthenticationFlowModel model = RepresentationToModel.toModel(rep);
        model.setId(null);
        model.setAlias(alias);
        model.setTopLevel(topLevel);
        model.setBuiltIn(false);
        model = realm.addAuthenticationFlow(model);
        Map<String, Integer> seen = new HashMap<>();
        for (AuthenticationExecutionExportRepresentation e : inOrder(rep)) {
            AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
            execution.setParentFlow(model.getId());
            execution.setRequirement(AuthenticationExecutionModel.Requirement.valueOf(e.getRequirement()));
            execution.setPriority(e.getPriority() == null ? 0 : e.getPriority());
            execution.setAuthenticatorFlow(e.isAuthenticatorFlow());
            if (e.isAuthenticatorFlow()) {
                // A sub-flow's alias must be unique in the realm too: temporary while the old one exists.
                String subAlias = e.getFlowAlias() + TEMPORARY;
                execution.setFlowId(create(e.getFlowAlias(), subAlias, false, merged, created).getId());
            } else {
                execution.setAuthenticator(e.getAuthenticator());
            }
            String key = e.isAuthenticatorFlow() ? null
                    : FlowShape.stepKey(templateAlias, e.getAuthenticator(), seen.merge(e.getAuthenticator(), 1, Integer::sum));
            if (e.getAuthenticatorConfig() != null) {
                AuthenticatorConfigModel config = RepresentationToModel.toModel(configs.get(e.getAuthenticatorConfig()));
                config.setId(null);
                config.setAlias(e.getAuthenticatorConfig() + TEMPORARY);
                SettingsMerge<String> values = key == null ? null : merged.get(key);
                if (values != null) {
                    config.setConfig(new HashMap<>(values.merged()));
                }
                config = realm.addAuthenticatorConfig(config);
                created.add(config);
                execution.setAuthenticatorConfig(config.getId());
            }
            realm.addAuthenticatorExecution(execution);
        }
        return model;
    }

    /** Deletes a flow with its sub-flows, executions and their configs. */
    private void delete(AuthenticationFlowModel flow) {
        realm.getAuthenticationExecutionsStream(flow.getId()).toList().forEach(e -> {
            if (e.isAuthenticatorFlow() && e.getFlowId() != null) {
                AuthenticationFlowModel sub = realm.getAuthenticationFlowById(e.getFlowId());
                if (sub != null) {
                    delete(sub);
                }
            }
            if (e.getAuthenticatorConfig() != null) {
                AuthenticatorConfigModel config = realm.getAuthenticatorConfigById(e.getAuthenticatorConfig());
                if (config != null) {
                    realm.removeAuthenticatorConfig(config);
                }
            }
            realm.removeAuthenticatorExecution(e);
        });
        realm.removeAuthenticationFlow(flow);
    }

    /** Sub-flows were created under temporary aliases while the old ones still existed. */
    private void renameSubFlows(AuthenticationFlowModel flow) {
        realm.getAuthenticationExecutionsStream(flow.getId()).filter(AuthenticationExecutionModel::isAuthenticatorFlow)
                .forEach(e -> {
                    AuthenticationFlowModel sub = realm.getAuthenticationFlowById(e.getFlowId());
                    if (sub.getAlias().endsWith(TEMPORARY)) {
                        sub.setAlias(sub.getAlias().substring(0, sub.getAlias().length() - TEMPORARY.length()));
                        realm.updateAuthenticationFlow(sub);
                        renameSubFlows(sub);
                    }
                });
    }
}
