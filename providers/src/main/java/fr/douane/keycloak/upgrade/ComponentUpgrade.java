package fr.douane.keycloak.upgrade;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ComponentExportRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * The config of the pack's components in a running realm (the Portailpro user storage), merged
 * with the template's by {@link SettingsMerge}: new keys are added, the few keys listed in
 * {@link #PACK_OWNED} take the template's value, and every other key stays as the site set it.
 * A component the realm does not have is not created: its connection settings are the site's.
 */
final class ComponentUpgrade {

    /**
     * Keys whose value is the pack's design, not a site's choice, per component provider:
     * <ul>
     *   <li>{@code editMode} READ_ONLY: the directory belongs to Portailpro; the pack never writes to it.</li>
     *   <li>{@code cachePolicy} MAX_LIFESPAN: the documented bound on how long a suspended account can
     *       still log in rests on it.</li>
     * </ul>
     * Everything else is the site's and never overwritten: {@code jdbcUrl}, {@code jdbcUser},
     * {@code jdbcPassword} (a secret or a vault reference), pool size and timeouts (sized to the
     * directory), the cache lifespan and sync period (set from the environment at import).
     */
    static final Map<String, Set<String>> PACK_OWNED = Map.of(
            "douane-portailpro", Set.of("editMode", "cachePolicy"));

    /** An environment placeholder the server's environment did not resolve: never written into a realm. */
    private static final Pattern UNRESOLVED = Pattern.compile("\\$\\{(?!vault\\.)[^}]*}");

    private final RealmModel realm;
    private final RealmRepresentation template;

    ComponentUpgrade(RealmModel realm, RealmRepresentation template) {
        this.realm = realm;
        this.template = template;
    }

    /** Merges every pack component; returns one line per component changed ("portailpro: added cachePolicy"). */
    List<String> apply() {
        List<String> out = new ArrayList<>();
        if (template.getComponents() == null) {
            return out;
        }
        template.getComponents().forEach((type, reps) -> {
            for (ComponentExportRepresentation rep : reps) {
                Set<String> owned = PACK_OWNED.get(rep.getProviderId());
                if (owned == null) {
                    continue;
                }
                realm.getComponentsStream(realm.getId(), type)
                        .filter(c -> rep.getProviderId().equals(c.getProviderId()))
                        .toList()
                        .forEach(component -> merge(component, rep, owned, out));
            }
        });
        return out;
    }

    private void merge(ComponentModel component, ComponentExportRepresentation rep, Set<String> owned, List<String> out) {
        Map<String, List<String>> wanted = new LinkedHashMap<>();
        if (rep.getConfig() != null) {
            rep.getConfig().forEach((k, v) -> {
                if (v != null && v.stream().noneMatch(value -> value == null || UNRESOLVED.matcher(value).find())) {
                    wanted.put(k, v);
                }
            });
        }
        SettingsMerge<List<String>> merge = SettingsMerge.of(component.getConfig(), wanted, owned);
        if (!merge.changed()) {
            return;
        }
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        merge.merged().forEach((k, v) -> config.put(k, new ArrayList<>(v)));
        component.setConfig(config);
        realm.updateComponent(component);
        out.add(component.getName() + ": " + merge.describe());
    }
}
