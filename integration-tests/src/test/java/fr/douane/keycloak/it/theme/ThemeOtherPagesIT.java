package fr.douane.keycloak.it.theme;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.Browser;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.MailServer;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
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
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get(env.keycloak().realmUrl() + "/account?kc_locale=" + language);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kc-login")));
            driver.findElement(By.id("username")).sendKeys(username);
            driver.findElement(By.id("password")).sendKeys("Ancien-Mot2passe!");
            driver.findElement(By.id("kc-login")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password-new")));
            assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(language);
            assertThat(driver.getPageSource()).contains("fr-header");
            check(browser, "mise-a-jour-mot-de-passe");

            driver.findElement(By.id("password-new")).sendKeys("Nouveau-2026!pass");
            driver.findElement(By.id("password-confirm")).sendKeys("Nouveau-2026!pass");
            driver.findElement(By.cssSelector("form [type=submit]")).click();
            wait.until(d -> !d.getPageSource().contains("id=\"password-new\""));

            driver.get(env.keycloak().realmUrl() + "/protocol/openid-connect/logout");
            wait.until(d -> d.getPageSource().contains("</footer>"));
            check(browser, "deconnexion");
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

    private static void check(Browser browser, String page) {
        browser.screenshot(page);
        List<Rule> blocking = new AxeBuilder().analyze(browser.driver()).getViolations().stream()
                .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                .toList();
        assertThat(blocking).as(page + ": " + blocking.stream()
                .map(v -> v.getId() + " (" + v.getImpact() + "): " + v.getHelp())
                .collect(Collectors.joining("; "))).isEmpty();
    }
}
