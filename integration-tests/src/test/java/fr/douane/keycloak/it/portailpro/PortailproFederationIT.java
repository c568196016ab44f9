package fr.douane.keycloak.it.portailpro;

import static fr.douane.keycloak.it.resetflow.ResetFlowFixture.address;
import static fr.douane.keycloak.it.resetflow.ResetFlowFixture.normalized;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

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

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
