package fr.douane.keycloak.it.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.douane.keycloak.it.harness.Paths;
import fr.douane.keycloak.portailpro.PortailproValidationMemo;
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
            Map.entry("/smtpServer/connectionTimeout", "\"10000\""),
            Map.entry("/smtpServer/timeout", "\"10000\""),
            Map.entry("/smtpServer/writeTimeout", "\"10000\""),
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

    /**
     * A wildcard in a redirect URI lets a crafted login URL send the authorization code (or, after
     * logout, the person) to any page under it, including a page an attacker can write to.
     * Checked on the raw file, so that the defaults of placeholders count too.
     */
    @Test
    void noClientOfTheRealmExportHasAWildcardRedirectUri() throws IOException {
        JsonNode realm = new ObjectMapper().readTree(Paths.realmExport().toFile());
        assertThat(realm.path("clients").size()).isPositive();
        assertThat(RealmRedirects.of(realm)).isNotEmpty();
        assertThat(RealmRedirects.withWildcard(realm)).as("redirect URIs with a wildcard").isEmpty();
    }

    @Test
    void theWildcardCheckFindsOneInRedirectAndPostLogoutUris() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode realm = json.readTree(Paths.realmExport().toFile());
        ObjectNode client = (ObjectNode) realm.path("clients").get(0);
        client.putArray("redirectUris").add("${DOUANE_PORTAL_REDIRECT_URI:http://localhost:8080/*}");
        ((ObjectNode) client.path("attributes")).put("post.logout.redirect.uris", "https://portail.exemple.fr/fin##https://*.exemple.fr/");
        assertThat(RealmRedirects.withWildcard(realm)).containsExactlyInAnyOrder(
                "douane-portail: ${DOUANE_PORTAL_REDIRECT_URI:http://localhost:8080/*}", "douane-portail: https://*.exemple.fr/");
    }

    /**
     * With the shipped defaults, a suspension in Portailpro stops password logins within 5
     * minutes: a user served from Keycloak's user cache is validated again once its entry is
     * older than maxLifespan, and the validation may use what this node read from the directory
     * up to the validation memo's lifetime before (docs/portailpro.md, "Statuses").
     */
    @Test
    void theShippedPortailproSettingsStopLoginsOfASuspendedAccountWithinFiveMinutes() throws IOException {
        JsonNode config = new ObjectMapper().readTree(Paths.realmExport().toFile())
                .path("components").path("org.keycloak.storage.UserStorageProvider").get(0).path("config");
        assertThat(config.path("cachePolicy").path(0).asText()).isEqualTo("MAX_LIFESPAN");
        assertThat(config.has("maxLifespan") && config.has("changedSyncPeriod")).as(config.toString()).isTrue();
        long lifespanMillis = Long.parseLong(shippedValue(config.path("maxLifespan").get(0).asText()));
        assertThat(lifespanMillis).isPositive();
        assertThat(lifespanMillis + PortailproValidationMemo.TTL_MILLIS).as("worst case, ms").isLessThanOrEqualTo(300_000);
        // The periodic changed-since synchronisation brings most suspensions sooner: at the next
        // run, or the one after when a run took more than a second (Keycloak skips a tick then).
        int syncSeconds = Integer.parseInt(shippedValue(config.path("changedSyncPeriod").get(0).asText()));
        assertThat(syncSeconds).isPositive();
        assertThat(2L * syncSeconds * 1000).isLessThan(lifespanMillis);
    }

    /**
     * The reset link carries its token in the URL: no page it opens may send that URL on as a
     * Referer (help and footer links lead to other sites). Keycloak sends no-referrer by default;
     * the export says it on purpose, with the rest of the block as Keycloak sets it for a new
     * realm (the admin console edits the block as a whole).
     */
    @Test
    void theRealmExportAsksForNoReferrerAndStatesEveryBrowserSecurityHeader() throws IOException {
        JsonNode headers = new ObjectMapper().readTree(Paths.realmExport().toFile()).path("browserSecurityHeaders");
        assertThat(headers.path("referrerPolicy").asText()).isEqualTo("no-referrer");
        List<String> keys = new ArrayList<>();
        headers.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyInAnyOrder("referrerPolicy", "xFrameOptions", "contentSecurityPolicy",
                "contentSecurityPolicyReportOnly", "xContentTypeOptions", "xRobotsTag", "strictTransportSecurity");
        assertThat(headers.path("xFrameOptions").asText()).isEqualTo("SAMEORIGIN");
        assertThat(headers.path("contentSecurityPolicy").asText()).contains("frame-ancestors 'self'");
    }

    /** What a value means when no environment variable is set: its placeholder's default, or itself. */
    private static String shippedValue(String value) {
        Matcher m = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*:([^}]*)}").matcher(value);
        return m.matches() ? m.group(1) : value;
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
