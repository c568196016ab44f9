package fr.douane.keycloak.it.pages;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** Keycloak's update-password required action in the douane layout (login-update-password.ftl). */
public final class UpdatePasswordPage extends DouanePage {

    private UpdatePasswordPage(WebDriver driver) {
        super(driver);
    }

    public static UpdatePasswordPage shown(WebDriver driver) {
        await(driver, "password-new");
        return new UpdatePasswordPage(driver);
    }

    public WebElement newPassword() {
        return byId("password-new");
    }

    public WebElement confirmPassword() {
        return byId("password-confirm");
    }

    /** Types the new password twice and submits; the caller waits for what comes next. */
    public void change(String password) {
        newPassword().sendKeys(password);
        confirmPassword().sendKeys(password);
        byId("kc-submit").click();
    }
}
