package fr.douane.keycloak.it.theme;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import fr.douane.keycloak.it.harness.Browser;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.MailServer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every page of the procedure in the douane theme, in French and English, at 1280 px and 375 px,
 * checked with axe-core in Chromium (no violation of impact serious or critical) and saved as a
 * screenshot under target/screenshots/theme-&lt;lang&gt;-&lt;width&gt;/.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class ThemePagesAccessibilityIT {

    @ParameterizedTest(name = "{0} at {1} px")
    @CsvSource({"fr,1280", "fr,375", "en,1280", "en,375"})
    void everyPageOfTheProcedureIsAccessible(String language, int width, DouaneEnvironment env) {
        String username = "theme-" + language + "-" + width + "-" + System.nanoTime();
        String email = username + "@exemple.fr";
        env.admin().createLocalUser(username, email, "Théo", "Thème", "Ancien-Mot2passe!");
        try (Browser browser = new Browser("theme-" + language + "-" + width, width, 900, language)) {
            WebDriver driver = browser.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));

            driver.get(env.keycloak().realmUrl() + "/account?kc_locale=" + language);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kc-login")));
            assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(language);
            // The "PAS ENCORE DE COMPTE ?" panel is part of the page axe checks.
            assertThat(driver.findElement(By.id("douane-register-panel")).isDisplayed()).isTrue();
            check(browser, "connexion");

            driver.findElement(By.id("kc-login")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kc-login")));
            check(browser, "connexion-erreur");

            driver.findElement(By.id("douane-forgot-password")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("douane-reset-submit")));
            check(browser, "mot-de-passe-oublie");

            driver.findElement(By.id("douane-reset-submit")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("identifier-error")));
            check(browser, "mot-de-passe-oublie-erreur");

            int before = env.mail().messagesTo(email).size();
            driver.findElement(By.cssSelector("label[for='douane-reset-mode-username']")).click();
            driver.findElement(By.id("identifier")).sendKeys(username);
            driver.findElement(By.id("douane-reset-submit")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("douane-reset-sent-title")));
            check(browser, "confirmation");

            String link = MailServer.resetLink(env.mail().awaitMessageTo(email, before, 30_000)).orElseThrow();
            driver.get(link);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password-new")));
            check(browser, "nouveau-mot-de-passe");

            driver.findElement(By.id("username")).sendKeys(username);
            driver.findElement(By.id("password-new")).sendKeys("abc");
            driver.findElement(By.id("password-confirm")).sendKeys("abc");
            driver.findElement(By.id("douane-reset-password-submit")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password-new")));
            check(browser, "nouveau-mot-de-passe-erreurs");

            driver.get(link.replaceAll("key=[^&]+", "key=invalide"));
            wait.until(d -> d.getPageSource().contains("</footer>"));
            check(browser, "lien-invalide");
        }
    }

    private static void check(Browser browser, String page) {
        browser.screenshot(page);
        Results results = new AxeBuilder().analyze(browser.driver());
        List<Rule> blocking = results.getViolations().stream()
                .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                .toList();
        assertThat(blocking).as(page + ": " + blocking.stream()
                .map(v -> v.getId() + " (" + v.getImpact() + "): " + v.getHelp())
                .collect(Collectors.joining("; "))).isEmpty();
    }
}
