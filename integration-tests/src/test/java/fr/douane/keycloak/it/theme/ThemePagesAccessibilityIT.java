package fr.douane.keycloak.it.theme;

import static org.assertj.core.api.Assertions.assertThat;

import fr.douane.keycloak.it.harness.Browser;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.MailServer;
import fr.douane.keycloak.it.pages.Accessibility;
import fr.douane.keycloak.it.pages.DouanePage;
import fr.douane.keycloak.it.pages.ForgotPasswordPage;
import fr.douane.keycloak.it.pages.LoginPage;
import fr.douane.keycloak.it.pages.ResetPasswordPage;
import fr.douane.keycloak.it.pages.ResetSentPage;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.WebDriver;

/**
 * Every page of the procedure in the douane theme, in French and English, at 1280 px and 375 px,
 * checked with axe-core in Chromium (no violation of impact serious or critical) and saved as a
 * screenshot under target/screenshots/theme-&lt;lang&gt;-&lt;width&gt;/. On every page the language switch
 * reads French then English; a refused submission gives a title starting with "Erreur" ("Error")
 * and the focus on the error summary; French pages follow {@link FrenchTypography}.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class ThemePagesAccessibilityIT {

    @ParameterizedTest(name = "{0} at {1} px")
    @CsvSource({"fr,1280", "fr,375", "en,1280", "en,375"})
    void everyPageOfTheProcedureIsAccessible(String language, int width, DouaneEnvironment env) {
        String username = "theme-" + language + "-" + width + "-" + System.nanoTime();
        String email = username + "@exemple.fr";
        env.admin().createLocalUser(username, email, "Théo", "Thème", "Ancien-Mot2passe!");
        String errorPrefix = "fr".equals(language) ? "Erreur - " : "Error - ";
        try (Browser browser = new Browser("theme-" + language + "-" + width, width, 900, language)) {
            WebDriver driver = browser.driver();

            LoginPage login = LoginPage.open(driver, env.keycloak().realmUrl() + "/account").inLanguage(language);
            assertThat(login.language()).isEqualTo(language);
            // The "PAS ENCORE DE COMPTE ?" panel is part of the page axe checks.
            assertThat(login.registrationPanel().isDisplayed()).isTrue();
            check(browser, login, language, "connexion");

            LoginPage refusedLogin = login.submitRefused();
            checkRefused(refusedLogin, errorPrefix);
            check(browser, refusedLogin, language, "connexion-erreur");

            ForgotPasswordPage forgot = refusedLogin.forgotPassword();
            check(browser, forgot, language, "mot-de-passe-oublie");

            ForgotPasswordPage refusedForgot = forgot.submitRefused();
            checkRefused(refusedForgot, errorPrefix);
            assertThat(refusedForgot.describedBy(refusedForgot.identifier())).contains(refusedForgot.identifierError().getText());
            check(browser, refusedForgot, language, "mot-de-passe-oublie-erreur");

            int before = env.mail().messagesTo(email).size();
            ResetSentPage sent = refusedForgot.request("username", username);
            check(browser, sent, language, "confirmation");

            String link = MailServer.resetLink(env.mail().awaitMessageTo(email, before, 30_000)).orElseThrow();
            ResetPasswordPage reset = ResetPasswordPage.open(driver, link);
            check(browser, reset, language, "nouveau-mot-de-passe");

            ResetPasswordPage refusedReset = reset.fill(username, "abc", "abc").submitRefused();
            checkRefused(refusedReset, errorPrefix);
            assertThat(refusedReset.newPassword().getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(refusedReset.describedBy(refusedReset.newPassword())).contains("fr".equals(language) ? "au moins 8 caractères" : "at least 8 characters");
            check(browser, refusedReset, language, "nouveau-mot-de-passe-erreurs");

            driver.get(link.replaceAll("key=[^&]+", "key=invalide"));
            check(browser, DouanePage.loaded(driver), language, "lien-invalide");
        }
    }

    private static void checkRefused(DouanePage page, String errorPrefix) {
        assertThat(page.title()).startsWith(errorPrefix);
        assertThat(page.errorSummary()).as("error summary").isPresent();
        assertThat(page.focused()).as("focus after the refused submission").isEqualTo(page.errorSummary().orElseThrow());
    }

    private static void check(Browser browser, DouanePage page, String language, String name) {
        browser.screenshot(name);
        assertThat(page.language()).as(name).isEqualTo(language);
        assertThat(page.languageSwitch()).as(name + ": language switch").containsExactly("fr", "en");
        if ("fr".equals(language)) {
            assertThat(FrenchTypography.faults(page.visibleText())).as(name + ": French typography").isEmpty();
        }
        Accessibility.assertNoSeriousViolation(browser.driver(), name);
    }
}
