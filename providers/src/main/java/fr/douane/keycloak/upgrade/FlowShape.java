package fr.douane.keycloak.upgrade;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;

/**
 * A flow with ids left out, so that the template's flow and a realm's can be compared: its type
 * and description, and its steps in order with their requirement, their authenticator (or
 * sub-flow, read the same way) and their config. Its structure (everything but the configs'
 * aliases and values) decides whether a flow is rebuilt: two flows of the same structure differ
 * at most by values an admin tuned, which the upgrade merges into the existing configs instead.
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

    /**
     * Same structure, whatever the top-level alias (a flow rebuilt under a temporary alias) and the
     * configs: same type and description, same steps in the same order (priorities) with the same
     * authenticators and requirements, sub-flows of the same alias and structure.
     */
    public boolean sameAs(FlowShape other) {
        if (other == null || !Objects.equals(providerId, other.providerId) || !description.equals(other.description)
                || steps.size() != other.steps.size()) {
            return false;
        }
        for (int i = 0; i < steps.size(); i++) {
            Step a = steps.get(i);
            Step b = other.steps.get(i);
            boolean sameSub = a.subFlow() == null ? b.subFlow() == null
                    : b.subFlow() != null && a.subFlow().alias().equals(b.subFlow().alias()) && a.subFlow().sameAs(b.subFlow());
            if (!sameSub || !Objects.equals(a.authenticator(), b.authenticator())
                    || !Objects.equals(a.requirement(), b.requirement()) || a.priority() != b.priority()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every authenticator step of the flow and its sub-flows, by {@link #stepKey}: how a step of
     * the template finds the same step in a realm's flow, whatever the ids and config aliases.
     */
    public Map<String, Step> stepsByKey() {
        Map<String, Step> out = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Step step : steps) {
            if (step.subFlow() != null) {
                out.putAll(step.subFlow().stepsByKey());
            } else {
                out.put(stepKey(alias, step.authenticator(), seen.merge(step.authenticator(), 1, Integer::sum)), step);
            }
        }
        return out;
    }

    /**
     * A step's identity: the alias of the (sub-)flow that holds it, its authenticator and, for an
     * authenticator that appears more than once in that flow, its rank among them (1 for the first).
     */
    static String stepKey(String flowAlias, String authenticator, int occurrence) {
        return flowAlias + " / " + authenticator + (occurrence > 1 ? " #" + occurrence : "");
    }
}
