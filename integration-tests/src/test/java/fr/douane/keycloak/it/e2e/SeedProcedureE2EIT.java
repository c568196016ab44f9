package fr.douane.keycloak.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import fr.douane.keycloak.it.harness.Browser;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.MailServer;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The published procedure "Générer mon mot de passe douane.gouv.fr avec mon compte
 * Portailpro.gouv.fr", step by step, in Debian's Chromium against the real Keycloak 26.7.3 with
 * the pack, the Portailpro directory in PostgreSQL and a real SMTP server. Every step leaves a
 * screenshot under target/screenshots/.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class SeedProcedureE2EIT {

    @Test
    void portailproAccountGeneratesItsDouanePasswordWithTheCourrielOption(DouaneEnvironment env) {
        String email = "marie.dupont@exemple.fr";
        runProcedure(env, "portailpro-courriel", "email", email, email, email, "Douane-2026!Marie");
    }

    @Test
    void localAccountResetsItsPasswordWithTheIdentifiantOption(DouaneEnvironment env) {
        String username = "jest_telepaiement";
        String email = "jest.telepaiement@exemple.fr";
        if (env.admin().userId(username) == null) {
            env.admin().createLocalUser(username, email, "Jest", "Télépaiement", "Ancien-Mot2passe!");
        }
        runProcedure(env, "local-identifiant", "username", username, email, username, "Nouveau-Mot2passe!");
    }

    private static void runProcedure(DouaneEnvironment env, String scenario, String mode, String typed,
                                     String mailbox, String identifiant, String newPassword) {
        MailServer mail = env.mail();
        int before = mail.messagesTo(mailbox).size();
        try (Browser browser = Browser.desktop(scenario)) {
            WebDriver driver = browser.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));

            // 1. Login page (connexion)
            driver.get(env.keycloak().realmUrl() + "/account");
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("douane-forgot-password")));
            assertThat(driver.getPageSource()).contains("SE CONNECTER").contains("ME CONNECTER");
            browser.screenshot("connexion");

            // 2. "MOT DE PASSE OUBLIÉ ?" then Identifiant or Courriel
            driver.findElement(By.id("douane-forgot-password")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("identifier")));
            assertThat(driver.getPageSource()).contains("Vous avez oublié votre mot de passe");
            driver.findElement(By.cssSelector("label[for='douane-reset-mode-" + mode + "']")).click();
            driver.findElement(By.id("identifier")).sendKeys(typed);
            browser.screenshot("mot-de-passe-oublie");
            driver.findElement(By.id("douane-reset-submit")).click();

            // 3. Confirmation page
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("douane-reset-sent-title")));
            assertThat(driver.findElement(By.id("douane-reset-sent-title")).getText())
                    .isEqualToIgnoringCase("Réinitialisation de votre mot de passe");
            browser.screenshot("confirmation");

            // 4. The mail "Réinitialisation mot de passe"
            MimeMessage message = mail.awaitMessageTo(mailbox, before, 30_000);
            assertThat(subject(message)).isEqualTo("Réinitialisation mot de passe");
            assertThat(MailServer.body(message)).contains("24");
            String link = MailServer.resetLink(message).orElseThrow();

            // 5. The link opens "Réinitialisation de votre mot de passe"
            driver.get(link);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("password-new")));
            assertThat(driver.getPageSource()).contains("Règles pour créer un mot de passe valide");
            driver.findElement(By.id("username")).sendKeys(identifiant);
            driver.findElement(By.id("password-new")).sendKeys(newPassword);
            driver.findElement(By.id("password-confirm")).sendKeys(newPassword);
            browser.screenshot("nouveau-mot-de-passe");
            driver.findElement(By.id("douane-reset-password-submit")).click();

            // 6. Back on the login page with a success message; log in with identifiant + password
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kc-login")));
            assertThat(driver.getPageSource()).contains("Votre mot de passe a été modifié");
            browser.screenshot("connexion-apres-reinitialisation");
            driver.findElement(By.id("username")).clear();
            driver.findElement(By.id("username")).sendKeys(identifiant);
            driver.findElement(By.id("password")).sendKeys(newPassword);
            driver.findElement(By.id("kc-login")).click();

            wait.until(d -> d.getCurrentUrl().startsWith(env.keycloak().realmUrl() + "/account")
                    && !d.getPageSource().contains("id=\"kc-login\""));
            // The account console is a single-page app: wait until it has rendered something.
            new WebDriverWait(driver, Duration.ofSeconds(60)).until(d ->
                    d.findElement(By.tagName("body")).getText().strip().length() > 20);
            browser.screenshot("espace-compte");
            assertThat(driver.getCurrentUrl()).startsWith(env.keycloak().realmUrl() + "/account");
            String userId = env.admin().userId(identifiant);
            assertThat(env.admin().events("LOGIN")).as("a LOGIN event of the account")
                    .anyMatch(e -> userId.equals(e.get("userId")) && "account-console".equals(e.get("clientId")));
        }
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
