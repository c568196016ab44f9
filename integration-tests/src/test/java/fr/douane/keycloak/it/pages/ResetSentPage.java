package fr.douane.keycloak.it.pages;

import org.openqa.selenium.WebDriver;

/** Step 3: "Réinitialisation de votre mot de passe", the confirmation (douane-reset-sent.ftl). */
public final class ResetSentPage extends DouanePage {

    private ResetSentPage(WebDriver driver) {
        super(driver);
    }

    public static ResetSentPage shown(WebDriver driver) {
        await(driver, "douane-reset-sent-title");
        return new ResetSentPage(driver);
    }

    public String heading() {
        return byId("douane-reset-sent-title").getText();
    }
}
