package fr.douane.keycloak.it.theme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.Browser;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.MailServer;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.harness.WebSession.Page;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture.Account;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the procedure shows a person, on the real server with the shipped realm: the login page's
 * "PAS ENCORE DE COMPTE ?" panel and where it points, the reset mail's address written out under its
 * button, and the last page giving back the identifiant typed after a refusal.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class SeedPagesIT {

    private static final String THEME_DEFAULT_REGISTRATION = "https://www.douane.gouv.fr/";

    private ResetFlowFixture fx;
    private AdminApi admin;

    @BeforeEach
    void fixture(DouaneEnvironment env) {
        fx = new ResetFlowFixture(env);
        admin = env.admin();
    }

    private Element registerLink() {
        return fx.loginPage(new WebSession(ResetFlowFixture.address())).document().getElementById("douane-register");
    }

    /**
     * Sets realm attributes for one test and puts the realm's attributes back afterwards. The admin API replaces
     * the realm's attributes with those of the request, so every other attribute (the 24 h link lifespan) is sent
     * along; an attribute the realm did not have comes back empty, which reads as unset.
     */
    private AutoCloseable realmAttributes(Map<String, String> attributes) {
        Map<String, String> before = new HashMap<>();
        admin.get("/admin/realms/douane").json().path("attributes").fields()
                .forEachRemaining(e -> before.put(e.getKey(), e.getValue().asText()));
        Map<String, String> during = new HashMap<>(before);
        during.putAll(attributes);
        Map<String, String> restore = new HashMap<>(before);
        attributes.keySet().forEach(k -> restore.putIfAbsent(k, ""));
        AdminApi.Response r = admin.put("/admin/realms/douane", Map.of("attributes", during));
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        return () -> {
            AdminApi.Response back = admin.put("/admin/realms/douane", Map.of("attributes", restore));
            assertThat(back.status()).as(back.body()).isEqualTo(204);
            assertThat(admin.get("/admin/realms/douane").json().path("attributes")
                    .path("actionTokenGeneratedByUserLifespan.reset-credentials").asText())
                    .isEqualTo(before.getOrDefault("actionTokenGeneratedByUserLifespan.reset-credentials", ""));
        };
    }

    @Test
    void theRegistrationPanelIsShownByDefaultPointsWhereTheRealmSaysAndCanBeHidden() throws Exception {
        assertThat(admin.get("/admin/realms/douane").json().path("registrationAllowed").asBoolean())
                .as("the shipped realm has Keycloak's registration off").isFalse();
        Page login = fx.loginPage(new WebSession(ResetFlowFixture.address()));
        Element panel = login.document().getElementById("douane-register-panel");
        assertThat(panel).as("panel on the live login page").isNotNull();
        assertThat(plain(panel.text())).contains("PAS ENCORE DE COMPTE ?").contains("Créez votre compte personnel")
                .contains("L'inscription sur douane.gouv.fr est nécessaire").contains("S'INSCRIRE");
        assertThat(panel.selectFirst(".fr-icon-account-circle-line")).as("user icon").isNotNull();
        // The theme property ${env.DOUANE_REGISTRATION_URL:...} as Keycloak resolves it (the variable is not set here).
        assertThat(registerLink().attr("href")).isEqualTo(THEME_DEFAULT_REGISTRATION);
        assertThat(login.body()).doesNotContain("${env.");

        try (AutoCloseable attr = realmAttributes(Map.of("douaneRegistrationUrl", "https://inscription.exemple.fr/compte?source=douane"))) {
            assertThat(registerLink().attr("href")).isEqualTo("https://inscription.exemple.fr/compte?source=douane");
        }
        try (AutoCloseable attr = realmAttributes(Map.of("douaneRegistrationUrl", "javascript:alert(1)"))) {
            assertThat(registerLink().attr("href")).as("only web addresses").isEqualTo(THEME_DEFAULT_REGISTRATION);
        }
        try (AutoCloseable attr = realmAttributes(Map.of("douaneRegistrationPanelHidden", "true"))) {
            Document hidden = fx.loginPage(new WebSession(ResetFlowFixture.address())).document();
            assertThat(hidden.getElementById("douane-register-panel")).isNull();
            assertThat(hidden.getElementById("kc-login")).isNotNull();
        }
        assertThat(registerLink().attr("href")).as("restored").isEqualTo(THEME_DEFAULT_REGISTRATION);

        Page english = fx.loginPage(fx.visitor(ResetFlowFixture.address(), "en"));
        assertThat(plain(english.document().getElementById("douane-register-panel").text())).contains("NO ACCOUNT YET?").contains("REGISTER");
    }

    /** In Chromium the panel's user icon is drawn (its DSFR mask image loads), at desktop and mobile widths. */
    @Test
    void thePanelsUserIconIsDrawn(DouaneEnvironment env) {
        for (int width : List.of(1280, 375)) {
            try (Browser browser = new Browser("panneau-inscription-" + width, width, 900, "fr")) {
                WebDriver driver = browser.driver();
                driver.get(env.keycloak().realmUrl() + "/account");
                new WebDriverWait(driver, Duration.ofSeconds(30))
                        .until(ExpectedConditions.visibilityOfElementLocated(By.id("douane-register-panel")));
                JavascriptExecutor js = (JavascriptExecutor) driver;
                String before = "getComputedStyle(document.querySelector('#douane-register-title .fr-icon-account-circle-line'), '::before')";
                String mask = String.valueOf(js.executeScript("var s = " + before + "; return s.maskImage || s.webkitMaskImage;"));
                Number iconWidth = (Number) js.executeScript("return parseFloat(" + before + ".width);");
                assertThat(mask).contains("account-circle-line.svg");
                assertThat(iconWidth.doubleValue()).as("icon width").isGreaterThan(10);
                String svg = mask.replaceAll(".*url\\(\"?([^\")]+)\"?\\).*", "$1");
                Page icon = new WebSession(null).get(svg);
                assertThat(icon.status()).as(svg).isEqualTo(200);
                assertThat(icon.body()).contains("<svg");
                assertThat(driver.findElement(By.id("douane-register")).isDisplayed()).isTrue();
                browser.screenshot("connexion");
            }
        }
    }

    @Test
    void theMailsHtmlPartWritesTheAddressUnderItsButton(DouaneEnvironment env) throws Exception {
        Account account = fx.localAccount("adresse-lien");
        int before = fx.mails(account.email());
        fx.requestReset(new WebSession(ResetFlowFixture.address()), "username", account.username());
        MimeMessage mail = fx.awaitMail(account.email(), before);
        String link = MailServer.resetLink(mail).orElseThrow();
        String html = part(mail, "text/html");
        String text = part(mail, "text/plain");

        Document doc = Jsoup.parse(html);
        Element button = doc.select("a[href]").stream().filter(a -> a.attr("href").equals(link)).findFirst().orElseThrow();
        assertThat(plain(button.text())).isEqualTo("Réinitialiser mon mot de passe");
        Element address = doc.select("p").stream().filter(p -> p.text().equals(link)).findFirst()
                .orElseThrow(() -> new AssertionError("no paragraph with the address in\n" + html));
        assertThat(button.parent().elementSiblingIndex()).as("the address comes right under the button")
                .isEqualTo(address.elementSiblingIndex() - 1);
        assertThat(text).contains(link);
        assertThat(doc.select("a[href]")).as("no link but the reset link").hasSize(1);
        assertThat(doc.text()).contains("Ce lien est valable 24 heures.");

        // One write to the SMTP server (see ResetFlowIT.bothMailsFitInOneWriteOfTheSmtpClient for the bound).
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        mail.writeTo(raw);
        assertThat(raw.size()).isLessThan(8192 - 256);
    }

    @Test
    void theLastPageGivesBackTheIdentifiantTypedAfterARefusal() {
        Account account = fx.localAccount("saisie-gardee");
        WebSession web = new WebSession(ResetFlowFixture.address());
        Page form = web.get(fx.link(web, account));

        Page refused = fx.setPassword(web, form, account.username(), "abc", "abc");
        assertThat(refused.document().getElementById("password-new-error")).as(refused.body()).isNotNull();
        assertThat(refused.document().getElementById("username").attr("value")).isEqualTo(account.username());

        Page mismatch = fx.setPassword(web, refused, account.email().toUpperCase(), "Kxqmzw1!a", "Kxqmzw1!b");
        assertThat(mismatch.document().getElementById("password-confirm-error")).isNotNull();
        assertThat(mismatch.document().getElementById("username").attr("value")).isEqualTo(account.email().toUpperCase());

        // A wrong identifiant comes back as typed, escaped: the person corrects it instead of typing it again.
        String typed = "o'brien&co@exemple.fr";
        Page wrong = fx.setPassword(web, mismatch, typed, "Kxqmzw1!a", "Kxqmzw1!a");
        assertThat(wrong.document().getElementById("username-error")).as(wrong.body()).isNotNull();
        assertThat(wrong.document().getElementById("username").attr("value")).isEqualTo(typed);
        assertThat(wrong.body()).contains("value=\"o&#39;brien&amp;co@exemple.fr\"");

        // Markup is refused, never echoed.
        Page unsafe = fx.setPassword(web, wrong, "<b>x</b>", "Kxqmzw1!a", "Kxqmzw1!a");
        assertThat(unsafe.document().getElementById("username").attr("value")).isEmpty();
        assertThat(unsafe.body()).doesNotContain("<b>x</b>");

        Page done = fx.setPassword(web, unsafe, account.username(), "Nouveau-2026!garde", "Nouveau-2026!garde");
        assertThat(done.text()).contains("Votre mot de passe a été modifié");
    }

    /** Text as compared here: no-break spaces as spaces, typographic apostrophes as straight ones. */
    private static String plain(String text) {
        return text.replace('\u00a0', ' ').replace('\u202f', ' ').replace('\u2019', '\'');
    }

    private static String part(MimeMessage mail, String type) throws Exception {
        Multipart multipart = (Multipart) mail.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart part = multipart.getBodyPart(i);
            if (part.isMimeType(type)) {
                return String.valueOf(part.getContent());
            }
        }
        throw new AssertionError("no " + type + " part");
    }
}
