package fr.douane.keycloak.upgrade;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * One realm brought to the template's settings, inside the caller's transaction: the pack's flows
 * (rebuilt only when their structure differs; their configs keep the values the realm has and get
 * the keys it lacks), the realm settings the pack owns, its attributes, required
 * actions and the config of its components; then, last, the version marker. Each kind of change
 * is logged on one INFO line; a realm already at this version is not touched.
 */
final class RealmUpgrade {

    private static final Logger LOG = Logger.getLogger(RealmUpgrade.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final PackRealmTemplate template;

    RealmUpgrade(KeycloakSession session, RealmModel realm, PackRealmTemplate template) {
        this.session = session;
        this.realm = realm;
        this.template = template;
    }

    /** Returns what was decided for the realm. */
    PackVersionMarker.Decision run() {
        String marker = realm.getAttribute(PackVersionMarker.ATTRIBUTE);
        boolean usesPackFlows = template.topLevelFlows().stream().anyMatch(alias -> realm.getFlowByAlias(alias) != null);
        PackVersionMarker.Decision decision = PackVersionMarker.decide(marker, template.version(), usesPackFlows);
        switch (decision) {
            case NOT_PACK -> LOG.debugf("Realm %s: not a realm of the douane pack", realm.getName());
            case UP_TO_DATE -> LOG.debugf("Realm %s: already at douane pack version %s", realm.getName(), marker);
            case NEWER -> LOG.warnf("Realm %s carries douane pack version %s, newer than this pack (%s): its settings are"
                    + " left as they are", realm.getName(), marker, template.version());
            case UPGRADE -> upgrade(marker);
        }
        return decision;
    }

    private void upgrade(String marker) {
        String from = PackVersionMarker.isVersion(marker) ? marker : "a version without marker";
        RealmFlows flows = new RealmFlows(session, realm, template);
        // Every flow is read before any is rebuilt: reads after a deletion may meet the deleted flow.
        Map<String, FlowShape> before = new LinkedHashMap<>();
        template.topLevelFlows().forEach(alias -> before.put(alias, flows.read(alias)));
        Map<String, AuthenticationFlowModel> rebuilt = new LinkedHashMap<>();
        List<String> configChanges = new ArrayList<>();
        for (Map.Entry<String, FlowShape> flow : before.entrySet()) {
            String alias = flow.getKey();
            FlowShape wanted = template.flow(alias);
            Map<String, SettingsMerge<String>> configs = FlowConfigMerge.of(flow.getValue(), wanted);
            if (wanted.sameAs(flow.getValue())) {
                flows.mergeConfigs(alias, configs);
            } else {
                AuthenticationFlowModel fresh = flows.rebuild(alias, configs);
                if (!wanted.sameAs(flows.read(fresh))) {
                    // Rolls the realm back: a flow that is not the template's must not get the new marker.
                    throw new IllegalStateException("flow " + alias + " rebuilt but still differs from the template");
                }
                rebuilt.put(alias, fresh);
            }
            configs.forEach((step, merge) -> {
                if (merge.changed()) {
                    configChanges.add(step + ": " + merge.describe());
                }
            });
        }
        log("flows rebuilt from the template", List.copyOf(rebuilt.keySet()));
        log("flow configs", configChanges);

        RealmSettingsUpgrade settings = new RealmSettingsUpgrade(session, realm, template.realm(),
                alias -> rebuilt.containsKey(alias) ? rebuilt.get(alias) : realm.getFlowByAlias(alias));
        log("realm settings set", settings.applyFields());
        SettingsMerge<String> attributes = settings.applyAttributes();
        if (attributes.changed()) {
            LOG.infof("Realm %s, douane pack upgrade: attributes %s", realm.getName(), attributes.describe());
        }
        log("required actions", settings.applyRequiredActions());
        for (String line : new ComponentUpgrade(realm, template.realm()).apply()) {
            LOG.infof("Realm %s, douane pack upgrade: component %s", realm.getName(), line);
        }

        realm.setAttribute(PackVersionMarker.ATTRIBUTE, template.version());
        LOG.infof("Realm %s, douane pack upgrade: now at version %s (from %s)", realm.getName(), template.version(), from);
    }

    private void log(String kind, List<String> items) {
        if (!items.isEmpty()) {
            LOG.infof("Realm %s, douane pack upgrade: %s: %s", realm.getName(), kind, String.join(", ", items));
        }
    }
}
