package fr.douane.keycloak.it.resetflow;

import static fr.douane.keycloak.it.resetflow.ResetFlowFixture.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.harness.WebSession.Page;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture.Account;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole douane procedure on a realm whose login theme is Keycloak's own keycloak.v2: the reset
 * steps are rendered by the plain templates the pack ships in its theme-resources, in French, and
 * never by Keycloak's error page. The realm's login theme is switched through the admin API for
 * this class only and put back afterwards.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class ResetUnderStockLoginThemeIT {

    private ResetFlowFixture fx;
    private String loginThemeBefore;

    @BeforeEach
    void stockLoginTheme(DouaneEnvironment env) {
        fx = new ResetFlowFixture(env);
        loginThemeBefore = fx.admin.get("/admin/realms/douane").json().path("loginTheme").asText("");
        assertThat(fx.admin.put("/admin/realms/douane", Map.of("loginTheme", "keycloak.v2")).status()).isEqualTo(204);
    }

    @AfterEach
    void restoreLoginTheme() {
        assertThat(fx.admin.put("/admin/realms/douane", Map.of("loginTheme", loginThemeBefore)).status()).isEqualTo(204);
    }

    @Test
    void theWholeProcedureWorksInFrenchUnderKeycloakV2() {
        Account account = fx.localAccount("stock-theme");
        WebSession web = new WebSession(address());

        Page login = fx.loginPage(web);
        assertKeycloakV2InFrench(login);
        Element forgotLink = login.document().selectFirst("a[href*=login-actions/reset-credentials]");
        assertThat(forgotLink).as("forgot-password link on keycloak.v2's login page\n" + login.body()).isNotNull();

        Page forgot = web.get(forgotLink.absUrl("href"));
        assertReset(forgot, "douane-reset-request-form");
        assertThat(forgot.document().selectFirst("h1").text()).isEqualTo("Vous avez oublié votre mot de passe");
        // The page's raw text: jsoup's text() turns the no-break space into a plain one.
        assertThat(forgot.body()).contains("Identifiant ou courrier électronique\u00a0:");

        Page refused = web.submit(forgot, "douane-reset-request-form", Map.of("douane-reset-mode", "username", "identifier", " "));
        assertReset(refused, "douane-reset-request-form");
        assertThat(refused.document().getElementById("identifier-error").text())
                .isEqualTo("Veuillez renseigner votre identifiant ou votre courrier électronique.");
        assertThat(refused.document().getElementById("identifier").attr("aria-describedby")).isEqualTo("identifier-error");

        int before = fx.mails(account.email());
        Page sent = web.submit(refused, "douane-reset-request-form", Map.of("douane-reset-mode", "username", "identifier", account.username()));
        assertReset(sent, "douane-reset-sent");
        assertThat(sent.text()).contains("Une demande de confirmation pour la réinitialisation de votre mot de passe a été envoyée");

        String link = fx.awaitLink(account.email(), before);
        Page form = web.get(link);
        assertReset(form, "douane-reset-password-form");
        assertThat(form.document().selectFirst("h1").text()).isEqualTo("Réinitialisation de votre mot de passe");
        assertThat(form.body()).contains("Règles pour créer un mot de passe valide\u00a0:");

        Page weak = fx.setPassword(web, form, account.username(), "abc", "abc");
        assertReset(weak, "douane-reset-password-form");
        assertThat(weak.document().getElementById("password-new-error").text()).startsWith("Le mot de passe ne respecte pas les règles suivantes");
        assertThat(weak.document().getElementById("username").val()).isEqualTo(account.username());

        String newPassword = "Nouveau-2026!stock";
        Page done = fx.setPassword(web, weak, account.username(), newPassword, newPassword);
        assertKeycloakV2InFrench(done);
        assertThat(done.text()).contains("Votre mot de passe a été modifié");
        assertThat(done.document().getElementById("kc-form-login")).as(done.body()).isNotNull();

        Page loggedIn = web.submit(done, "kc-form-login", Map.of("username", account.username(), "password", newPassword));
        assertThat(loggedIn.uri().toString()).as("back at the client with a code").startsWith(ResetFlowFixture.REDIRECT).contains("code=");
        assertThat(fx.passwordWorks(account.username(), newPassword)).isTrue();
        assertThat(fx.passwordWorks(account.username(), account.password())).isFalse();
    }

    /** A page of Keycloak's keycloak.v2 login theme, in French, that is not an error page. */
    private static void assertKeycloakV2InFrench(Page page) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.document().selectFirst("html").attr("lang")).isEqualTo("fr");
        assertThat(page.document().select("link[rel=stylesheet]").eachAttr("href"))
                .as("rendered by keycloak.v2").anyMatch(href -> href.contains("/login/keycloak.v2/"));
        assertThat(page.body()).doesNotContain("douane/login/resources").doesNotContain("id=\"kc-error-message\"")
                .doesNotContain("Une erreur est survenue").doesNotContain("We are sorry");
    }

    private static void assertReset(Page page, String id) {
        assertKeycloakV2InFrench(page);
        assertThat(page.document().getElementById(id)).as("#" + id + "\n" + page.body()).isNotNull();
    }
}
