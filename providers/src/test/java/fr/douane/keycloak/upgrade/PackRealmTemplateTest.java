package fr.douane.keycloak.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import fr.douane.keycloak.PackVersion;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;

/** The realm export the build bundles into the jar, and the flow shapes compared at upgrade. */
class PackRealmTemplateTest {

    @Test
    void theBundledExportCarriesThePomVersionAsItsMarker() throws IOException {
        PackRealmTemplate template = PackRealmTemplate.load();
        assertThat(template.version()).isEqualTo(PackVersion.get()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(template.topLevelFlows()).containsExactly("douane reset credentials");
        assertThat(template.realm().getResetCredentialsFlow()).isEqualTo("douane reset credentials");
    }

    @Test
    void anExportWithoutAFilledMarkerIsRefused() {
        String json = "{\"realm\":\"douane\",\"attributes\":{\"douanePackVersion\":\"${project.version}\"}}";
        assertThatThrownBy(() -> PackRealmTemplate.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IOException.class).hasMessageContaining("douanePackVersion");
    }

    @Test
    void theTemplatesFlowShapeHasItsStepsInPriorityOrderWithTheirConfigs() throws IOException {
        FlowShape shape = PackRealmTemplate.load().flow("douane reset credentials");
        assertThat(shape.providerId()).isEqualTo("basic-flow");
        assertThat(shape.steps()).extracting(FlowShape.Step::authenticator)
                .containsExactly("douane-reset-request", "douane-reset-password");
        assertThat(shape.steps().get(0).config()).containsEntry("douaneMailsPerAccountPerHour", "3");
        assertThat(shape.steps()).allMatch(s -> "REQUIRED".equals(s.requirement()));
    }

    @Test
    void aFlowDiffersWhenAStepsRequirementOrPriorityDiffersButNotWhenOnlyItsConfigValuesDo() throws IOException {
        PackRealmTemplate template = PackRealmTemplate.load();
        FlowShape wanted = template.flow("douane reset credentials");
        FlowShape same = new FlowShape("other alias", wanted.providerId(), wanted.description(), List.of(wanted.steps().get(1), wanted.steps().get(0)));
        assertThat(wanted.sameAs(same)).as("order of reading does not count, priority does").isTrue();

        FlowShape.Step first = wanted.steps().get(0);
        FlowShape.Step second = wanted.steps().get(1);
        assertThat(wanted.sameAs(withFirst(wanted, new FlowShape.Step(first.authenticator(), null, "ALTERNATIVE",
                first.priority(), first.configAlias(), first.config())))).isFalse();
        assertThat(wanted.sameAs(withFirst(wanted, new FlowShape.Step(first.authenticator(), null, first.requirement(),
                second.priority() + 1, first.configAlias(), first.config())))).isFalse();
        assertThat(wanted.sameAs(withFirst(wanted, new FlowShape.Step("douane-reset-other", null, first.requirement(),
                first.priority(), first.configAlias(), first.config())))).as("another authenticator").isFalse();
        assertThat(wanted.sameAs(new FlowShape(wanted.alias(), wanted.providerId(), wanted.description(), List.of(first))))
                .as("a step missing").isFalse();
        assertThat(wanted.sameAs(withFirst(wanted, new FlowShape.Step(first.authenticator(), null, first.requirement(),
                first.priority(), first.configAlias(), Map.of("douaneMailsPerAccountPerHour", "4")))))
                .as("a tuned value is merged, not rebuilt").isTrue();
        assertThat(wanted.sameAs(withFirst(wanted, new FlowShape.Step(first.authenticator(), null, first.requirement(),
                first.priority(), null, Map.of())))).as("a missing config is added, not rebuilt").isTrue();
        assertThat(wanted.sameAs(null)).as("a realm without the flow").isFalse();
    }

    @Test
    void subFlowsAreComparedByTheirOwnShape() {
        AuthenticationFlowRepresentation top = flow("top", true, execution(null, "sub", 10));
        AuthenticationFlowRepresentation sub = flow("sub", false, execution("auth-cookie", null, 10));
        FlowShape shape = FlowShape.ofTemplate("top", FlowShape.byAlias(List.of(top, sub),
                AuthenticationFlowRepresentation::getAlias), Map.of());
        assertThat(shape.steps().get(0).subFlow().steps().get(0).authenticator()).isEqualTo("auth-cookie");
        AuthenticationFlowRepresentation otherSub = flow("sub", false, execution("auth-spnego", null, 10));
        FlowShape other = FlowShape.ofTemplate("top", FlowShape.byAlias(List.of(top, otherSub),
                AuthenticationFlowRepresentation::getAlias), Map.of());
        assertThat(shape.sameAs(other)).isFalse();
    }

    private static FlowShape withFirst(FlowShape shape, FlowShape.Step first) {
        return new FlowShape(shape.alias(), shape.providerId(), shape.description(), List.of(first, shape.steps().get(1)));
    }

    private static AuthenticationFlowRepresentation flow(String alias, boolean topLevel, AuthenticationExecutionExportRepresentation e) {
        AuthenticationFlowRepresentation f = new AuthenticationFlowRepresentation();
        f.setAlias(alias);
        f.setProviderId("basic-flow");
        f.setTopLevel(topLevel);
        f.setAuthenticationExecutions(List.of(e));
        return f;
    }

    private static AuthenticationExecutionExportRepresentation execution(String authenticator, String flowAlias, int priority) {
        AuthenticationExecutionExportRepresentation e = new AuthenticationExecutionExportRepresentation();
        e.setAuthenticator(authenticator);
        e.setFlowAlias(flowAlias);
        e.setAuthenticatorFlow(flowAlias != null);
        e.setRequirement("REQUIRED");
        e.setPriority(priority);
        return e;
    }
}
