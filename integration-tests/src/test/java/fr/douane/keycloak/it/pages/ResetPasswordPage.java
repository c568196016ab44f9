package fr.douane.keycloak.it.pages;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** Step 5: the page the mailed link opens (douane-reset-password.ftl). */
public final class ResetPasswordPage extends DouanePage {

    private ResetPasswordPage(WebDriver driver) {
        super(driver);
    }

    /** Opens the mailed link. */
    public static ResetPasswordPage open(WebDriver driver, String link) {
        driver.get(link);
        return shown(driver);
    }

    public static ResetPasswordPage shown(WebDriver driver) {
        await(driver, "password-new");
        return new ResetPasswordPage(driver);
    }

    public WebElement username() {
        return byId("username");
    }

    public WebElement newPassword() {
        return byId("password-new");
    }

    /** The DSFR "Afficher" checkbox of the new password. */
    public WebElement showNewPassword() {
        return byId("password-new-show");
    }

    public WebElement confirmPassword() {
        return byId("password-confirm");
    }

    public WebElement submitButton() {
        return byId("douane-reset-password-submit");
    }

    public String rules() {
        return byId("douane-password-rules-box").getText();
    }

    public ResetPasswordPage fill(String identifiant, String password, String confirmation) {
        username().clear();
        username().sendKeys(identifiant);
        newPassword().sendKeys(password);
        confirmPassword().sendKeys(confirmation);
        return this;
    }

    /** Submits and expects the page again with its errors. */
    public ResetPasswordPage submitRefused() {
        submitButton().click();
        await(driver, "douane-error-summary");
        return new ResetPasswordPage(driver);
    }

    /** Submits an accepted password: the login page follows with the success message. */
    public LoginPage submitAccepted() {
        submitButton().click();
        return LoginPage.shown(driver);
    }
}
