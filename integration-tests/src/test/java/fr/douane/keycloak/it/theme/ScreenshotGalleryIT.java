package fr.douane.keycloak.it.theme;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.imageio.ImageIO;

import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.Browser;
import fr.douane.keycloak.it.harness.DemoPortal;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.MailServer;
import fr.douane.keycloak.it.harness.Paths;
import fr.douane.keycloak.it.harness.Ports;
import fr.douane.keycloak.it.pages.ForgotPasswordPage;
import fr.douane.keycloak.it.pages.LoginPage;
import fr.douane.keycloak.it.pages.MailView;
import fr.douane.keycloak.it.pages.ResetPasswordPage;
import fr.douane.keycloak.it.pages.ResetSentPage;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The screenshots of the README and of docs/img, taken on the running server in Chromium: the
 * procedure walked with the page objects from the demo portal, in French and in English, at 1280
 * and 375 px: the login page with its registration panel, the forgot-password request, the
 * confirmation, the reset mail (its HTML part as the SMTP server received it), the link's page, a
 * refusal with its error summary, the login page after the change, "Mon espace personnel" and the
 * account console in the douane account theme.
 *
 * <p>The images go to target/screenshots/gallery/ with their manifest, so the test command never
 * changes the tree; with {@code -Ddouane.screenshots.update=true} they go to docs/img/ and the
 * entries of docs/img/screenshots.properties are rewritten with the hash of the files each image
 * shows ({@link ScreenshotManifest}).
 */
@ExtendWith(DouaneKeycloakExtension.class)
class ScreenshotGalleryIT {

    static final String UPDATE = "douane.screenshots.update";
    private static final String OLD_PASSWORD = "Ancien-Mot2passe!";
    private static final String NEW_PASSWORD = "Douane-2026!Nouveau";

    private static final String LOGIN = "themes/src/main/resources/theme/douane/login/";
    private static final String EMAIL = "themes/src/main/resources/theme/douane/email/";
    private static final String ACCOUNT = "themes/src/main/resources/theme/douane/account/";
    private static final String PROVIDER_MESSAGES = "providers/src/main/resources/theme-resources/messages/";
    private static final String PORTAL = "integration-tests/src/test/java/fr/douane/keycloak/it/harness/DemoPortal.java";

    /** Images written by this run → their manifest entry, written once all are taken. */
    private static final Map<String, ScreenshotManifest.Entry> TAKEN = new ConcurrentHashMap<>();

    private DouaneEnvironment env;
    private DemoPortal portal;

    static Path output() {
        return Boolean.getBoolean(UPDATE)
                ? Paths.projectRoot().resolve("docs/img")
                : Paths.screenshots().resolve("gallery");
    }

    @BeforeEach
    void portal(DouaneEnvironment env) {
        this.env = env;
        portal = DemoPortal.start(Ports.free(), env.keycloak().realmUrl());
        portal.registerWith(env.admin());
    }

    @AfterEach
    void closePortal() {
        portal.close();
    }

    @AfterAll
    static void manifest() {
        Path manifest = output().resolve(ScreenshotManifest.FILE_NAME);
        Map<String, ScreenshotManifest.Entry> entries = ScreenshotManifest.read(manifest);
        entries.putAll(TAKEN);
        ScreenshotManifest.write(manifest, entries);
    }

    @ParameterizedTest(name = "{0} at {1} px")
    @CsvSource({"fr,1280", "fr,375", "en,1280", "en,375"})
    void theProcedureFromThePortalToTheAccountConsole(String lang, int width) {
        boolean fr = "fr".equals(lang);
        String username = "m.dupont-" + lang + width;
        String email = username + "@exemple.fr";
        if (env.admin().userId(username) == null) {
            // The account's language is the one of the pictures, as for a person who reads it: the account
            // console follows the account's language, not the login pages'.
            AdminApi.Response created = env.admin().post("/admin/realms/douane/users", Map.of(
                    "username", username, "email", email, "firstName", "Marie", "lastName", "Dupont",
                    "enabled", true, "emailVerified", true, "attributes", Map.of("locale", List.of(lang)),
                    "credentials", List.of(Map.of("type", "password", "value", OLD_PASSWORD, "temporary", false))));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
        }
        try (Browser browser = new Browser("galerie-" + lang + "-" + width, width, width > 600 ? 900 : 800, lang)) {
            WebDriver driver = browser.driver();
            Shots shots = new Shots(driver, lang, width);

            // 1. The login page, from the portal, with the "PAS ENCORE DE COMPTE ?" panel.
            driver.get(portal.url() + "?lang=" + lang);
            LoginPage login = LoginPage.shown(driver).inLanguage(lang);
            assertThat(login.registrationPanel().isDisplayed()).isTrue();
            shots.page("1-connexion", true, layout(lang, "login.ftl"));

            // 2. Forgot password, Identifiant option, filled in.
            ForgotPasswordPage forgot = login.forgotPassword();
            forgot.chooseMode("username").identifier().sendKeys(username);
            shots.page("2-mot-de-passe-oublie", false, layout(lang, "douane-reset-request.ftl", "resources/js/reset-mode.js"));

            // 3. The confirmation.
            int before = env.mail().messagesTo(email).size();
            forgot.submitButton().click();
            ResetSentPage sent = ResetSentPage.shown(driver);
            assertThat(sent.language()).isEqualTo(lang);
            shots.page("3-confirmation", false, layout(lang, "douane-reset-sent.ftl"));

            // 4. The mail, its HTML part as received.
            MimeMessage mail = env.mail().awaitMessageTo(email, before, 60_000);
            assertThat(subject(mail)).isEqualTo(fr ? "Réinitialisation mot de passe" : "Password reset");
            String link = MailServer.resetLink(mail).orElseThrow();
            MailView.open(driver, mail);
            shots.mail("4-courriel", List.of(EMAIL + "theme.properties", EMAIL + "html/template.ftl",
                    EMAIL + "html/douane-reset-link.ftl", EMAIL + "messages/messages_" + lang + ".properties"));

            // 5. The link's page, filled in.
            List<String> resetPage = layout(lang, "douane-reset-password.ftl", "resources/js/password-rules.js");
            resetPage.add(PROVIDER_MESSAGES + "messages_" + lang + ".properties");
            ResetPasswordPage reset = ResetPasswordPage.open(driver, link);
            assertThat(reset.language()).isEqualTo(lang);
            reset.fill(username, NEW_PASSWORD, NEW_PASSWORD);
            shots.page("5-nouveau-mot-de-passe", false, resetPage);

            // 6. A refusal: the rules not met, in the error summary and under the field.
            clear(reset);
            ResetPasswordPage refused = reset.fill(username, "motdepasse", "motdepasse").submitRefused();
            assertThat(refused.title()).startsWith(fr ? "Erreur - " : "Error - ");
            assertThat(refused.errorSummary()).isPresent();
            shots.page("6-erreur", false, resetPage);

            // 7. Accepted: the login page with the success message.
            clear(refused);
            LoginPage done = refused.fill(username, NEW_PASSWORD, NEW_PASSWORD).submitAccepted();
            assertThat(done.message()).isPresent();
            shots.page("7-mot-de-passe-modifie", false, layout(lang, "login.ftl"));

            // 8. Logged in with the new password: the portal's "Mon espace personnel".
            done.logIn(username, NEW_PASSWORD);
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            wait.until(d -> d.getCurrentUrl().startsWith(portal.url().replaceAll("/$", "")));
            if (driver.findElements(By.id("douane-portal-logout")).isEmpty()) {
                driver.get(portal.url() + "?lang=" + lang);
            }
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("douane-portal-logout")));
            assertThat(driver.findElement(By.id("douane-portal-title")).getText())
                    .isEqualTo(fr ? "Mon espace personnel" : "My personal space");
            shots.page("8-espace-personnel", false, List.of(PORTAL));

            // 9. The account console in the douane account theme.
            driver.findElement(By.id("douane-portal-account")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("img[src*='douane-marque.svg']")));
            wait.until(d -> !d.findElements(By.cssSelector("main, [data-testid='page-header']")).isEmpty()
                    && d.findElements(By.id("loading-text")).isEmpty());
            assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(lang);
            settle(driver);
            shots.page("9-compte", true, List.of(ACCOUNT + "**"));
        }
    }

    /** The files of the douane login theme every page shows, then those of this page. */
    private static List<String> layout(String lang, String... page) {
        List<String> files = new ArrayList<>(List.of(LOGIN + "theme.properties", LOGIN + "template.ftl",
                LOGIN + "resources/css/douane.css", LOGIN + "messages/messages_" + lang + ".properties"));
        for (String p : page) {
            files.add(LOGIN + p);
        }
        return files;
    }

    private static void clear(ResetPasswordPage page) {
        page.newPassword().clear();
        page.confirmPassword().clear();
    }

    /** Lets web fonts and the single-page console finish drawing. */
    private static void settle(WebDriver driver) {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(
                ((JavascriptExecutor) d).executeScript("return document.fonts.status === 'loaded';")));
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String subject(MimeMessage mail) {
        try {
            return mail.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Takes the images of one language and width, cropped to what the page shows. */
    private static final class Shots {
        private final WebDriver driver;
        private final String lang;
        private final int width;

        Shots(WebDriver driver, String lang, int width) {
            this.driver = driver;
            this.lang = lang;
            this.width = width;
            // The page gets the whole window width, as on a phone or with overlay scrollbars.
            ((ChromiumDriver) driver).executeCdpCommand("Emulation.setScrollbarsHidden", Map.of("hidden", true));
        }

        /** The page from its top down to the footer, or with the footer when {@code whole}. */
        void page(String name, boolean whole, List<String> shows) {
            settle(driver);
            JavascriptExecutor js = (JavascriptExecutor) driver;
            Number height = (Number) js.executeScript(whole
                    ? "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight);"
                    : "var f = document.getElementById('footer'); return f ? f.getBoundingClientRect().top + window.scrollY"
                    + " : Math.max(document.documentElement.scrollHeight, document.body.scrollHeight);");
            Number pageWidth = (Number) js.executeScript("return document.documentElement.clientWidth;");
            save(name, capture(0, 0, pageWidth.doubleValue(), height.doubleValue()), shows);
        }

        /** The mail's outer table with a margin, as a mail client shows the message. */
        void mail(String name, List<String> shows) {
            JavascriptExecutor js = (JavascriptExecutor) driver;
            @SuppressWarnings("unchecked")
            Map<String, Object> box = (Map<String, Object>) js.executeScript(
                    "var t = document.querySelector('body table'); var r = t.getBoundingClientRect();"
                    + " var m = 16, w = document.documentElement.clientWidth;"
                    + " var x = Math.max(0, r.left + window.scrollX - m), right = Math.min(w, r.right + window.scrollX + m);"
                    + " return {x: x, y: 0, w: right - x,"
                    + " h: Math.max(document.documentElement.scrollHeight, r.bottom + window.scrollY + m)};");
            save(name, capture(num(box.get("x")), num(box.get("y")), num(box.get("w")), num(box.get("h"))), shows);
        }

        private static double num(Object o) {
            return ((Number) o).doubleValue();
        }

        private BufferedImage capture(double x, double y, double w, double h) {
            Map<String, Object> shot = ((ChromiumDriver) driver).executeCdpCommand("Page.captureScreenshot", Map.of(
                    "format", "png", "captureBeyondViewport", true, "fromSurface", true,
                    "clip", Map.of("x", Math.floor(x), "y", Math.floor(y), "width", Math.ceil(w), "height", Math.ceil(h), "scale", 1)));
            try {
                return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode((String) shot.get("data"))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void save(String name, BufferedImage image, List<String> shows) {
            String file = lang + "-" + width + "-" + name + ".png";
            SmallPng.write(image, output().resolve(file));
            TAKEN.put(file, new ScreenshotManifest.Entry(file, shows,
                    ScreenshotManifest.sha256(Paths.projectRoot(), shows)));
        }
    }
}
