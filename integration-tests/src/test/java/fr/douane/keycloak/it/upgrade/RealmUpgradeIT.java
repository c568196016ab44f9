package fr.douane.keycloak.it.upgrade;

import static fr.douane.keycloak.it.upgrade.UpgradeServer.FLOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
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
 * attribute, a limit tuned in the pack flow's config, whose other key is removed as in a version
 * before that key), and one drift in the pack's flow. The second start, with the upgrade on and the
 * new realm export in data/import (skipped by {@code --import-realm}, the realm exists), applies the
 * new settings. A third start changes nothing; a fourth, after the marker is removed, runs the
 * whole comparison again and changes nothing but the marker; a fifth, on a flow of the template's
 * structure whose config lacks a key, adds the key in place.</p>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealmUpgradeIT {

    private static final String DISABLE_UPGRADE = "--spi-douane-realm-upgrade--startup--enabled=false";
    private static final String VERSION = System.getProperty("project.version");
    private static final String MARKER_LINE = "now at version " + VERSION + " (from a version without marker)";

    private static final String LOCAL_USER = "agent.upgrade";
    private static final String LOCAL_PASSWORD = "Ancien-Mot2passe!";
    private static final String PORTAILPRO_EMAIL = "upgrade.portailpro@exemple.fr";
    private static final String PORTAILPRO_PASSWORD = "Nouveau-2026!pass";

    private static final String SITE_POOL_SIZE = "12";
    private static final String SITE_SMTP_FROM = "ne-pas-repondre@site.example";
    private static final String SITE_REDIRECT = "https://portail.site.example/retour";
    private static final String SITE_REGISTRATION_URL = "https://inscription.site.example/";
    private static final String REQUEST_STEP = "douane-reset-request";
    private static final String PASSWORD_STEP = "douane-reset-password";
    private static final String SITE_MAILS_PER_ACCOUNT = "7";
    private static final String NEW_KEY = "douaneMailsPerAddressPerHour";

    private static PortailproDatabase portailpro;
    private static MailServer mail;
    private static Map<String, String> env;
    private static UpgradeServer keycloak;
    private static AdminApi admin;

    private static String refreshToken;
    private static String flowIdBefore;
    private static JsonNode siteComponentBefore;

    @RegisterExtension
    static final TestWatcher LOG_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (keycloak != null) {
                System.err.println("==== " + context.getDisplayName() + " failed; " + keycloak.tail());
            }
        }
    };

    @BeforeAll
    static void upgradeARealmOfThePreviousVersion() throws Exception {
        portailpro = new PortailproDatabase(Ports.free());
        mail = new MailServer(Ports.free());
        env = new HashMap<>(DouaneEnvironment.realmEnv(mail, portailpro.jdbcUrl()));
        keycloak = new UpgradeServer(env);
        admin = keycloak.admin;

        // 1. The previous version, as it ran on a site.
        keycloak.importDirectory("douane-realm-0.1.0.json", RealmUpgradeIT.class.getResourceAsStream("douane-realm-0.1.0.json"));
        keycloak.start(1, DISABLE_UPGRADE);
        assertThat(keycloak.realm().path("attributes").has("douanePackVersion")).as("no marker in the 0.1.0 shape").isFalse();
        usersAndSession();
        siteSettings();
        flowConfigTuning();
        flowDrift();
        flowIdBefore = keycloak.flowId();
        siteComponentBefore = keycloak.portailproComponent();
        keycloak.close();

        // 2. The new jar's realm export in data/import, as an image carries it; the upgrade on.
        keycloak.importDirectory("douane-realm.json", Files.newInputStream(Paths.realmExport()));
        keycloak.start(2);
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {keycloak, mail, portailpro}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    @Order(1)
    void everyDouanePasswordStillLogsIn() {
        assertThat(keycloak.token(LOCAL_USER, LOCAL_PASSWORD).statusCode()).isEqualTo(200);
        assertThat(keycloak.token(PORTAILPRO_EMAIL, PORTAILPRO_PASSWORD).statusCode()).isEqualTo(200);
        assertThat(keycloak.token(LOCAL_USER, "Autre-Mot2passe!").statusCode()).as("a wrong password stays wrong").isNotEqualTo(200);
    }

    @Test
    @Order(2)
    void theSessionOpenBeforeTheUpgradeStillRefreshes() {
        HttpResponse<String> refreshed = keycloak.refresh(refreshToken);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
    }

    /** The settings of the new realm export, compared with the file as the install test compares them. */
    @Test
    @Order(3)
    void theNewVersionsSettingsAreInPlace() {
        RealmExportChecks checks = new RealmExportChecks(admin, env);
        checks.themes();
        checks.locales();
        checks.resetFlow(Map.of("douaneMailsPerAccountPerHour", SITE_MAILS_PER_ACCOUNT));
        checks.passwordPolicy();
        checks.resetLinkLifespan();
        JsonNode realm = keycloak.realm();
        assertThat(realm.path("accountTheme").asText()).isEqualTo("douane");
        assertThat(realm.path("resetPasswordAllowed").asBoolean()).isTrue();
        assertThat(realm.path("attributes").path("douanePackVersion").asText()).isEqualTo(VERSION);

        JsonNode config = keycloak.portailproComponent().path("config");
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
        List<String> lines = keycloak.upgradeLines(2).stream()
                .map(l -> l.substring(l.indexOf("douane pack upgrade: ") + "douane pack upgrade: ".length())).toList();
        String component = "component portailpro: added ";
        assertThat(lines).hasSize(6).last().isEqualTo(MARKER_LINE);
        assertThat(lines).contains("flows rebuilt from the template: " + FLOW, "realm settings set: accountTheme",
                "flow configs: " + FLOW + " / " + REQUEST_STEP + ": added " + NEW_KEY,
                "attributes added douaneLocaleFromBrowser; updated actionTokenGeneratedByUserLifespan.reset-credentials");
        assertThat(lines).filteredOn(l -> l.startsWith(component)).singleElement()
                .satisfies(l -> assertThat(l.substring(component.length()).split(", "))
                        .containsExactlyInAnyOrder("cachePolicy", "maxLifespan", "changedSyncPeriod"));
    }

    /** The drifted flow was rebuilt under its alias and took over the realm's binding; nothing temporary is left. */
    @Test
    @Order(5)
    void aPackFlowThatDifferedWasRebuiltAndRebound() {
        assertThat(keycloak.flowId()).isNotEqualTo(flowIdBefore);
        assertThat(keycloak.realm().path("resetCredentialsFlow").asText()).isEqualTo(FLOW);
        List<String> aliases = new ArrayList<>();
        admin.get("/admin/realms/douane/authentication/flows").expect(200).json().forEach(f -> aliases.add(f.path("alias").asText()));
        assertThat(aliases).containsOnlyOnce(FLOW).noneMatch(a -> a.contains("upgrade"));
        assertThat(keycloak.upgradeLines(2)).noneMatch(l -> l.contains(" WARN "));
    }

    @Test
    @Order(7)
    void siteValuesTheAdminSetAreUntouched() {
        JsonNode component = keycloak.portailproComponent();
        for (String key : List.of("jdbcUrl", "jdbcUser", "jdbcPassword", "poolSize", "queryTimeoutSeconds", "connectTimeoutSeconds")) {
            assertThat(component.path("config").path(key)).as(key).isEqualTo(siteComponentBefore.path("config").path(key));
        }
        assertThat(component.path("config").path("poolSize").get(0).asText()).isEqualTo(SITE_POOL_SIZE);
        assertThat(component.path("config").path("jdbcUrl").get(0).asText()).isEqualTo(portailpro.jdbcUrl());
        JsonNode realm = keycloak.realm();
        assertThat(realm.path("smtpServer").path("from").asText()).isEqualTo(SITE_SMTP_FROM);
        assertThat(realm.path("smtpServer").path("host").asText()).isEqualTo(env.get("DOUANE_SMTP_HOST"));
        assertThat(realm.path("attributes").path("douaneRegistrationUrl").asText()).isEqualTo(SITE_REGISTRATION_URL);
        assertThat(keycloak.portalClient().path("redirectUris").get(0).asText()).isEqualTo(SITE_REDIRECT);
        assertThat(keycloak.log(2)).contains("Realm 'douane' already exists. Import skipped");
    }

    /** The flow was rebuilt; its config kept the limit the admin tuned and got the key it lacked, at the export's value. */
    @Test
    @Order(6)
    void aTunedConfigValueSurvivesTheRebuildAndANewKeyAppears() throws Exception {
        JsonNode config = keycloak.stepConfig(REQUEST_STEP).path("config");
        assertThat(config.path("douaneMailsPerAccountPerHour").asText()).isEqualTo(SITE_MAILS_PER_ACCOUNT);
        assertThat(config.path(NEW_KEY).asText()).isEqualTo(exportConfig("douane reset request").path(NEW_KEY).asText()).isNotEmpty();
        assertThat(keycloak.stepConfig(PASSWORD_STEP).path("config")).as("untouched config").isEqualTo(exportConfig("douane reset password"));
    }

    /** A third start on the upgraded realm: no change, nothing logged. */
    @Test
    @Order(8)
    void aRestartChangesNothing() {
        JsonNode before = keycloak.snapshot();
        keycloak.close();
        keycloak.start(3);
        assertThat(keycloak.snapshot()).isEqualTo(before);
        assertThat(keycloak.upgradeLines(3)).as("no change and no failure logged").isEmpty();
        assertThat(keycloak.token(LOCAL_USER, LOCAL_PASSWORD).statusCode()).isEqualTo(200);
    }

    /**
     * The upgrade run again in full on the upgraded realm (its marker removed, as for a realm of a
     * version without one): it compares everything, rebuilds nothing and writes only the marker.
     */
    @Test
    @Order(9)
    void runningTheUpgradeTwiceChangesNothing() {
        JsonNode before = keycloak.snapshot();
        ObjectNode realm = (ObjectNode) keycloak.realm();
        ((ObjectNode) realm.path("attributes")).remove("douanePackVersion");
        admin.put("/admin/realms/douane", realm).expect(204);
        keycloak.close();
        keycloak.start(4);
        assertThat(keycloak.snapshot()).isEqualTo(before);
        assertThat(keycloak.upgradeLines(4)).singleElement().asString().endsWith(MARKER_LINE);
    }

    /**
     * A flow of the template's structure is not rebuilt: a key its config lacks (as in a version
     * before that key) is added to the same config, the values the admin set stay.
     */
    @Test
    @Order(10)
    void aKeyMissingFromTheConfigOfAnIntactFlowIsAddedInPlace() {
        String flowId = keycloak.flowId();
        JsonNode before = keycloak.stepConfig(REQUEST_STEP);
        keycloak.setStepConfig(REQUEST_STEP, Map.of("douaneMailsPerAccountPerHour", SITE_MAILS_PER_ACCOUNT));
        ObjectNode realm = (ObjectNode) keycloak.realm();
        ((ObjectNode) realm.path("attributes")).remove("douanePackVersion");
        admin.put("/admin/realms/douane", realm).expect(204);
        keycloak.close();
        keycloak.start(5);
        assertThat(keycloak.flowId()).as("not rebuilt").isEqualTo(flowId);
        assertThat(keycloak.stepConfig(REQUEST_STEP)).isEqualTo(before);
        assertThat(keycloak.upgradeLines(5)).hasSize(2).last().asString().endsWith(MARKER_LINE);
        assertThat(keycloak.upgradeLines(5).get(0)).endsWith("flow configs: " + FLOW + " / " + REQUEST_STEP + ": added " + NEW_KEY);
    }

    // ---- the site before the upgrade ----

    private static void usersAndSession() {
        TestClient.ensure(admin);
        admin.createLocalUser(LOCAL_USER, LOCAL_USER + "@exemple.fr", "Agent", "Upgrade", LOCAL_PASSWORD);
        portailpro.execute("INSERT INTO portailpro_account (id, identifiant, email, first_name, last_name, status)"
                + " VALUES ('pp-upgrade', '" + PORTAILPRO_EMAIL + "', '" + PORTAILPRO_EMAIL + "', 'Essai', 'Upgrade', 'ACTIVE')");
        JsonNode users = admin.get("/admin/realms/douane/users?exact=true&email="
                + URLEncoder.encode(PORTAILPRO_EMAIL, StandardCharsets.UTF_8)).json();
        assertThat(users.size()).as("imported from Portailpro").isEqualTo(1);
        admin.put("/admin/realms/douane/users/" + users.get(0).path("id").asText() + "/reset-password",
                Map.of("type", "password", "value", PORTAILPRO_PASSWORD, "temporary", false)).expect(204);
        assertThat(keycloak.token(PORTAILPRO_EMAIL, PORTAILPRO_PASSWORD).statusCode()).isEqualTo(200);
        HttpResponse<String> session = keycloak.token(LOCAL_USER, LOCAL_PASSWORD);
        assertThat(session.statusCode()).as(session.body()).isEqualTo(200);
        refreshToken = UpgradeServer.json(session.body()).path("refresh_token").asText();
    }

    private static void siteSettings() {
        JsonNode component = keycloak.portailproComponent();
        ObjectNode changed = component.deepCopy();
        ((ObjectNode) changed.path("config")).putArray("poolSize").add(SITE_POOL_SIZE);
        // The admin API shows the secret masked and keeps the stored one when it gets the mask back.
        admin.put("/admin/realms/douane/components/" + component.path("id").asText(), changed).expect(204);

        ObjectNode realm = (ObjectNode) keycloak.realm();
        ((ObjectNode) realm.path("smtpServer")).put("from", SITE_SMTP_FROM);
        ObjectNode attributes = (ObjectNode) realm.path("attributes");
        attributes.put("douaneRegistrationUrl", SITE_REGISTRATION_URL);
        // Pack-owned: the link's 24 h come back with the upgrade.
        attributes.put("actionTokenGeneratedByUserLifespan.reset-credentials", "3600");
        admin.put("/admin/realms/douane", realm).expect(204);

        ObjectNode client = (ObjectNode) keycloak.portalClient();
        client.putArray("redirectUris").add(SITE_REDIRECT);
        admin.put("/admin/realms/douane/clients/" + client.path("id").asText(), client).expect(204);
    }

    /**
     * A limit of the pack's flow tuned in its config, and the config's other key removed: the
     * config as a version before that key had it.
     */
    private static void flowConfigTuning() {
        keycloak.setStepConfig(REQUEST_STEP, Map.of("douaneMailsPerAccountPerHour", SITE_MAILS_PER_ACCOUNT));
        assertThat(keycloak.stepConfig(REQUEST_STEP).path("config").has(NEW_KEY)).isFalse();
    }

    /** The config {@code alias} of the realm export, its placeholders as they are in the file. */
    private static JsonNode exportConfig(String alias) throws java.io.IOException {
        for (JsonNode c : new com.fasterxml.jackson.databind.ObjectMapper().readTree(Paths.realmExport().toFile()).path("authenticatorConfig")) {
            if (alias.equals(c.path("alias").asText())) {
                return c.path("config");
            }
        }
        throw new AssertionError("no authenticator config " + alias + " in the realm export");
    }

    /** The last step of the pack's flow switched off by hand: the flow differs from the template. */
    private static void flowDrift() {
        for (JsonNode e : admin.get(keycloak.executionsPath()).expect(200).json()) {
            if ("douane-reset-password".equals(e.path("providerId").asText())) {
                ObjectNode disabled = e.deepCopy();
                disabled.put("requirement", "DISABLED");
                admin.put(keycloak.executionsPath(), disabled).expect(204);
            }
        }
    }
}
