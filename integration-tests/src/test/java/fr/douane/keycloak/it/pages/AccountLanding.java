package fr.douane.keycloak.it.pages;

import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Where a login lands: the page behind {@code url}, once the login form is gone and the page has drawn itself. */
public final class AccountLanding {

    private AccountLanding() {
    }

    public static void awaitAt(WebDriver driver, String url) {
        new WebDriverWait(driver, DouanePage.WAIT).until(d -> d.getCurrentUrl().startsWith(url)
                && d.findElements(By.id("kc-login")).isEmpty());
        // The account console is a single-page app: wait until it has rendered something.
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d ->
                d.findElement(By.tagName("body")).getText().strip().length() > 20);
    }
}
