package fr.douane.keycloak.it.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.KeycloakDistribution;
import fr.douane.keycloak.it.harness.KeycloakOptions;
import fr.douane.keycloak.it.harness.KeycloakServer;
import fr.douane.keycloak.it.harness.LocalFiles;
import fr.douane.keycloak.it.harness.MailServer;
import fr.douane.keycloak.it.harness.Paths;
import fr.douane.keycloak.it.harness.PortailproDatabase;
import fr.douane.keycloak.it.harness.Ports;
import fr.douane.keycloak.it.harness.TestClient;
import fr.douane.keycloak.it.install.RealmExportChecks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A running realm moved from the previous version of the pack to this one, as an admin does it:
 * the same Keycloak data directory, restarted with the new jar. Keycloak runs in its own copy of
 * the distribution (its H2 database under data/ survives the restarts; the shared server of the
 * other tests is not touched), against a real PostgreSQL Portailpro directory.
 *
 * <p>The realm starts as {@code douane-realm-0.1.0.json} (beside this class): realm-export/douane-realm.json as
 * it was in the 0.1.0 era (commit 66d055a, the last version before the 0.2.0 settings: no account
 * theme, no {@code douaneLocaleFromBrowser}, no Portailpro cache policy or sync period, no version
 * marker). The first start runs with the pack's upgrade switched off
 * ({@code --spi-douane-realm-upgrade--startup--enabled=false}), which is what a jar without it did.
 * Then, as on a live site: users with douane passwords (local and Portailpro-imported), an open
 * session, settings the admin made (connection pool, SMTP sender, portal redirect URI, a realm
 * attribute), and one drift in the pack's flow. The second start, with the upgrade on and the new
 * realm export in data/import (skipped by {@code --import-realm}, the realm exists), applies the
 * new settings. A third start changes nothing; a fourth, after the marker is removed, runs the
 * whole comparison again and changes nothing but the marker.</p>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealmUpgradeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLOW = "douane reset credentials";
    private static final String DISABLE_UPGRADE = "--spi-douane-realm-upgrade--startup--enabled=false";

    private static final String LOCAL_USER = "agent.upgrade";
    private static final String LOCAL_PASSWORD = "Ancien-Mot2passe!";
    private static final String PORTAILPRO_EMAIL = "upgrade.portailpro@exemple.fr";
    private static final String PORTAILPRO_PASSWORD = "Nouveau-2026!pass";

    private static final String SITE_POOL_SIZE = "12";
    private static final String SITE_SMTP_FROM = "ne-pas-repondre@site.example";
    private static final String SITE_REDIRECT = "https://portail.site.example/retour";
    private static final String SITE_REGISTRATION_URL = "https://inscription.site.example/";

    private static PortailproDatabase portailpro;
    private static MailServer mail;
    private static Path home;
    private static Path logDir;
    private static Map<String, String> env;
    private static KeycloakServer server;
    private static AdminApi admin;
    private static int port;

    private static String refreshToken;
    private static String flowIdBefore;
    private static JsonNode siteComponentBefore;

    @RegisterExtension
    static final TestWatcher LOG_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (server != null) {
                System.err.println("==== " + context.getDisplayName() + " failed; end of Keycloak's log (" + server.log() + ") ====\n"
                        + server.tail(150));
            }
        }
    };

    @BeforeAll
    static void upgradeARealmOfThePreviousVersion() throws Exception {
        portailpro = new PortailproDatabase(Ports.free());
        mail = new MailServer(Ports.free());
        env = new HashMap<>(DouaneEnvironment.realmEnv(mail, portailpro.jdbcUrl()));
        logDir = Paths.buildDir().resolve("upgrade");
        Files.createDirectories(logDir);
        Files.createDirectories(KeycloakOptions.vaultDir());
        home = logDir.resolve("keycloak");
        KeycloakDistribution.copy(home);
        port = Ports.free();
        admin = new AdminApi("http://localhost:" + port);

        // 1. The previous version, as it ran on a site.
        importDirectory("douane-realm-0.1.0.json", RealmUpgradeIT.class.getResourceAsStream("douane-realm-0.1.0.json"));
        start(1, DISABLE_UPGRADE);
        assertThat(realm().path("attributes").has("douanePackVersion")).as("no marker in the 0.1.0 shape").isFalse();
        usersAndSession();
        siteSettings();
        flowDrift();
        flowIdBefore = flowId();
        siteComponentBefore = portailproComponent();
        server.close();

        // 2. The new jar's realm export in data/import, as an image carries it; the upgrade on.
        importDirectory("douane-realm.json", Files.newInputStream(Paths.realmExport()));
        start(2);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {server, mail, portailpro}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    @Order(1)
    void everyDouanePasswordStillLogsIn() {
        assertThat(token(LOCAL_USER, LOCAL_PASSWORD).statusCode()).isEqualTo(200);
        assertThat(token(PORTAILPRO_EMAIL, PORTAILPRO_PASSWORD).statusCode()).isEqualTo(200);
        assertThat(token(LOCAL_USER, "Autre-Mot2passe!").statusCode()).as("a wrong password stays wrong").isNotEqualTo(200);
    }

    @Test
    @Order(2)
    void theSessionOpenBeforeTheUpgradeStillRefreshes() {
        HttpResponse<String> refreshed = post("grant_type=refresh_token&client_id=" + TestClient.ID
                + "&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8));
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    }

    /** The settings of the new realm export, compared with the file as the install test compares them. */
    @Test
    @Order(3)
    void theNewVersionsSettingsAreInPlace() {
        RealmExportChecks checks = new RealmExportChecks(admin, env);
        checks.themes();
        checks.locales();
        checks.resetFlow();
        checks.passwordPolicy();
        checks.resetLinkLifespan();
        JsonNode realm = realm();
        assertThat(realm.path("accountTheme").asText()).isEqualTo("douane");
        assertThat(realm.path("resetPasswordAllowed").asBoolean()).isTrue();
        assertThat(realm.path("attributes").path("douanePackVersion").asText()).isEqualTo(System.getProperty("project.version"));

        JsonNode config = portailproComponent().path("config");
        assertThat(config.path("cachePolicy").get(0).asText()).isEqualTo("MAX_LIFESPAN");
        assertThat(config.path("maxLifespan").get(0).asText()).as("the template's default").isEqualTo("240000");
        assertThat(config.path("changedSyncPeriod").get(0).asText()).as("from the server's environment")
                .isEqualTo(DouaneEnvironment.NO_PERIODIC_SYNC.getValue());
        assertThat(config.toString()).doesNotContain("${");
    }

    /** One INFO line per kind of change, the marker last. */
    @Test
    @Order(4)
    void eachKindOfChangeIsLoggedOnce() {
        List<String> lines = upgradeLines(2).stream().map(l -> l.substring(l.indexOf("douane pack upgrade: ") + 21)).toList();
        assertThat(lines).containsExactlyInAnyOrder(
                "flows rebuilt from the template: " + FLOW,
                "realm settings set: accountTheme",
                "attributes added douaneLocaleFromBrowser; updated actionTokenGeneratedByUserLifespan.reset-credentials",
                lines.stream().filter(l -> l.startsWith("component portailpro: added ")).findFirst().orElse("component portailpro line"),
                "now at version " + System.getProperty("project.version") + " (from a version without marker)");
        assertThat(lines.get(lines.size() - 1)).startsWith("now at version");
        assertThat(lines.stream().filter(l -> l.startsWith("component portailpro: added ")).findFirst().orElseThrow()
                .substring("component portailpro: added ".length()).split(", "))
                .containsExactlyInAnyOrder("cachePolicy", "maxLifespan", "changedSyncPeriod");
    }

    /** The drifted flow was rebuilt under its alias and took over the realm's binding; nothing temporary is left. */
    @Test
    @Order(5)
    void aPackFlowThatDifferedWasRebuiltAndRebound() {
        assertThat(flowId()).isNotEqualTo(flowIdBefore);
        assertThat(realm().path("resetCredentialsFlow").asText()).isEqualTo(FLOW);
        List<String> aliases = new ArrayList<>();
        admin.get("/admin/realms/douane/authentication/flows").expect(200).json().forEach(f -> aliases.add(f.path("alias").asText()));
        assertThat(aliases).containsOnlyOnce(FLOW).noneMatch(a -> a.contains("upgrade"));
        assertThat(upgradeLines(2)).anyMatch(l -> l.endsWith("flows rebuilt from the template: " + FLOW))
                .noneMatch(l -> l.contains(" WARN "));
    }

    @Test
    @Order(6)
    void siteValuesTheAdminSetAreUntouched() {
        JsonNode component = portailproComponent();
        for (String key : List.of("jdbcUrl", "jdbcUser", "jdbcPassword", "poolSize", "queryTimeoutSeconds", "connectTimeoutSeconds")) {
            assertThat(component.path("config").path(key)).as(key).isEqualTo(siteComponentBefore.path("config").path(key));
        }
        assertThat(component.path("config").path("poolSize").get(0).asText()).isEqualTo(SITE_POOL_SIZE);
        assertThat(component.path("config").path("jdbcUrl").get(0).asText()).isEqualTo(portailpro.jdbcUrl());
        JsonNode realm = realm();
        assertThat(realm.path("smtpServer").path("from").asText()).isEqualTo(SITE_SMTP_FROM);
        assertThat(realm.path("smtpServer").path("host").asText()).isEqualTo(env.get("DOUANE_SMTP_HOST"));
        assertThat(realm.path("attributes").path("douaneRegistrationUrl").asText()).isEqualTo(SITE_REGISTRATION_URL);
        assertThat(portalClient().path("redirectUris").get(0).asText()).isEqualTo(SITE_REDIRECT);
        assertThat(log(2)).contains("Realm 'douane' already exists. Import skipped");
    }

    /** A third start on the upgraded realm: no change, nothing logged. */
    @Test
    @Order(7)
    void aRestartChangesNothing() {
        JsonNode before = snapshot();
        server.close();
        start(3);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(upgradeLines(3)).as("no change and no failure logged").isEmpty();
        assertThat(token(LOCAL_USER, LOCAL_PASSWORD).statusCode()).isEqualTo(200);
    }

    /**
     * The upgrade run again in full on the upgraded realm (its marker removed, as for a realm of a
     * version without one): it compares everything, rebuilds nothing and writes only the marker.
     */
    @Test
    @Order(8)
    void runningTheUpgradeTwiceChangesNothing() {
        JsonNode before = snapshot();
        ObjectNode realm = (ObjectNode) realm();
        ((ObjectNode) realm.path("attributes")).remove("douanePackVersion");
        admin.put("/admin/realms/douane", realm).expect(204);
        server.close();
        start(4);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(upgradeLines(4)).singleElement().asString()
                .endsWith("now at version " + System.getProperty("project.version") + " (from a version without marker)");
    }

    // ---- the site before the upgrade ----

    private static void usersAndSession() {
        TestClient.ensure(admin);
        admin.createLocalUser(LOCAL_USER, LOCAL_USER + "@exemple.fr", "Agent", "Upgrade", LOCAL_PASSWORD);
        portailpro.execute("INSERT INTO portailpro_account (id, identifiant, email, first_name, last_name, status)"
                + " VALUES ('pp-upgrade', '" + PORTAILPRO_EMAIL + "', '" + PORTAILPRO_EMAIL + "', 'Essai', 'Upgrade', 'ACTIVE')");
        JsonNode users = admin.get("/admin/realms/douane/users?exact=true&email=" + URLEncoder.encode(PORTAILPRO_EMAIL, StandardCharsets.UTF_8)).json();
        assertThat(users.size()).as("imported from Portailpro").isEqualTo(1);
        admin.put("/admin/realms/douane/users/" + users.get(0).path("id").asText() + "/reset-password",
                Map.of("type", "password", "value", PORTAILPRO_PASSWORD, "temporary", false)).expect(204);
        assertThat(token(PORTAILPRO_EMAIL, PORTAILPRO_PASSWORD).statusCode()).isEqualTo(200);
        HttpResponse<String> session = token(LOCAL_USER, LOCAL_PASSWORD);
        assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
        refreshToken = json(session.body()).path("refresh_token").asText();
    }

    private static void siteSettings() {
        JsonNode component = portailproComponent();
        ObjectNode changed = component.deepCopy();
        ((ObjectNode) changed.path("config")).putArray("poolSize").add(SITE_POOL_SIZE);
        // The admin API shows the secret masked and keeps the stored one when it gets the mask back.
        admin.put("/admin/realms/douane/components/" + component.path("id").asText(), changed).expect(204);

        ObjectNode realm = (ObjectNode) realm();
        ((ObjectNode) realm.path("smtpServer")).put("from", SITE_SMTP_FROM);
        ObjectNode attributes = (ObjectNode) realm.path("attributes");
        attributes.put("douaneRegistrationUrl", SITE_REGISTRATION_URL);
        // Pack-owned: the link's 24 h come back with the upgrade.
        attributes.put("actionTokenGeneratedByUserLifespan.reset-credentials", "3600");
        admin.put("/admin/realms/douane", realm).expect(204);

        ObjectNode client = (ObjectNode) portalClient();
        client.putArray("redirectUris").add(SITE_REDIRECT);
        admin.put("/admin/realms/douane/clients/" + client.path("id").asText(), client).expect(204);
    }

    /** The last step of the pack's flow switched off by hand: the flow differs from the template. */
    private static void flowDrift() {
        String path = "/admin/realms/douane/authentication/flows/" + FLOW.replace(" ", "%20") + "/executions";
        for (JsonNode e : admin.get(path).expect(200).json()) {
            if ("douane-reset-password".equals(e.path("providerId").asText())) {
                ObjectNode disabled = e.deepCopy();
                disabled.put("requirement", "DISABLED");
                admin.put(path, disabled).expect(204);
            }
        }
    }

    // ---- servers and reads ----

    private static void importDirectory(String name, InputStream realm) throws IOException {
        Path imports = home.resolve("data/import");
        LocalFiles.deleteTree(imports);
        Files.createDirectories(imports);
        try (realm) {
            Files.copy(realm, imports.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void start(int run, String... args) {
        KeycloakOptions options = KeycloakOptions.dev(port, home, logDir.resolve("keycloak-" + run + ".log")).env(env)
                .readyWithin(Duration.ofSeconds(Long.getLong("douane.it.start-timeout-seconds", 480)));
        options.args(args);
        server = KeycloakServer.start(options);
    }

    private static String log(int run) {
        try {
            return Files.readString(logDir.resolve("keycloak-" + run + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the upgrade logged at INFO or WARN (it logs changes and failures at those levels only). */
    private static List<String> upgradeLines(int run) {
        return log(run).lines().filter(l -> l.matches(".* (INFO|WARN) +\\[fr\\.douane\\.keycloak\\.upgrade\\..*")).toList();
    }

    private static JsonNode realm() {
        return admin.get("/admin/realms/douane").expect(200).json();
    }

    private static String flowId() {
        for (JsonNode f : admin.get("/admin/realms/douane/authentication/flows").expect(200).json()) {
            if (FLOW.equals(f.path("alias").asText())) {
                return f.path("id").asText();
            }
        }
        throw new AssertionError("no flow " + FLOW);
    }

    private static JsonNode portailproComponent() {
        for (JsonNode c : admin.get("/admin/realms/douane/components?type=org.keycloak.storage.UserStorageProvider").expect(200).json()) {
            if ("douane-portailpro".equals(c.path("providerId").asText())) {
                return c;
            }
        }
        throw new AssertionError("no douane-portailpro component");
    }

    private static JsonNode portalClient() {
        return admin.get("/admin/realms/douane/clients?clientId=douane-portail").expect(200).json().get(0);
    }

    /** What an upgrade could change: the realm, the pack's flow with its configs, its components, the portal client. */
    private static JsonNode snapshot() {
        ObjectNode all = JSON.createObjectNode();
        all.set("realm", realm());
        JsonNode executions = admin.get("/admin/realms/douane/authentication/flows/" + FLOW.replace(" ", "%20") + "/executions")
                .expect(200).json();
        all.set("executions", executions);
        for (JsonNode e : executions) {
            if (e.hasNonNull("authenticationConfig")) {
                all.set("config " + e.path("authenticationConfig").asText(),
                        admin.get("/admin/realms/douane/authentication/config/" + e.path("authenticationConfig").asText()).expect(200).json());
            }
        }
        all.put("flowId", flowId());
        all.set("components", admin.get("/admin/realms/douane/components?parent=" + realm().path("id").asText()).expect(200).json());
        all.set("client", portalClient());
        return all;
    }

    private static HttpResponse<String> token(String username, String password) {
        return post("grant_type=password&scope=openid&client_id=" + TestClient.ID
                + "&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> post(String form) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/realms/douane/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(body, e);
        }
    }
}
