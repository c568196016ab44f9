package fr.douane.keycloak.it.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The keyboard of a person who uses no mouse: keys go to whatever has the focus. */
public final class Keyboard {

    private static final int MAX_TABS = 40;

    private final WebDriver driver;

    public Keyboard(WebDriver driver) {
        this.driver = driver;
    }

    /** Presses Tab until {@code target} has the focus; fails when it never does (not reachable by Tab). */
    public int tabTo(WebElement target) {
        for (int tabs = 0; tabs <= MAX_TABS; tabs++) {
            if (driver.switchTo().activeElement().equals(target)) {
                return tabs;
            }
            press(Keys.TAB);
        }
        throw new AssertionError("not reached with " + MAX_TABS + " Tabs: " + describe(target)
                + "; focus on " + describe(driver.switchTo().activeElement()));
    }

    public void press(CharSequence key) {
        new Actions(driver).sendKeys(key).perform();
    }

    /**
     * Presses {@code key} on a control that submits a form and waits until the browser has left the
     * page: a refused form comes back as the same page, whose fields are there before the answer is.
     */
    public void submitWith(CharSequence key) {
        WebElement page = driver.findElement(By.tagName("html"));
        press(key);
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(page));
    }

    /** Types into the focused field, replacing what it held. */
    public void typeOver(String text) {
        new Actions(driver).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).sendKeys(Keys.DELETE).sendKeys(text).perform();
    }

    public void assertFocusOn(WebElement expected) {
        assertThat(driver.switchTo().activeElement()).as("focus on %s, not %s", describe(expected),
                describe(driver.switchTo().activeElement())).isEqualTo(expected);
    }

    private static String describe(WebElement e) {
        String id = e.getAttribute("id");
        return "<" + e.getTagName() + (id == null || id.isEmpty() ? "" : " id=" + id) + ">";
    }
}
