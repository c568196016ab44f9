package fr.douane.keycloak.bench.load;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import fr.douane.keycloak.it.harness.AdminApi;

/**
 * The two realms side by side. "douane" is the shipped realm export (imported at start). "stock"
 * is created here as an administrator would without the pack: Keycloak's own reset-credentials
 * flow, the keycloak.v2 login theme, built-in policies with the same intent as the douane rule
 * (8 characters, the four classes, the last 3 passwords refused), the same SMTP server, locales,
 * brute-force protection and 24 h reset links. Both get the same bench client and the same users.
 */
final class BenchRealms {

    static final String STOCK_POLICY = "length(8) and upperCase(1) and lowerCase(1) and digits(1) and specialChars(1) and passwordHistory(3)";

    private final AdminApi admin;
    private final String redirectUri;
    private String douanePolicy;

    BenchRealms(AdminApi admin, String redirectUri) {
        this.admin = admin;
        this.redirectUri = redirectUri;
    }

    void setUp(int smtpPort) {
        douanePolicy = admin.get("/admin/realms/douane").json().get("passwordPolicy").asText();
        Map<String, Object> stock = new LinkedHashMap<>();
        stock.put("realm", "stock");
        stock.put("enabled", true);
        stock.put("loginTheme", "keycloak.v2");
        stock.put("resetPasswordAllowed", true);
        stock.put("loginWithEmailAllowed", true);
        stock.put("bruteForceProtected", true);
        stock.put("internationalizationEnabled", true);
        stock.put("supportedLocales", List.of("fr", "en"));
        stock.put("defaultLocale", "fr");
        stock.put("passwordPolicy", STOCK_POLICY);
        stock.put("attributes", Map.of("actionTokenGeneratedByUserLifespan.reset-credentials", "86400"));
        stock.put("smtpServer", Map.of("host", "127.0.0.1", "port", Integer.toString(smtpPort),
                "from", "ne-pas-repondre@douane.gouv.fr", "fromDisplayName", "douane.gouv.fr",
                "auth", "false", "ssl", "false", "starttls", "false"));
        AdminApi.Response created = admin.post("/admin/realms", stock);
        if (created.status() != 201) {
            throw new IllegalStateException("stock realm: " + created);
        }
        for (String realm : List.of("stock", "douane")) {
            AdminApi.Response client = admin.post("/admin/realms/" + realm + "/clients", Map.of(
                    "clientId", Scenarios.CLIENT, "publicClient", true, "standardFlowEnabled", true,
                    "directAccessGrantsEnabled", true, "redirectUris", List.of(redirectUri)));
            if (client.status() != 201) {
                throw new IllegalStateException("bench client in " + realm + ": " + client);
            }
        }
    }

    /**
     * Both realms hash with pbkdf2-sha512 at {@code iterations}. Said explicitly: without a
     * hashAlgorithm policy Keycloak 26 hashes new passwords with argon2 (memory-hard: about as
     * costly at 1 iteration as at 5), so "cheap hashing" would not be cheap; and the bench users'
     * stored pbkdf2 credentials would be re-hashed at their first login.
     */
    void hashing(int iterations) {
        String suffix = " and hashAlgorithm(pbkdf2-sha512) and hashIterations(" + iterations + ")";
        policy("stock", STOCK_POLICY + suffix);
        policy("douane", douanePolicy + suffix);
    }

    /**
     * Switches the realm's brute-force protection and returns what it was. B3 logs the same few
     * accounts in hundreds of times a second: Keycloak's detector then refuses some correct logins
     * ("user_temporarily_disabled", no failed password before), at random on either side, which
     * would measure the lockouts instead of the logins.
     */
    boolean bruteForce(String realm, boolean on) {
        boolean before = admin.get("/admin/realms/" + realm).json().path("bruteForceProtected").asBoolean(false);
        AdminApi.Response r = admin.put("/admin/realms/" + realm, Map.of("bruteForceProtected", on));
        if (r.status() != 204) {
            throw new IllegalStateException("brute-force protection of " + realm + ": " + r);
        }
        return before;
    }

    private void policy(String realm, String policy) {
        AdminApi.Response r = admin.put("/admin/realms/" + realm, Map.of("passwordPolicy", policy));
        if (r.status() != 204) {
            throw new IllegalStateException("policy of " + realm + ": " + r);
        }
    }

    String policyOf(String realm) {
        return admin.get("/admin/realms/" + realm).json().get("passwordPolicy").asText();
    }

    /**
     * Imports Portailpro accounts into the douane realm (a user lookup by the admin API goes
     * through the federation, which imports the account) and gives each a douane password through
     * the admin API, so Keycloak hashes and stores it like the reset flow would.
     */
    List<String> portailproUsers(List<String> identifiants, String password) {
        List<String> ids = new ArrayList<>();
        for (String identifiant : identifiants) {
            JsonNode found = admin.get("/admin/realms/douane/users?exact=true&username="
                    + URLEncoder.encode(identifiant, StandardCharsets.UTF_8)).json();
            if (found.size() != 1 || !found.get(0).has("federationLink")) {
                throw new IllegalStateException("Portailpro account " + identifiant + " not imported: " + found);
            }
            String id = found.get(0).get("id").asText();
            AdminApi.Response r = admin.put("/admin/realms/douane/users/" + id + "/reset-password",
                    Map.of("type", "password", "value", password, "temporary", false));
            if (r.status() != 204) {
                throw new IllegalStateException("password of " + identifiant + ": " + r);
            }
            ids.add(identifiant);
        }
        return ids;
    }

    /**
     * The roles a user of {@code realm} holds, composites expanded, per realm role and per client
     * role: what the token mappers of a login work through. B3 checks both sides hold the same.
     */
    java.util.SortedSet<String> effectiveRoles(String realm, String username) {
        JsonNode found = admin.get("/admin/realms/" + realm + "/users?exact=true&username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8)).json();
        if (found.size() != 1) {
            throw new IllegalStateException("user " + username + " of " + realm + ": " + found);
        }
        String base = "/admin/realms/" + realm + "/users/" + found.get(0).get("id").asText() + "/role-mappings";
        java.util.SortedSet<String> roles = new java.util.TreeSet<>();
        admin.get(base + "/realm/composite").json().forEach(r -> roles.add(r.get("name").asText()));
        JsonNode clients = admin.get("/admin/realms/" + realm + "/clients").json();
        for (JsonNode client : clients) {
            admin.get(base + "/clients/" + client.get("id").asText() + "/composite").json()
                    .forEach(r -> roles.add(client.get("clientId").asText() + "/" + r.get("name").asText()));
        }
        return roles;
    }
}
