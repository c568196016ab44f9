package fr.douane.keycloak.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** How the configs of the pack's flow are merged with the realm's at upgrade. */
class FlowConfigMergeTest {

    private static final String FLOW = "douane reset credentials";
    private static final String REQUEST = FLOW + " / douane-reset-request";
    private static final String PASSWORD = FLOW + " / douane-reset-password";

    private final FlowShape template;

    FlowConfigMergeTest() throws IOException {
        template = PackRealmTemplate.load().flow(FLOW);
    }

    @Test
    void aValueTheAdminTunedIsKeptAndAKeyTheRealmLacksGetsTheTemplatesValue() {
        FlowShape realm = withConfigs(Map.of("douaneMailsPerAccountPerHour", "7"), Map.of("douaneMaxIdentifierMismatches", "9"));
        Map<String, SettingsMerge<String>> merged = FlowConfigMerge.of(realm, template);
        assertThat(merged.keySet()).containsExactly(REQUEST, PASSWORD);
        assertThat(merged.get(REQUEST).merged()).containsEntry("douaneMailsPerAccountPerHour", "7")
                .containsEntry("douaneMailsPerAddressPerHour", template.steps().get(0).config().get("douaneMailsPerAddressPerHour"));
        assertThat(merged.get(REQUEST).describe()).isEqualTo("added douaneMailsPerAddressPerHour");
        assertThat(merged.get(PASSWORD).merged()).containsExactlyEntriesOf(Map.of("douaneMaxIdentifierMismatches", "9"));
        assertThat(merged.get(PASSWORD).changed()).isFalse();
    }

    @Test
    void aRealmAtTheTemplatesValuesChangesNothing() {
        Map<String, SettingsMerge<String>> merged = FlowConfigMerge.of(template, template);
        assertThat(merged.values()).noneMatch(SettingsMerge::changed);
    }

    @Test
    void aStepWithoutConfigOrAFlowTheRealmLacksGetsTheTemplatesConfig() {
        FlowShape realm = withConfigs(null, Map.of("douaneMaxIdentifierMismatches", "9"));
        assertThat(FlowConfigMerge.of(realm, template).get(REQUEST).merged()).isEqualTo(template.steps().get(0).config());
        assertThat(FlowConfigMerge.of(null, template).get(PASSWORD).merged()).isEqualTo(template.steps().get(1).config());
    }

    @Test
    void keysTheTemplateDropsStayAndNoConfigKeyIsPackOwned() {
        FlowShape realm = withConfigs(Map.of("douaneMailsPerAccountPerHour", "7", "douaneMailsPerAddressPerHour", "50",
                "obsolete", "x"), Map.of());
        assertThat(FlowConfigMerge.of(realm, template).get(REQUEST).merged())
                .containsEntry("obsolete", "x").containsEntry("douaneMailsPerAddressPerHour", "50");
        assertThat(FlowConfigMerge.PACK_OWNED).isEmpty();
    }

    @Test
    void stepsAreMatchedByFlowAndAuthenticatorWhateverTheirIdsAndRankedWhenRepeated() {
        FlowShape.Step step = new FlowShape.Step("auth-otp", null, "REQUIRED", 10, "a", Map.of());
        FlowShape.Step again = new FlowShape.Step("auth-otp", null, "REQUIRED", 20, "b", Map.of());
        FlowShape.Step other = new FlowShape.Step("auth-cookie", null, "REQUIRED", 30, null, Map.of());
        FlowShape sub = new FlowShape("sub", "basic-flow", "", List.of(other));
        FlowShape.Step subStep = new FlowShape.Step(null, sub, "REQUIRED", 40, null, Map.of());
        FlowShape top = new FlowShape("top", "basic-flow", "", List.of(again, subStep, step));
        assertThat(top.stepsByKey().keySet()).containsExactly("top / auth-otp", "top / auth-otp #2", "sub / auth-cookie");
        assertThat(top.stepsByKey().get("top / auth-otp #2").configAlias()).isEqualTo("b");
    }

    /** The template's flow with the realm's configs in place of its own (null: the step has no config). */
    private FlowShape withConfigs(Map<String, String> request, Map<String, String> password) {
        List<FlowShape.Step> steps = new ArrayList<>();
        List<Map<String, String>> configs = new ArrayList<>();
        configs.add(request);
        configs.add(password);
        for (int i = 0; i < template.steps().size(); i++) {
            FlowShape.Step s = template.steps().get(i);
            Map<String, String> config = configs.get(i);
            steps.add(new FlowShape.Step(s.authenticator(), s.subFlow(), s.requirement(), s.priority(),
                    config == null ? null : s.configAlias(), FlowShape.config(config)));
        }
        return new FlowShape(template.alias(), template.providerId(), template.description(), steps);
    }
}
