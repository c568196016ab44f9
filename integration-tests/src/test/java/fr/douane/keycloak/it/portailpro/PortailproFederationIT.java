package fr.douane.keycloak.it.portailpro;

import static fr.douane.keycloak.it.resetflow.ResetFlowFixture.address;
import static fr.douane.keycloak.it.resetflow.ResetFlowFixture.normalized;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.harness.WebSession.Page;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Portailpro federation on the real Keycloak with the directory in a real PostgreSQL: the
 * admin console finds and imports accounts, suspended and closed accounts get nothing (and are
 * not told apart from unknown ones), injection strings are only data, and an outage of the
 * directory neither breaks local logins nor the reset page, and heals by itself.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class PortailproFederationIT {

    private DouaneEnvironment env;
    private ResetFlowFixture fx;

    @BeforeEach
    void setUp(DouaneEnvironment env) {
        this.env = env;
        this.fx = new ResetFlowFixture(env);
    }

    @Test
    void theAdminApiFindsAndImportsAPortailproAccountWithItsFederationLink() {
        JsonNode users = env.admin().get("/admin/realms/douane/users?search=" + enc("sophie.bernard@exemple.fr")).json();
        assertThat(users.size()).isEqualTo(1);
        JsonNode sophie = users.get(0);
        assertThat(sophie.get("username").asText()).isEqualTo("sophie.bernard@exemple.fr");
        assertThat(sophie.get("firstName").asText()).isEqualTo("Sophie");
        assertThat(sophie.path("federationLink").asText()).isNotBlank();
    }

    @Test
    void suspendedAndClosedAccountsGetTheUnknownAccountPageAndNoMail() {
        Page unknown = fx.requestReset(new WebSession(address()), "email", "inconnu-" + System.nanoTime() + "@exemple.fr");
        Page suspended = fx.requestReset(new WebSession(address()), "email", "suspendu@exemple.fr");
        Page closed = fx.requestReset(new WebSession(address()), "username", "ferme@exemple.fr");
        assertThat(suspended.status()).isEqualTo(unknown.status()).isEqualTo(200);
        assertThat(normalized(suspended)).isEqualTo(normalized(unknown));
        assertThat(normalized(closed)).isEqualTo(normalized(unknown));
        ResetFlowFixture.sleepQuietly(2_000);
        assertThat(fx.mails("suspendu@exemple.fr")).isZero();
        assertThat(fx.mails("ferme@exemple.fr")).isZero();
    }

    @Test
    void injectionStringsAreOnlyData() {
        String injection = "x' OR '1'='1'; DROP TABLE portailpro_account; --";
        AdminApi.Response search = env.admin().get("/admin/realms/douane/users?search=" + enc(injection));
        assertThat(search.status()).isEqualTo(200);
        assertThat(search.json().size()).isZero();
        Page page = fx.requestReset(new WebSession(address()), "username", "' OR 1=1 --");
        assertThat(page.status()).isEqualTo(200);
        // The directory is intact: a known account is still found.
        assertThat(env.admin().get("/admin/realms/douane/users?search=" + enc("luc.petit@exemple.fr")).json().size()).isEqualTo(1);
    }

    @Test
    void aDirectoryOutageKeepsLocalLoginAndTheResetPageAndHealsByItself() {
        Account local = fx.localAccount("outage-local");
        Page reference = fx.requestReset(new WebSession(address()), "email", "inconnu-" + System.nanoTime() + "@exemple.fr");
        env.portailpro().execute("ALTER TABLE portailpro_account RENAME TO portailpro_account_away");
        try {
            assertThat(fx.passwordWorks(local.username(), local.password())).isTrue();
            Page during = fx.requestReset(new WebSession(address()), "email", "francois.moreau@exemple.fr");
            assertThat(during.status()).isEqualTo(200);
            assertThat(normalized(during)).isEqualTo(normalized(reference));
            assertThat(env.admin().get("/admin/realms/douane/users?search=" + enc("helene.leroy")).status()).isLessThan(500);
        } finally {
            env.portailpro().execute("ALTER TABLE portailpro_account_away RENAME TO portailpro_account");
        }
        int before = fx.mails("francois.moreau@exemple.fr");
        fx.requestReset(new WebSession(address()), "email", "francois.moreau@exemple.fr");
        fx.awaitMail("francois.moreau@exemple.fr", before);
    }

    /**
     * Login throughput: once it has logged in, a Portailpro user is served from
     * Keycloak's user cache like a local user, and its logins reach neither Keycloak's database
     * nor the directory, even after the provider's 10 s validation memo has expired. Keycloak
     * itself never caches the username entry of a user found by email first (every Portailpro
     * identifiant is an email); without the provider's priming, each such login would validate
     * the user again, which the directory being away makes visible in the log.
     */
    @Test
    void repeatedLoginsOfAnImportedUserAreServedFromKeycloaksUserCache() throws Exception {
        String id = "pp-cache-" + System.nanoTime();
        String email = id + "@exemple.fr";
        env.portailpro().execute("INSERT INTO portailpro_account (id, identifiant, email, first_name, last_name, status)"
                + " VALUES ('" + id + "', '" + email + "', '" + email + "', 'Cache', 'Essai', 'ACTIVE')");
        JsonNode imported = env.admin().get("/admin/realms/douane/users?exact=true&email=" + enc(email)).json();
        assertThat(imported.size()).isEqualTo(1);
        String userId = imported.get(0).get("id").asText();
        String password = "Ancien-Mot2passe!";
        assertThat(env.admin().put("/admin/realms/douane/users/" + userId + "/reset-password",
                Map.of("type", "password", "value", password, "temporary", false)).status()).isEqualTo(204);
        assertThat(fx.passwordWorks(email, password)).isTrue();
        assertThat(fx.passwordWorks(email, password)).isTrue();
        ResetFlowFixture.sleepQuietly(11_000); // past the validation memo (10 s)
        Path log = env.keycloak().log();
        long mark = Files.size(log);
        env.portailpro().execute("ALTER TABLE portailpro_account RENAME TO portailpro_account_away");
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(fx.passwordWorks(email, password)).isTrue();
            }
            // Control: a lookup the cache cannot serve does reach the (absent) directory and says so.
            assertThat(env.admin().get("/admin/realms/douane/users?exact=true&email="
                    + enc("inconnu-" + System.nanoTime() + "@exemple.fr")).status()).isEqualTo(200);
        } finally {
            env.portailpro().execute("ALTER TABLE portailpro_account_away RENAME TO portailpro_account");
        }
        ResetFlowFixture.sleepQuietly(500);
        String logged;
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(mark);
            logged = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(logged).contains("Portailpro directory unavailable for search");
        assertThat(logged).as("the logins validated the user again").doesNotContain("user " + userId + " kept as last seen");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
