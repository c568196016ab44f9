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

    @Test
    void markupInNamesIsEscapedInTheResetMail(DouaneEnvironment env) {
        String username = "xss-" + System.nanoTime();
        String email = username + "@exemple.fr";
        AdminApi.Response created = env.admin().post("/admin/realms/douane/users", Map.of(
                "username", username, "email", email, "enabled", true,
                "firstName", "<script>alert('prenom')</script>", "lastName", "<img src=x onerror=alert(1)>"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        ResetFlowFixture fx = new ResetFlowFixture(env);
        fx.requestReset(new WebSession(ResetFlowFixture.address()), "username", username);
        MimeMessage mail = fx.awaitMail(email, 0);
        String body = MailServer.body(mail);
        assertThat(body).doesNotContain("<script>alert").doesNotContain("<img src=x");
        assertThat(body).containsAnyOf("&lt;script&gt;", "&lt;script", "<script>alert('prenom')</script>".replace("<", "&lt;"));
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
