package fr.douane.keycloak.upgrade;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a map of settings of a running realm (realm attributes, a component's config) takes the
 * template's: a key the template has and the realm lacks is added; a key the pack owns takes the
 * template's value; every other key keeps the realm's value, whatever the template says, because
 * it is the site's (a connection URL, a password, a limit an admin tuned). Keys the template does
 * not have are never removed.
 *
 * @param <V> the value type (a string for attributes, a list of strings for component config)
 */
public final class SettingsMerge<V> {

    private final Map<String, V> merged;
    private final List<String> added = new ArrayList<>();
    private final List<String> updated = new ArrayList<>();

    private SettingsMerge(Map<String, V> current, Map<String, V> template, Set<String> packOwned) {
        merged = new LinkedHashMap<>(current);
        template.forEach((key, value) -> {
            if (value == null) {
                return;
            }
            if (!merged.containsKey(key) || merged.get(key) == null) {
                merged.put(key, value);
                added.add(key);
            } else if (packOwned.contains(key) && !Objects.equals(merged.get(key), value)) {
                merged.put(key, value);
                updated.add(key);
            }
        });
    }

    public static <V> SettingsMerge<V> of(Map<String, V> current, Map<String, V> template, Set<String> packOwned) {
        return new SettingsMerge<>(current == null ? Map.of() : current, template == null ? Map.of() : template, packOwned);
    }

    /** The realm's map with the template applied. */
    public Map<String, V> merged() {
        return merged;
    }

    /** Keys the template brought, in the template's order. */
    public List<String> added() {
        return added;
    }

    /** Pack-owned keys whose value changed. */
    public List<String> updated() {
        return updated;
    }

    public boolean changed() {
        return !added.isEmpty() || !updated.isEmpty();
    }

    /** "added a, b; updated c" for the log line. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("added " + String.join(", ", added));
        }
        if (!updated.isEmpty()) {
            parts.add("updated " + String.join(", ", updated));
        }
        return String.join("; ", parts);
    }
}
