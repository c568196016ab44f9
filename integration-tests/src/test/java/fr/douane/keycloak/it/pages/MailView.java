package fr.douane.keycloak.it.pages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** A mail's HTML part shown in the browser, as a mail client would, so the person can follow its link. */
public final class MailView {

    private final WebDriver driver;

    private MailView(WebDriver driver) {
        this.driver = driver;
    }

    public static MailView open(WebDriver driver, Part mail) {
        String html = part(mail, "text/html");
        driver.get("data:text/html;charset=utf-8;base64," + Base64.getEncoder().encodeToString(html.getBytes(StandardCharsets.UTF_8)));
        return new MailView(driver);
    }

    /** The first link of the mail to the reset endpoint (the button). */
    public WebElement resetLink() {
        return driver.findElement(By.cssSelector("a[href*='/login-actions/action-token']"));
    }

    /** The text of the first part of this type (text/plain, text/html) of a mail. */
    public static String part(Part mail, String type) {
        try {
            if (mail.isMimeType(type)) {
                return (String) mail.getContent();
            }
            if (mail.getContent() instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart p = multipart.getBodyPart(i);
                    String found = p.isMimeType("multipart/*") || p.isMimeType(type) ? part(p, type) : null;
                    if (found != null) {
                        return found;
                    }
                }
            }
            return null;
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
