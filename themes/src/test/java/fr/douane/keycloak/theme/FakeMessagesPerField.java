package fr.douane.keycloak.theme;

import java.util.LinkedHashMap;
import java.util.Map;

/** Same public methods as Keycloak's MessagesPerFieldBean, for error messages only. */
public final class FakeMessagesPerField {

    private final Map<String, String> errors = new LinkedHashMap<>();

    public FakeMessagesPerField error(String field, String text) {
        errors.put(field, text);
        return this;
    }

    public boolean exists(String field) {
        return errors.containsKey(field);
    }

    public boolean existsError(String... fields) {
        for (String f : fields) {
            if (errors.containsKey(f)) {
                return true;
            }
        }
        return false;
    }

    public String getFirstError(String... fields) {
        for (String f : fields) {
            if (errors.containsKey(f)) {
                return errors.get(f);
            }
        }
        return "";
    }

    public String get(String field) {
        return errors.getOrDefault(field, "");
    }

    public String printIfExists(String field, String text) {
        return exists(field) ? text : "";
    }
}
