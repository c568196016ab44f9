package fr.douane.keycloak.upgrade;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;

/**
 * What makes a flow behave as it does, with ids left out so that the template's flow and a
 * realm's can be compared: its type and description, and its steps in order with their
 * requirement, their authenticator (or sub-flow, compared the same way) and their config.
 * Two equal shapes mean that rebuilding the flow would change nothing.
 */
public record FlowShape(String alias, String providerId, String description, List<Step> steps) {

    /** One execution; {@code subFlow} is set for a step that runs another flow. */
    public record Step(String authenticator, FlowShape subFlow, String requirement, int priority,
                       String configAlias, Map<String, String> config) {
    }

    public FlowShape {
        description = description == null ? "" : description;
        steps = steps.stream().sorted(Comparator.comparingInt(Step::priority)).toList();
    }

    /** A config as compared: empty values are what Keycloak drops at import, so they do not count. */
    static Map<String, String> config(Map<String, String> config) {
        Map<String, String> out = new TreeMap<>();
        if (config != null) {
            config.forEach((k, v) -> {
                if (v != null && !v.isBlank()) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    /**
     * The shape of the template's flow {@code alias}.
     *
     * @param flows the template's flows by alias (for sub-flows)
     * @param configs the template's authenticator configs by alias
     */
    public static FlowShape ofTemplate(String alias, Map<String, AuthenticationFlowRepresentation> flows,
                                       Map<String, AuthenticatorConfigRepresentation> configs) {
        AuthenticationFlowRepresentation flow = flows.get(alias);
        if (flow == null) {
            throw new IllegalArgumentException("template has no flow " + alias);
        }
        List<Step> steps = new ArrayList<>();
        List<AuthenticationExecutionExportRepresentation> executions = flow.getAuthenticationExecutions();
        for (AuthenticationExecutionExportRepresentation e : executions == null ? List.<AuthenticationExecutionExportRepresentation>of() : executions) {
            FlowShape sub = e.isAuthenticatorFlow() ? ofTemplate(e.getFlowAlias(), flows, configs) : null;
            String configAlias = e.getAuthenticatorConfig();
            AuthenticatorConfigRepresentation config = configAlias == null ? null : configs.get(configAlias);
            if (configAlias != null && config == null) {
                throw new IllegalArgumentException("template has no authenticator config " + configAlias);
            }
            steps.add(new Step(e.isAuthenticatorFlow() ? null : e.getAuthenticator(), sub, e.getRequirement(),
                    e.getPriority() == null ? 0 : e.getPriority(), configAlias,
                    config(config == null ? null : config.getConfig())));
        }
        return new FlowShape(flow.getAlias(), flow.getProviderId(), flow.getDescription(), steps);
    }

    /** The template's flows and configs indexed by alias. */
    public static <T> Map<String, T> byAlias(List<T> items, Function<T, String> alias) {
        Map<String, T> out = new TreeMap<>();
        if (items != null) {
            items.forEach(i -> out.put(alias.apply(i), i));
        }
        return out;
    }

    /** Equal in everything but the top-level alias (a flow rebuilt under a temporary alias). */
    public boolean sameAs(FlowShape other) {
        return other != null && java.util.Objects.equals(providerId, other.providerId) && description.equals(other.description)
                && steps.equals(other.steps);
    }
}
