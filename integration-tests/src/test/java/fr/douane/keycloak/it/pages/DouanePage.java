package fr.douane.keycloak.it.pages;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What every page of the douane login theme has (template.ftl): the language switch, the error
 * summary, the page-wide message, the footer. The page classes hold the theme's ids so that the
 * browser tests read as the procedure does.
 */
public class DouanePage {

    static final Duration WAIT = Duration.ofSeconds(30);

    protected final WebDriver driver;

    protected DouanePage(WebDriver driver) {
        this.driver = driver;
    }

    /** Any page of the theme, once its footer is there (error pages, logout, info). */
    public static DouanePage loaded(WebDriver driver) {
        new WebDriverWait(driver, WAIT).until(d -> d.getPageSource().contains("</footer>"));
        return new DouanePage(driver);
    }

    static WebElement await(WebDriver driver, String id) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id(id)));
    }

    public WebDriver driver() {
        return driver;
    }

    protected WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    protected Optional<WebElement> maybe(String id) {
        List<WebElement> found = driver.findElements(By.id(id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public String title() {
        return driver.getTitle();
    }

    /** The {@code lang} of the page. */
    public String language() {
        return driver.findElement(By.tagName("html")).getAttribute("lang");
    }

    /** The language tags of the language switch, in page order. */
    public List<String> languageSwitch() {
        List<String> tags = new ArrayList<>();
        for (WebElement a : driver.findElements(By.cssSelector("#douane-lang a"))) {
            tags.add(a.getAttribute("hreflang"));
        }
        return tags;
    }

    public WebElement languageLink(String tag) {
        return byId("douane-lang-" + tag);
    }

    /** Picks a language with the switch, as a person does, and waits for the page in that language. */
    protected void pickLanguage(String tag) {
        if (!tag.equals(language())) {
            languageLink(tag).click();
            new WebDriverWait(driver, WAIT).until(d -> tag.equals(d.findElement(By.tagName("html")).getAttribute("lang")));
        }
    }

    /** What the person reads, as the browser lays it out (no-break spaces kept, unlike WebElement.getText). */
    public String visibleText() {
        return (String) ((JavascriptExecutor) driver).executeScript("return document.title + '\\n' + document.body.innerText");
    }

    public String source() {
        return driver.getPageSource();
    }

    public Optional<WebElement> errorSummary() {
        return maybe("douane-error-summary");
    }

    /** The page-wide message (success, information or error). */
    public Optional<WebElement> message() {
        return maybe("douane-message");
    }

    public WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /** The texts of the elements named by the aria-describedby of this field. */
    public String describedBy(WebElement field) {
        StringBuilder text = new StringBuilder();
        String ids = field.getAttribute("aria-describedby");
        for (String id : ids == null ? new String[0] : ids.trim().split("\\s+")) {
            maybe(id).ifPresent(e -> text.append(e.getText()).append('\n'));
        }
        return text.toString();
    }

    public WebElement footer() {
        return byId("footer");
    }
}
