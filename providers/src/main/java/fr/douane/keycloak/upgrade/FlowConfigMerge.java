package fr.douane.keycloak.upgrade;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The authenticator configs of one of the pack's flows after an upgrade, step by step: the realm's
 * config of the same step (see {@link FlowShape#stepKey}) merged with the template's by
 * {@link SettingsMerge}. A key the realm's config has keeps the realm's value; a key it lacks gets
 * the template's value; a step without a config in the realm gets the template's. The same values
 * are written whether the flow is rebuilt (its new configs take them) or kept (its configs are
 * updated in place), so that rebuilding a flow never resets a value an admin tuned.
 */
final class FlowConfigMerge {

    /**
     * Config keys whose template value replaces the realm's: none. The pack's configs hold limits
     * a site sizes to its traffic and its users ({@code douaneMailsPerAccountPerHour},
     * {@code douaneMailsPerAddressPerHour}, {@code douaneMaxIdentifierMismatches}); the pack's
     * procedure holds with any of their values, so none of them is the pack's to impose.
     */
    static final Set<String> PACK_OWNED = Set.of();

    private FlowConfigMerge() {
    }

    /**
     * @param realm the realm's flow as it was before the upgrade, null when the realm lacks it
     * @param template the template's flow
     * @return for each template step with a config, by step key, the merge of the realm's config into the template's
     */
    static Map<String, SettingsMerge<String>> of(FlowShape realm, FlowShape template) {
        Map<String, FlowShape.Step> current = realm == null ? Map.of() : realm.stepsByKey();
        Map<String, SettingsMerge<String>> out = new LinkedHashMap<>();
        template.stepsByKey().forEach((key, step) -> {
            if (step.configAlias() != null) {
                FlowShape.Step existing = current.get(key);
                out.put(key, SettingsMerge.of(existing == null ? null : existing.config(), step.config(), PACK_OWNED));
            }
        });
        return out;
    }
}
