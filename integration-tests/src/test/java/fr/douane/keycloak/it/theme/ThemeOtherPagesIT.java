package fr.douane.keycloak.it.theme;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.Browser;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.MailServer;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.pages.Accessibility;
import fr.douane.keycloak.it.pages.DouanePage;
import fr.douane.keycloak.it.pages.LoginPage;
import fr.douane.keycloak.it.pages.UpdatePasswordPage;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Pages Keycloak may show on the douane paths besides the procedure itself (the update-password
 * required action, the logout confirmation), in the real browser with axe-core; and user-supplied
 * values in the mails, escaped.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class ThemeOtherPagesIT {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fr", "en"})
    void theUpdatePasswordRequiredActionAndTheLogoutPageAreThemedAndAccessible(String language, DouaneEnvironment env) {
        String username = "required-" + language + "-" + System.nanoTime();
        AdminApi.Response created = env.admin().post("/admin/realms/douane/users", Map.of(
                "username", username, "email", username + "@exemple.fr", "firstName", "Rémi", "lastName", "Requis",
                "enabled", true, "requiredActions", List.of("UPDATE_PASSWORD"),
                "credentials", List.of(Map.of("type", "password", "value", "Ancien-Mot2passe!", "temporary", false))));
        assertThat(created.status()).isEqualTo(201);
        try (Browser browser = new Browser("theme-other-" + language, 1280, 900, language)) {
            WebDriver driver = browser.driver();
            LoginPage.open(driver, env.keycloak().realmUrl() + "/account").inLanguage(language).logIn(username, "Ancien-Mot2passe!");
            UpdatePasswordPage update = UpdatePasswordPage.shown(driver);
            assertThat(update.language()).isEqualTo(language);
            assertThat(update.source()).contains("fr-header");
            check(browser, update, "mise-a-jour-mot-de-passe");

            update.change("Nouveau-2026!pass");
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> !d.getPageSource().contains("id=\"password-new\""));

            driver.get(env.keycloak().realmUrl() + "/protocol/openid-connect/logout");
            check(browser, DouanePage.loaded(driver), "deconnexion");
        }
    }

    /**
     * Keycloak's user profile refuses markup in names typed in Keycloak, but a directory feeds the
     * names of Portailpro accounts as they are: the mail must escape them.
     */
    @Test
    void markupInAPortailproNameIsEscapedInTheResetMail(DouaneEnvironment env) {
        String email = "xss-" + System.nanoTime() + "@exemple.fr";
        env.portailpro().execute("INSERT INTO portailpro_account (id, identifiant, email, first_name, last_name, siret, status, updated_at) "
                + "VALUES ('pp-" + email.hashCode() + "', '" + email + "', '" + email + "', "
                + "'<script>alert(''prenom'')</script>', '<img src=x onerror=alert(1)>', NULL, 'ACTIVE', now())");
        ResetFlowFixture fx = new ResetFlowFixture(env);
        fx.requestReset(new WebSession(ResetFlowFixture.address()), "email", email);
        MimeMessage mail = fx.awaitMail(email, 0);
        String body = MailServer.body(mail).replace("=\r\n", "").replace("=\n", "").replace("=3D", "=");
        // The text part carries the name as plain text; the HTML part must escape it.
        String html = body.substring(body.indexOf("Content-Type: text/html"));
        assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x");
        assertThat(html).contains("&lt;script&gt;alert(").contains("&lt;img src=x");
    }

    private static void check(Browser browser, DouanePage page, String name) {
        browser.screenshot(name);
        assertThat(page.languageSwitch()).as(name + ": language switch").containsExactly("fr", "en");
        Accessibility.assertNoSeriousViolation(browser.driver(), name);
    }
}
