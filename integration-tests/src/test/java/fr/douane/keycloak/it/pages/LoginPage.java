package fr.douane.keycloak.it.pages;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** Step 1 and 6: "SE CONNECTER" (login.ftl). */
public final class LoginPage extends DouanePage {

    private LoginPage(WebDriver driver) {
        super(driver);
    }

    /** Opens {@code url} (a page that asks to log in) and waits for the login form. */
    public static LoginPage open(WebDriver driver, String url) {
        driver.get(url);
        return shown(driver);
    }

    public static LoginPage shown(WebDriver driver) {
        await(driver, "kc-login");
        return new LoginPage(driver);
    }

    /** The same page in another language, picked with the language switch (the pages open in French). */
    public LoginPage inLanguage(String tag) {
        pickLanguage(tag);
        return shown(driver);
    }

    public WebElement username() {
        return byId("username");
    }

    public WebElement password() {
        return byId("password");
    }

    public WebElement submitButton() {
        return byId("kc-login");
    }

    /** The "PAS ENCORE DE COMPTE ?" panel with its "S’INSCRIRE" link. */
    public WebElement registrationPanel() {
        return byId("douane-register-panel");
    }

    public WebElement forgotPasswordLink() {
        return byId("douane-forgot-password");
    }

    public ForgotPasswordPage forgotPassword() {
        forgotPasswordLink().click();
        return ForgotPasswordPage.shown(driver);
    }

    /** Submits the form as it is and expects the login page again (refused). */
    public LoginPage submitRefused() {
        submitButton().click();
        return shown(driver);
    }

    /** Types the identifiant and the password and submits; the caller waits for what comes next. */
    public void logIn(String identifiant, String password) {
        username().clear();
        username().sendKeys(identifiant);
        password().sendKeys(password);
        submitButton().click();
    }
}
