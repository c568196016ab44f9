package fr.douane.keycloak.it.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.douane.keycloak.it.harness.Paths;
import org.junit.jupiter.api.Test;

/**
 * The realm export says only what differs from Keycloak's defaults, so that a diff of it reads as
 * a list of decisions. Values that equal Keycloak 26.7's default are flagged, except the few
 * stated on purpose because the security stance depends on them (brute-force numbers, login with
 * email, HTTPS for external requests).
 */
class RealmExportFileTest {

    /** JSON paths (with * for any array index or map key) and the value Keycloak gives them when absent. */
    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("/registrationAllowed", "false"),
            Map.entry("/rememberMe", "false"),
            Map.entry("/duplicateEmailsAllowed", "false"),
            Map.entry("/editUsernameAllowed", "false"),
            Map.entry("/verifyEmail", "false"),
            Map.entry("/enabledEventTypes", "[]"),
            Map.entry("/smtpServer/replyTo", "\"\""),
            Map.entry("/smtpServer/auth", "\"false\""),
            Map.entry("/smtpServer/ssl", "\"false\""),
            Map.entry("/smtpServer/starttls", "\"false\""),
            Map.entry("/authenticationFlows/*/builtIn", "false"),
            Map.entry("/authenticationFlows/*/authenticationExecutions/*/authenticatorFlow", "false"),
            Map.entry("/authenticationFlows/*/authenticationExecutions/*/userSetupAllowed", "false"),
            Map.entry("/components/*/*/subComponents", "{}"),
            Map.entry("/components/*/*/config/enabled", "[\"true\"]"),
            Map.entry("/components/*/*/config/cachePolicy", "[\"DEFAULT\"]"),
            Map.entry("/clients/*/bearerOnly", "false"),
            Map.entry("/clients/*/consentRequired", "false"),
            Map.entry("/clients/*/implicitFlowEnabled", "false"),
            Map.entry("/clients/*/serviceAccountsEnabled", "false"));

    @Test
    void theRealmExportCarriesNoKeycloakDefaultValue() throws IOException {
        JsonNode realm = new ObjectMapper().readTree(Paths.realmExport().toFile());
        List<String> noise = new ArrayList<>();
        walk(realm, "", noise);
        assertThat(noise).as("settings equal to Keycloak's default: remove them from the realm export").isEmpty();
    }

    @Test
    void theCheckFindsADefaultValueWhenOneIsAdded() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode realm = json.readTree(Paths.realmExport().toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) realm).put("rememberMe", false);
        ((com.fasterxml.jackson.databind.node.ObjectNode) realm.path("authenticationFlows").get(0)).put("builtIn", false);
        List<String> noise = new ArrayList<>();
        walk(realm, "", noise);
        assertThat(noise).containsExactlyInAnyOrder("/rememberMe = false", "/authenticationFlows/0/builtIn = false");
    }

    private static void walk(JsonNode node, String path, List<String> noise) {
        for (Map.Entry<String, String> d : DEFAULTS.entrySet()) {
            if (matches(d.getKey(), path) && node.toString().equals(d.getValue())) {
                noise.add(path + " = " + node);
            }
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                walk(field.getValue(), path + "/" + field.getKey(), noise);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "/" + i, noise);
            }
        }
    }

    private static boolean matches(String pattern, String path) {
        String[] p = pattern.split("/");
        String[] a = path.split("/");
        if (p.length != a.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (!p[i].equals("*") && !p[i].equals(a[i])) {
                return false;
            }
        }
        return true;
    }
}
