package fr.douane.keycloak.it.theme;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import fr.douane.keycloak.it.harness.Browser;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.pages.ForgotPasswordPage;
import fr.douane.keycloak.it.pages.LoginPage;
import fr.douane.keycloak.it.pages.MailView;
import fr.douane.keycloak.it.pages.ResetSentPage;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * French first: a browser that prefers English (Accept-Language: en) gets the French pages and
 * mails until the person picks English with the language switch, which then holds; the realm
 * attribute {@code douaneLocaleFromBrowser=true} gives Keycloak's behaviour back.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class FrenchFirstLanguageIT {

    private static final String FROM_BROWSER = "douaneLocaleFromBrowser";

    @Test
    void anEnglishBrowserReadsFrenchUntilThePersonPicksEnglish(DouaneEnvironment env) throws Exception {
        String username = "anglophone-" + System.nanoTime();
        String email = username + "@exemple.fr";
        env.admin().createLocalUser(username, email, "Ann", "Glophone", "Ancien-Mot2passe!");
        try (Browser browser = new Browser("langue-navigateur-en", 1280, 900, "en")) {
            LoginPage login = LoginPage.open(browser.driver(), env.keycloak().realmUrl() + "/account");
            assertThat(login.language()).isEqualTo("fr");
            assertThat(login.submitButton().getText()).isEqualTo("ME CONNECTER");
            browser.screenshot("connexion-en-francais");

            ForgotPasswordPage forgot = login.forgotPassword();
            assertThat(forgot.language()).isEqualTo("fr");
            int before = env.mail().messagesTo(email).size();
            ResetSentPage sent = forgot.request("email", email);
            assertThat(sent.heading()).isEqualToIgnoringCase("Réinitialisation de votre mot de passe");

            MimeMessage mail = env.mail().awaitMessageTo(email, before, 30_000);
            assertThat(mail.getSubject()).isEqualTo("Réinitialisation mot de passe");
            String text = MailView.part(mail, "text/plain");
            assertThat(text).contains("Bonjour Ann Glophone");
            assertThat(FrenchTypography.faults(text)).as("French typography of the mail").isEmpty();

            LoginPage again = LoginPage.open(browser.driver(), env.keycloak().realmUrl() + "/account");
            assertThat(again.language()).as("a new visit, nothing picked yet").isEqualTo("fr");
            LoginPage english = again.inLanguage("en");
            assertThat(english.submitButton().getText()).isEqualTo("SIGN ME IN");
            browser.screenshot("anglais-choisi");

            LoginPage later = LoginPage.open(browser.driver(), env.keycloak().realmUrl() + "/account");
            assertThat(later.language()).as("the choice holds for the next visit").isEqualTo("en");
            assertThat(later.submitButton().getText()).isEqualTo("SIGN ME IN");
        }
    }

    @Test
    void theRealmAttributeLetsTheBrowserChooseAgain(DouaneEnvironment env) {
        Map<String, Object> attributes = attributes(env);
        Object before = attributes.get(FROM_BROWSER);
        attributes.put(FROM_BROWSER, "true");
        assertThat(env.admin().put("/admin/realms/douane", Map.of("attributes", attributes)).status()).isEqualTo(204);
        try (Browser browser = new Browser("langue-navigateur-en-keycloak", 1280, 900, "en")) {
            LoginPage login = LoginPage.open(browser.driver(), env.keycloak().realmUrl() + "/account");
            assertThat(login.language()).isEqualTo("en");
            assertThat(login.submitButton().getText()).isEqualTo("SIGN ME IN");
        } finally {
            attributes.put(FROM_BROWSER, before == null ? "false" : before);
            env.admin().put("/admin/realms/douane", Map.of("attributes", attributes));
        }
        try (Browser browser = new Browser("langue-navigateur-en-retour", 1280, 900, "en")) {
            assertThat(LoginPage.open(browser.driver(), env.keycloak().realmUrl() + "/account").language()).isEqualTo("fr");
        }
    }

    private static Map<String, Object> attributes(DouaneEnvironment env) {
        Map<String, Object> map = new LinkedHashMap<>();
        JsonNode attributes = env.admin().get("/admin/realms/douane").json().path("attributes");
        attributes.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        assertThat(map).as("the shipped realm states the attribute").containsEntry(FROM_BROWSER, "false");
        return map;
    }
}
