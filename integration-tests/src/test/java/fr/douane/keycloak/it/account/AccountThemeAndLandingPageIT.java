package fr.douane.keycloak.it.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.douane.keycloak.it.harness.Browser;
import fr.douane.keycloak.it.harness.DemoPortal;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.Ports;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.harness.WebSession.Page;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a person sees after logging in: the demo portal's "Mon espace personnel" page (the local
 * run's landing page, {@link DemoPortal}) and Keycloak's account console in the douane account
 * theme, set in the shipped realm. The portal runs against the shared test server with the realm's
 * own client douane-portail, whose redirect URI this class points at the portal and puts back.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class AccountThemeAndLandingPageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Ancien-Mot2passe!";

    private DouaneEnvironment env;
    private DemoPortal portal;

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

    @Test
    void theRealmUsesTheDouaneAccountThemeAndItsConsoleShowsTheDouaneBrandNotKeycloaks() throws Exception {
        assertThat(env.admin().get("/admin/realms/douane").json().path("accountTheme").asText()).isEqualTo("douane");

        Page console = new WebSession(null, "fr").get(env.keycloak().realmUrl() + "/account/");
        assertThat(console.status()).isEqualTo(200);
        Document html = console.document();
        assertThat(html.selectFirst("html").attr("lang")).isEqualTo("fr");
        assertThat(html.title()).isEqualTo("douane.gouv.fr");
        String css = html.select("link[rel=stylesheet]").eachAttr("abs:href").stream()
                .filter(h -> h.endsWith("/account/douane/css/douane-account.css")).findFirst().orElseThrow(
                        () -> new AssertionError("douane stylesheet on the console page\n" + console.body()));
        String favicon = html.selectFirst("link[rel=icon]").absUrl("href");
        assertThat(favicon).contains("/account/douane/dsfr/favicon/favicon.svg");
        JsonNode environment = JSON.readTree(html.getElementById("environment").data());
        assertThat(environment.path("logo").asText()).isEqualTo("img/douane-marque.svg");
        // The console follows the theme's darkMode=false; Keycloak 26.4's console has no dark mode
        // and no such entry at all.
        JsonNode darkMode = environment.path("darkMode");
        assertThat(darkMode.isMissingNode() || !darkMode.asBoolean(true)).as("dark mode off: " + darkMode).isTrue();

        String resources = environment.path("resourceUrl").asText();
        String base = env.keycloak().baseUrl();
        HttpResponse<String> logo = get(base + resources + "/img/douane-marque.svg");
        assertThat(logo.statusCode()).isEqualTo(200);
        assertThat(logo.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
        assertThat(logo.body()).contains("RÉPUBLIQUE").contains("Douanes &amp; Droits Indirects").doesNotContainIgnoringCase("keycloak");
        HttpResponse<String> style = get(css);
        assertThat(style.statusCode()).isEqualTo(200);
        assertThat(style.body()).contains("#000091").contains("Chargement de votre compte");
        for (String font : List.of("Marianne-Regular.woff2", "Marianne-Medium.woff2", "Marianne-Bold.woff2")) {
            assertThat(get(base + resources + "/dsfr/fonts/" + font).statusCode()).as(font).isEqualTo(200);
        }
        assertThat(get(favicon).statusCode()).isEqualTo(200);

        // The console's texts come from the theme's messages: the logo's text alternative is ours.
        for (String lang : List.of("fr", "en")) {
            HttpResponse<String> messages = get(base + "/resources/douane/account/" + lang);
            assertThat(messages.statusCode()).as(messages.body()).isEqualTo(200);
            assertThat(messages.body()).contains("fr".equals(lang)
                    ? "République française – Douanes & Droits Indirects" : "French Republic – Customs & Excise");
        }
    }

    @Test
    void thePortalLandsOnMonEspacePersonnelAndSeDeconnecterEndsTheKeycloakSession() {
        String username = "portail-" + System.nanoTime();
        String userId = env.admin().createLocalUser(username, username + "@exemple.fr", "Élise", "Durand-Lefèvre", PASSWORD);
        WebSession web = new WebSession(null, "fr");

        Page toKeycloak = web.get(portal.url());
        assertThat(toKeycloak.status()).isEqualTo(303);
        assertThat(toKeycloak.uri().toString()).startsWith(env.keycloak().realmUrl() + "/protocol/openid-connect/auth?")
                .contains("code_challenge_method=S256").contains("client_id=douane-portail");
        Page login = web.get(toKeycloak.uri().toString());
        assertThat(login.status()).isEqualTo(200);
        Page back = web.submit(login, "kc-form-login", Map.of("username", username, "password", PASSWORD));
        assertThat(back.uri().toString()).startsWith(portal.returnUrl() + "?").contains("code=");

        Page space = web.get(back.uri().toString());
        assertThat(space.status()).isEqualTo(200);
        assertThat(space.uri().toString()).isEqualTo(portal.url());
        assertThat(space.document().selectFirst("html").attr("lang")).isEqualTo("fr");
        assertThat(space.document().getElementById("douane-portal-title").text()).isEqualTo("Mon espace personnel");
        assertThat(space.document().getElementById("douane-portal-greeting").text()).isEqualTo("Bonjour Élise Durand-Lefèvre,");
        assertThat(space.document().getElementById("douane-portal-username").text()).isEqualTo(username);
        assertThat(space.document().getElementById("douane-portal-logout").text()).isEqualTo("Se déconnecter");
        assertThat(space.document().select("link[rel=stylesheet]").eachAttr("href")).contains("/dsfr/dsfr.min.css");
        assertThat(get(portal.url() + "dsfr/dsfr.min.css").statusCode()).isEqualTo(200);
        assertThat(get(portal.url() + "dsfr/..%2F..%2Flogin.ftl").statusCode()).isEqualTo(404);
        assertThat(sessions(userId)).isEqualTo(1);

        Page toLogout = web.submit(space, "douane-portal-logout-form", Map.of());
        assertThat(toLogout.uri().toString()).startsWith(env.keycloak().realmUrl() + "/protocol/openid-connect/logout?")
                .contains("id_token_hint=");
        Page loggedOut = web.get(toLogout.uri().toString());
        assertThat(loggedOut.uri().toString()).as("no confirmation page: straight back to the portal\n" + loggedOut.body())
                .startsWith(portal.returnUrl());
        loggedOut = web.get(loggedOut.uri().toString());
        assertThat(loggedOut.document().getElementById("douane-portal-title").text()).isEqualTo("Déconnexion");
        assertThat(sessions(userId)).as("Keycloak session ended").isZero();

        // Coming back: the portal has no session and Keycloak asks for the password again.
        Page again = web.get(web.get(portal.url()).uri().toString());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.document().getElementById("kc-form-login")).isNotNull();
    }

    @Test
    void aReturnWithoutTheBrowsersLoginStateIsRefused() {
        WebSession web = new WebSession(null, "fr");
        Page refused = web.get(portal.returnUrl() + "?code=forged&state=forged");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.document().getElementById("douane-portal-failed")).isNotNull();
        assertThat(refused.text()).contains("La connexion n’a pas abouti");
    }

    @ParameterizedTest(name = "{0} at {1} px")
    @CsvSource({"fr,1280", "fr,375", "en,1280", "en,375"})
    void landingPageAndAccountConsoleAreAccessibleAndBranded(String language, int width) {
        String username = "espace-" + language + "-" + width + "-" + System.nanoTime();
        env.admin().createLocalUser(username, username + "@exemple.fr", "Élise", "Durand", PASSWORD);
        try (Browser browser = new Browser("account-" + language + "-" + width, width, 900, language)) {
            WebDriver driver = browser.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));

            driver.get(portal.url() + "?lang=" + language);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kc-login")));
            driver.findElement(By.id("username")).sendKeys(username);
            driver.findElement(By.id("password")).sendKeys(PASSWORD);
            driver.findElement(By.id("kc-login")).click();

            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("douane-portal-logout")));
            assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(language);
            assertThat(driver.findElement(By.id("douane-portal-title")).getText())
                    .isEqualTo("fr".equals(language) ? "Mon espace personnel" : "My personal space");
            assertThat(driver.findElement(By.id("douane-portal-greeting")).getText()).contains("Élise Durand");
            check(browser, "espace-personnel");

            driver.findElement(By.id("douane-portal-account")).click();
            WebElement brand = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("img[src*='douane-marque.svg']")));
            wait.until(d -> !d.findElements(By.cssSelector("main, [data-testid='page-header']")).isEmpty()
                    && d.findElements(By.id("loading-text")).isEmpty());
            // The console's language is Keycloak's choice (the realm's French unless the account holds
            // another); whichever it is, the brand speaks it.
            String consoleLanguage = driver.findElement(By.tagName("html")).getAttribute("lang");
            assertThat(consoleLanguage).isIn("fr", "en");
            assertThat(brand.getAttribute("alt")).isEqualTo("fr".equals(consoleLanguage)
                    ? "République française – Douanes & Droits Indirects, accueil de mon compte"
                    : "French Republic – Customs & Excise (Douanes & Droits Indirects), my account home");
            assertThat(driver.findElements(By.cssSelector("img[src$='/logo.svg'], img[src*='keycloak']"))).isEmpty();
            assertThat(driver.findElement(By.tagName("body")).getText()).doesNotContainIgnoringCase("keycloak");
            check(browser, "console-compte");

            driver.get(portal.url());
            wait.until(ExpectedConditions.elementToBeClickable(By.id("douane-portal-logout"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("douane-portal-logged-out")));
            assertThat(driver.findElement(By.id("douane-portal-title")).getText()).isEqualTo("fr".equals(language) ? "Déconnexion" : "Signed out");
            check(browser, "deconnexion");

            driver.findElement(By.id("douane-portal-login")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kc-login")));
        }
    }

    private int sessions(String userId) {
        return env.admin().get("/admin/realms/douane/users/" + userId + "/sessions").json().size();
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(url, e);
        }
    }

    private static void check(Browser browser, String page) {
        browser.screenshot(page);
        Results results = new AxeBuilder().analyze(browser.driver());
        List<Rule> blocking = results.getViolations().stream()
                .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact()))
                .toList();
        assertThat(blocking).as(page + ": " + blocking.stream()
                .map(v -> v.getId() + " (" + v.getImpact() + "): " + v.getHelp() + " " + v.getNodes().stream()
                        .map(n -> String.valueOf(n.getTarget())).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "))).isEmpty();
    }
}
