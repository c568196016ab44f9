package fr.douane.keycloak.it.portailpro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.KeycloakServer;
import fr.douane.keycloak.it.harness.LocalFiles;
import fr.douane.keycloak.it.harness.PortailproDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Portailpro password held in Keycloak's file vault ({@code --vault=file}, the harness's
 * vault directory): the component stores {@code ${vault.<key>}}, never the password, and connects
 * with the file {@code <realm>_<key>}. The directory role is the one the compose init script
 * creates ({@code docker/portailpro/03-keycloak-reader.sql}, applied here as written with the
 * password bound), and PostgreSQL is made to check its password (scram-sha-256 for that role),
 * so a wrong or missing secret really fails to connect.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class PortailproVaultIT {

    private static final String ROLE = "keycloak_reader";
    private static final String KEY = "portailpro-reader";
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static String rolePassword;

    private DouaneEnvironment env;
    private AdminApi admin;

    @BeforeEach
    void readerRole(DouaneEnvironment env) throws Exception {
        assumeTrue(env.keycloak() instanceof KeycloakServer, "the vault directory of the local distribution");
        this.env = env;
        this.admin = env.admin();
        synchronized (PortailproVaultIT.class) {
            if (rolePassword == null) {
                rolePassword = "lecteur-" + System.nanoTime();
                applyRoleScript(env.portailpro(), rolePassword);
                requirePasswordFor(env.portailpro());
            }
        }
    }

    @Test
    void theShippedRoleMaySelectTheDirectoryRelationAndNothingElse() throws SQLException {
        env.portailpro().execute("CREATE TABLE IF NOT EXISTS vault_it_other (x int)");
        try (Connection c = DriverManager.getConnection(env.portailpro().jdbcUrl(), ROLE, rolePassword);
             Statement s = c.createStatement()) {
            assertThat(s.executeQuery("SELECT count(*) FROM portailpro_account").next()).isTrue();
            assertThatThrownBy(() -> s.executeUpdate("UPDATE portailpro_account SET status = status WHERE false"))
                    .hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM vault_it_other")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("CREATE TABLE vault_it_created (x int)")).hasMessageContaining("permission denied");
        }
        assertThatThrownBy(() -> DriverManager.getConnection(env.portailpro().jdbcUrl(), ROLE, "not-" + rolePassword))
                .as("PostgreSQL checks this role's password").hasMessageContaining("password authentication failed");
    }

    @Test
    void aVaultHeldPasswordConnectsAndOnlyTheReferenceIsStored() throws IOException {
        String realm = newRealm();
        writeVault(realm, KEY, rolePassword);
        AdminApi.Response created = createComponent(realm, "${vault." + KEY + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        assertThat(usersByEmail(realm, "marie.dupont@exemple.fr")).as("found in the directory through the vault password")
                .isEqualTo(1);
        JsonNode component = admin.get("/admin/realms/" + realm + "/components?type=org.keycloak.storage.UserStorageProvider")
                .json().get(0);
        assertThat(component.path("config").path("jdbcPassword").get(0).asText()).isEqualTo("${vault." + KEY + "}");
        assertThat(component.toString()).doesNotContain(rolePassword);
    }

    @Test
    void aWrongOrMissingVaultEntryIsRefusedWhenAnAdminSavesTheComponent() throws IOException {
        String realm = newRealm();
        AdminApi.Response missing = createComponent(realm, "${vault." + KEY + "}");
        assertThat(missing.status()).as(missing.body()).isEqualTo(400);
        assertThat(missing.body()).contains(KEY);

        writeVault(realm, KEY, "not-" + rolePassword);
        AdminApi.Response wrong = createComponent(realm, "${vault." + KEY + "}");
        assertThat(wrong.status()).as("the vault's value is the one tried: " + wrong.body()).isEqualTo(400);
    }

    /**
     * A vault entry missing when the pool is built (a secret not mounted on this node): one clear
     * warning, lookups answer "nobody" as in any directory outage, no error page; once the entry
     * exists, a save of the component (unchanged) makes the node read it at once. The same save
     * is how a rotated password is picked up without waiting for the periodic re-read.
     */
    @Test
    void aMissingEntryAtRunTimeIsAnOutageWithOneClearLogLineAndASaveRecovers() throws Exception {
        String realm = newRealm();
        writeVault(realm, KEY, rolePassword);
        assertThat(createComponent(realm, "${vault." + KEY + "}").status()).isEqualTo(201);
        Files.delete(vaultFile(realm, KEY));
        long logBefore = Files.size(env.keycloak().log());

        AdminApi.Response search = admin.get("/admin/realms/" + realm + "/users?exact=true&email=marie.dupont%40exemple.fr");
        assertThat(search.status()).as(search.body()).isEqualTo(200);
        assertThat(search.json().size()).isZero();
        assertThat(env.admin().get("/realms/" + realm + "/.well-known/openid-configuration").status()).isEqualTo(200);
        String log = awaitLog(logBefore, "the vault holds no such entry");
        assertThat(log).contains("${vault." + KEY + "}").doesNotContain(rolePassword);

        // Rotation: a new password for the role and in the vault, then one save of the component.
        String rotated = "tourne-" + System.nanoTime();
        env.portailpro().execute("ALTER ROLE " + ROLE + " PASSWORD '" + rotated + "'");
        try {
            writeVault(realm, KEY, rotated);
            JsonNode component = admin.get("/admin/realms/" + realm + "/components?type=org.keycloak.storage.UserStorageProvider")
                    .json().get(0);
            AdminApi.Response saved = admin.put("/admin/realms/" + realm + "/components/" + component.path("id").asText(), component);
            assertThat(saved.status()).as(saved.body()).isEqualTo(204);
            assertThat(usersByEmail(realm, "marie.dupont@exemple.fr")).isEqualTo(1);
        } finally {
            env.portailpro().execute("ALTER ROLE " + ROLE + " PASSWORD '" + rolePassword + "'");
        }
    }

    private String newRealm() {
        String realm = "vault-it-" + SEQ.incrementAndGet() + "-" + System.nanoTime() % 100_000;
        AdminApi.Response r = admin.post("/admin/realms", Map.of("realm", realm, "enabled", true));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return realm;
    }

    private AdminApi.Response createComponent(String realm, String password) {
        String realmId = admin.get("/admin/realms/" + realm).json().path("id").asText();
        return admin.post("/admin/realms/" + realm + "/components", Map.of(
                "name", "portailpro", "providerId", "douane-portailpro",
                "providerType", "org.keycloak.storage.UserStorageProvider", "parentId", realmId,
                "config", Map.of("jdbcUrl", List.of(env.portailpro().jdbcUrl()), "jdbcUser", List.of(ROLE),
                        "jdbcPassword", List.of(password), "cachePolicy", List.of("NO_CACHE"))));
    }

    private int usersByEmail(String realm, String email) {
        AdminApi.Response r = admin.get("/admin/realms/" + realm + "/users?exact=true&email=" + email.replace("@", "%40"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().size();
    }

    private static Path vaultFile(String realm, String key) {
        // The file vault's default key resolver: <realm>_<key>, an underscore in either doubled.
        return KeycloakServer.vaultDir().resolve(realm.replace("_", "__") + "_" + key.replace("_", "__"));
    }

    private static void writeVault(String realm, String key, String secret) throws IOException {
        Files.writeString(vaultFile(realm, key), secret, StandardCharsets.UTF_8);
    }

    private String awaitLog(long from, String needle) throws IOException {
        for (int i = 0; i < 40; i++) {
            byte[] all = Files.readAllBytes(env.keycloak().log());
            String tail = new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from), StandardCharsets.UTF_8);
            int at = tail.indexOf(needle);
            if (at >= 0) {
                int start = tail.lastIndexOf('\n', at) + 1;
                int end = tail.indexOf('\n', at);
                return tail.substring(start, end < 0 ? tail.length() : end);
            }
            LocalFiles.sleep(250);
        }
        throw new AssertionError("no log line with \"" + needle + "\"");
    }

    /** The compose init script as shipped, its psql-only line replaced by the bound password. */
    static void applyRoleScript(PortailproDatabase db, String password) throws IOException {
        String script = Files.readString(fr.douane.keycloak.it.harness.Paths.portailproSql("03-keycloak-reader.sql"),
                StandardCharsets.UTF_8);
        assertThat(script).contains(":'reader_password'");
        String sql = script.replaceAll("(?m)^\\\\set .*$", "").replace(":'reader_password'", "'" + password.replace("'", "''") + "'");
        db.execute(sql);
    }

    /** PostgreSQL asks this role for its password (the embedded server trusts local connections otherwise). */
    static void requirePasswordFor(PortailproDatabase db) throws IOException, SQLException {
        String hbaFile;
        try (Connection c = db.connect(); Statement s = c.createStatement(); var rs = s.executeQuery("SHOW hba_file")) {
            rs.next();
            hbaFile = rs.getString(1);
        }
        Path hba = Path.of(hbaFile);
        String rules = "host all " + ROLE + " 127.0.0.1/32 scram-sha-256\nhost all " + ROLE + " ::1/128 scram-sha-256\n";
        Files.writeString(hba, rules + Files.readString(hba, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        db.execute("SELECT pg_reload_conf()");
        LocalFiles.sleep(500);
    }
}
