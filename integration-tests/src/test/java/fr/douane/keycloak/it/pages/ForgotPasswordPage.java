package fr.douane.keycloak.it.pages;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** Step 2: "Vous avez oublié votre mot de passe" (douane-reset-request.ftl). */
public final class ForgotPasswordPage extends DouanePage {

    private ForgotPasswordPage(WebDriver driver) {
        super(driver);
    }

    public static ForgotPasswordPage shown(WebDriver driver) {
        await(driver, "douane-reset-submit");
        return new ForgotPasswordPage(driver);
    }

    /** The radio of a mode: {@code username} (Identifiant) or {@code email} (Courriel). */
    public WebElement mode(String mode) {
        return byId("douane-reset-mode-" + mode);
    }

    /** Picks a mode as a person does, on its label. */
    public ForgotPasswordPage chooseMode(String mode) {
        driver.findElement(By.cssSelector("label[for='douane-reset-mode-" + mode + "']")).click();
        return this;
    }

    public WebElement identifier() {
        return byId("identifier");
    }

    /** The label of the field, as shown for the mode checked now. */
    public String identifierLabel() {
        return byId("identifier-label").getText();
    }

    public WebElement submitButton() {
        return byId("douane-reset-submit");
    }

    public WebElement identifierError() {
        return byId("identifier-error");
    }

    /** Chooses the mode, types the value and submits: the confirmation page follows, whatever the account. */
    public ResetSentPage request(String mode, String value) {
        chooseMode(mode);
        identifier().sendKeys(value);
        submitButton().click();
        return ResetSentPage.shown(driver);
    }

    /** Submits and expects the form again with the identifier's error. */
    public ForgotPasswordPage submitRefused() {
        submitButton().click();
        await(driver, "identifier-error");
        return new ForgotPasswordPage(driver);
    }
}
