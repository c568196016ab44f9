package fr.douane.keycloak.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import fr.douane.keycloak.it.harness.Browser;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.pages.AccountLanding;
import fr.douane.keycloak.it.pages.ForgotPasswordPage;
import fr.douane.keycloak.it.pages.Keyboard;
import fr.douane.keycloak.it.pages.LoginPage;
import fr.douane.keycloak.it.pages.MailView;
import fr.douane.keycloak.it.pages.ResetPasswordPage;
import fr.douane.keycloak.it.pages.ResetSentPage;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The whole procedure with the keyboard only, in Chromium: Tab to move, the arrow keys inside the
 * radio group (how a radio group is operated), Space and Enter to act, typing into fields; no
 * click. The link is followed from the mail itself, shown in the browser. After each refused
 * submission the focus is on the error summary, whose links lead to the refused field.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class KeyboardProcedureE2EIT {

    @Test
    void theProcedureRunsWithTheKeyboardOnly(DouaneEnvironment env) {
        String username = "clavier-" + System.nanoTime();
        String email = username + "@exemple.fr";
        String password = "Clavier-2026!seul";
        env.admin().createLocalUser(username, email, "Claire", "Clavier", "Ancien-Mot2passe!");
        try (Browser browser = Browser.desktop("clavier")) {
            WebDriver driver = browser.driver();
            Keyboard keys = new Keyboard(driver);

            // 1. Login page: Tab to "MOT DE PASSE OUBLIÉ ?", Enter.
            LoginPage login = LoginPage.open(driver, env.keycloak().realmUrl() + "/account");
            keys.tabTo(login.forgotPasswordLink());
            keys.press(Keys.ENTER);

            // 2. The radio group: Tab enters it on the checked option, the arrows move the choice, Space keeps it.
            ForgotPasswordPage forgot = ForgotPasswordPage.shown(driver);
            keys.tabTo(forgot.mode("email"));
            keys.press(Keys.ARROW_LEFT);
            assertThat(forgot.mode("username").isSelected()).as("Identifiant chosen").isTrue();
            // WebElement.getText reads the no-break space as a space.
            assertThat(forgot.identifierLabel()).isEqualTo("Identifiant :");
            keys.press(Keys.ARROW_RIGHT);
            keys.press(Keys.SPACE);
            assertThat(forgot.mode("email").isSelected()).as("Courriel chosen").isTrue();
            assertThat(forgot.identifierLabel()).isEqualTo("Courrier électronique :");
            browser.screenshot("mode-courriel");

            // Submitted empty: refused, the focus is on the error summary, whose link leads to the field.
            keys.tabTo(forgot.submitButton());
            keys.submitWith(Keys.ENTER);
            ForgotPasswordPage refused = ForgotPasswordPage.shown(driver);
            assertThat(refused.title()).startsWith("Erreur - ");
            WebElement summary = refused.errorSummary().orElseThrow();
            keys.assertFocusOn(summary);
            assertThat(refused.describedBy(refused.identifier())).contains(refused.identifierError().getText());
            browser.screenshot("mot-de-passe-oublie-refuse");
            keys.press(Keys.TAB);
            keys.press(Keys.ENTER);
            keys.assertFocusOn(refused.identifier());
            assertThat(refused.mode("email").isSelected()).as("the choice is kept").isTrue();

            int before = env.mail().messagesTo(email).size();
            keys.typeOver(email);
            keys.tabTo(refused.submitButton());
            keys.press(Keys.ENTER);

            // 3. Confirmation page.
            ResetSentPage sent = ResetSentPage.shown(driver);
            assertThat(sent.heading()).isEqualToIgnoringCase("Réinitialisation de votre mot de passe");

            // 4. The mail, in the browser: Tab to its link, Enter.
            MimeMessage mail = env.mail().awaitMessageTo(email, before, 30_000);
            MailView view = MailView.open(driver, mail);
            keys.tabTo(view.resetLink());
            browser.screenshot("courriel");
            keys.press(Keys.ENTER);

            // 5. The three fields, a password the policy refuses first.
            ResetPasswordPage reset = ResetPasswordPage.shown(driver);
            keys.tabTo(reset.username());
            keys.typeOver(username);
            keys.tabTo(reset.newPassword());
            keys.typeOver("abc");
            keys.tabTo(reset.showNewPassword());
            keys.press(Keys.SPACE);
            assertThat(reset.newPassword().getAttribute("type")).as("Afficher, with Space").isEqualTo("text");
            keys.tabTo(reset.confirmPassword());
            keys.typeOver("abc");
            keys.tabTo(reset.submitButton());
            keys.submitWith(Keys.ENTER);

            ResetPasswordPage refusedReset = ResetPasswordPage.shown(driver);
            assertThat(refusedReset.title()).startsWith("Erreur - ");
            keys.assertFocusOn(refusedReset.errorSummary().orElseThrow());
            assertThat(refusedReset.newPassword().getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(refusedReset.describedBy(refusedReset.newPassword())).contains("au moins 8 caractères");
            browser.screenshot("nouveau-mot-de-passe-refuse");

            keys.tabTo(refusedReset.username());
            keys.typeOver(username);
            keys.tabTo(refusedReset.newPassword());
            keys.typeOver(password);
            keys.tabTo(refusedReset.confirmPassword());
            keys.typeOver(password);
            keys.tabTo(refusedReset.submitButton());
            keys.press(Keys.ENTER);

            // 6. The login page says the password changed: log in, Enter in the password field.
            LoginPage again = LoginPage.shown(driver);
            assertThat(again.source()).contains("Votre mot de passe a été modifié");
            keys.tabTo(again.username());
            keys.typeOver(username);
            keys.tabTo(again.password());
            keys.typeOver(password);
            keys.press(Keys.ENTER);

            AccountLanding.awaitAt(driver, env.keycloak().realmUrl() + "/account");
            browser.screenshot("connecte");
            String userId = env.admin().userId(username);
            assertThat(env.admin().events("LOGIN")).as("a LOGIN event of the account")
                    .anyMatch(e -> userId.equals(e.get("userId")) && "account-console".equals(e.get("clientId")));
        }
    }
}
