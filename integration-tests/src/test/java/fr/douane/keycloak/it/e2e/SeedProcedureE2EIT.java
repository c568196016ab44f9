package fr.douane.keycloak.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import fr.douane.keycloak.it.harness.Browser;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.MailServer;
import fr.douane.keycloak.it.pages.AccountLanding;
import fr.douane.keycloak.it.pages.ForgotPasswordPage;
import fr.douane.keycloak.it.pages.LoginPage;
import fr.douane.keycloak.it.pages.ResetPasswordPage;
import fr.douane.keycloak.it.pages.ResetSentPage;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebDriver;

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

            // 1. Login page (connexion)
            LoginPage login = LoginPage.open(driver, env.keycloak().realmUrl() + "/account");
            assertThat(login.source()).contains("SE CONNECTER").contains("ME CONNECTER");
            browser.screenshot("connexion");

            // 2. "MOT DE PASSE OUBLIÉ ?" then Identifiant or Courriel
            ForgotPasswordPage forgot = login.forgotPassword();
            assertThat(forgot.source()).contains("Vous avez oublié votre mot de passe");
            forgot.chooseMode(mode).identifier().sendKeys(typed);
            browser.screenshot("mot-de-passe-oublie");
            forgot.submitButton().click();

            // 3. Confirmation page
            ResetSentPage sent = ResetSentPage.shown(driver);
            assertThat(sent.heading()).isEqualToIgnoringCase("Réinitialisation de votre mot de passe");
            browser.screenshot("confirmation");

            // 4. The mail "Réinitialisation mot de passe"
            MimeMessage message = mail.awaitMessageTo(mailbox, before, 30_000);
            assertThat(subject(message)).isEqualTo("Réinitialisation mot de passe");
            assertThat(MailServer.body(message)).contains("24");
            String link = MailServer.resetLink(message).orElseThrow();

            // 5. The link opens "Réinitialisation de votre mot de passe"
            ResetPasswordPage reset = ResetPasswordPage.open(driver, link);
            assertThat(reset.source()).contains("Règles pour créer un mot de passe valide");
            reset.fill(identifiant, newPassword, newPassword);
            browser.screenshot("nouveau-mot-de-passe");

            // 6. Back on the login page with a success message; log in with identifiant + password
            LoginPage again = reset.submitAccepted();
            assertThat(again.source()).contains("Votre mot de passe a été modifié");
            browser.screenshot("connexion-apres-reinitialisation");
            again.logIn(identifiant, newPassword);

            AccountLanding.awaitAt(driver, env.keycloak().realmUrl() + "/account");
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
