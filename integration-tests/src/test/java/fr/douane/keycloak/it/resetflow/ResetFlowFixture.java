package fr.douane.keycloak.it.resetflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.MailServer;
import fr.douane.keycloak.it.harness.TestClient;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.harness.WebSession.Page;
import jakarta.mail.internet.MimeMessage;

/** The moves a person makes in the reset flow, at the HTTP level, shared by the reset-flow tests. */
public final class ResetFlowFixture {

    static final String CLIENT = TestClient.ID;
    static final String REDIRECT = TestClient.REDIRECT;
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    final DouaneEnvironment env;
    final AdminApi admin;
    private final String realmUrl;
    private final String backchannelRealmUrl;
    private final MailServer mail;

    public ResetFlowFixture(DouaneEnvironment env) {
        this(env, env.keycloak().realmUrl(), env.keycloak().realmUrl(), env.admin(), env.mail());
    }

    /**
     * For servers other than the shared one (the cluster test): {@code realmUrl} is what a browser
     * uses (the public URL), {@code backchannelRealmUrl} the node that token requests go to.
     */
    public ResetFlowFixture(String realmUrl, String backchannelRealmUrl, AdminApi admin, MailServer mail) {
        this(null, realmUrl, backchannelRealmUrl, admin, mail);
    }

    private ResetFlowFixture(DouaneEnvironment env, String realmUrl, String backchannelRealmUrl, AdminApi admin, MailServer mail) {
        this.env = env;
        this.admin = admin;
        this.realmUrl = realmUrl;
        this.backchannelRealmUrl = backchannelRealmUrl;
        this.mail = mail;
        TestClient.ensure(admin);
    }

    /**
     * A distinct client address per visitor, sent as X-Forwarded-For only (never contacted). It is
     * a loopback address so that the realm's "HTTPS for external requests" still lets plain HTTP in.
     */
    public static String address() {
        int n = SEQ.incrementAndGet();
        return "127.0." + (n / 250 % 250 + 1) + "." + (n % 250 + 1);
    }

    static String unique(String prefix) {
        return prefix + "-" + System.nanoTime() % 1_000_000_000L + "-" + SEQ.incrementAndGet();
    }

    public record Account(String id, String username, String email, String password) {
    }

    /**
     * A new ACTIVE account in the Portailpro directory, never imported into Keycloak; its
     * identifiant is its email, as for every Portailpro account. {@code id} is the directory id.
     */
    public Account portailproAccount(String prefix) {
        String key = unique(prefix);
        String email = key + "@exemple.fr";
        env.portailpro().execute("INSERT INTO portailpro_account (id, identifiant, email, first_name, last_name, status)"
                + " VALUES ('" + key + "', '" + email + "', '" + email + "', 'Essai', 'Portailpro', 'ACTIVE')");
        return new Account(key, email, email, null);
    }

    /** Sets the status of a directory account (ACTIVE, SUSPENDED, CLOSED). */
    public void setPortailproStatus(Account account, String status) {
        env.portailpro().execute("UPDATE portailpro_account SET status = '" + status + "' WHERE id = '" + account.id() + "'");
    }

    /** Imports a directory account through an admin lookup and returns its Keycloak user id. */
    public String importPortailpro(Account account) {
        JsonNode users = admin.get("/admin/realms/douane/users?exact=true&email="
                + URLEncoder.encode(account.email(), StandardCharsets.UTF_8)).json();
        assertThat(users.size()).as("imported " + account.email()).isEqualTo(1);
        return users.get(0).get("id").asText();
    }

    public Account localAccount(String prefix) {
        String username = unique(prefix);
        String email = username + "@exemple.fr";
        String password = "Ancien-Mot2passe!";
        String id = admin.createLocalUser(username, email, "Test", "Douane", password);
        return new Account(id, username, email, password);
    }

    String authUrl() {
        return TestClient.authUrl(realmUrl);
    }

    public Page loginPage(WebSession web) {
        Page login = web.get(authUrl());
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        return login;
    }

    /**
     * A visitor from {@code address} whose browser asks for {@code language}. The pages are in the realm's
     * language (French) whatever the browser prefers, so for another language the visitor picks it with the
     * login page's language switch, as a person does; the choice then holds for the visitor's later pages.
     */
    public WebSession visitor(String address, String language) {
        WebSession web = new WebSession(address, language);
        if (!"fr".equals(language)) {
            Page login = loginPage(web);
            Page chosen = web.get(login.document().getElementById("douane-lang-" + language).absUrl("href"));
            assertThat(chosen.document().selectFirst("html").attr("lang")).as("language picked").isEqualTo(language);
        }
        return web;
    }

    public Page forgotPage(WebSession web) {
        return TestClient.forgotPage(web, realmUrl);
    }

    public Page requestReset(WebSession web, String mode, String value) {
        return web.submit(forgotPage(web), "douane-reset-request-form", Map.of("douane-reset-mode", mode, "identifier", value));
    }

    public int mails(String mailbox) {
        return mail.messagesTo(mailbox).size();
    }

    public MimeMessage awaitMail(String mailbox, int before) {
        return mail.awaitMessageTo(mailbox, before, 30_000);
    }

    public String awaitLink(String mailbox, int before) {
        return MailServer.resetLink(awaitMail(mailbox, before)).orElseThrow(() -> new AssertionError("no link in mail"));
    }

    /** Asks for a link and returns it. */
    public String link(WebSession web, Account account) {
        int before = mails(account.email());
        Page sent = requestReset(web, "username", account.username());
        assertThat(sent.document().getElementById("douane-reset-sent-title")).isNotNull();
        return awaitLink(account.email(), before);
    }

    public Page setPassword(WebSession web, Page form, String identifiant, String password, String confirm) {
        return web.submit(form, "douane-reset-password-form",
                Map.of("username", identifiant, "password-new", password, "password-confirm", confirm));
    }

    /** True when the password works for a direct grant (the realm's password check, nothing else). */
    public boolean passwordWorks(String username, String password) {
        return tokenResponse(username, password, "openid").statusCode() == 200;
    }

    HttpResponse<String> tokenResponse(String username, String password, String scope) {
        String form = "grant_type=password&client_id=" + CLIENT + "&scope=" + URLEncoder.encode(scope, StandardCharsets.UTF_8)
                + "&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return post("/protocol/openid-connect/token", form);
    }

    HttpResponse<String> refresh(String refreshToken) {
        return post("/protocol/openid-connect/token", "grant_type=refresh_token&client_id=" + CLIENT
                + "&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String path, String form) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(backchannelRealmUrl + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }

    /** Waits (bounded) for an admin-visible event of {@code type} whose details contain {@code outcome}. */
    public boolean awaitEvent(String type, String userIdOrNull, String outcome) {
        return awaitEvent(type, outcome, e -> userIdOrNull == null || userIdOrNull.equals(e.get("userId"))).isPresent();
    }

    /** Waits (bounded) for the event of {@code type} and {@code outcome} of a request from {@code ipAddress}. */
    public Optional<Map<String, Object>> awaitEventFrom(String type, String ipAddress, String outcome) {
        return awaitEvent(type, outcome, e -> ipAddress.equals(e.get("ipAddress")));
    }

    /** The events of {@code type} recorded so far for requests from {@code ipAddress}. */
    public List<Map<String, Object>> eventsFrom(String type, String ipAddress) {
        return admin.events(type).stream().filter(e -> ipAddress.equals(e.get("ipAddress"))).toList();
    }

    private Optional<Map<String, Object>> awaitEvent(String type, String outcome, Predicate<Map<String, Object>> which) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            Optional<Map<String, Object>> found = admin.events(type).stream()
                    .filter(which)
                    .filter(e -> e.get("details") instanceof Map<?, ?> d && outcome.equals(d.get("douane_outcome")))
                    .findFirst();
            if (found.isPresent()) {
                return found;
            }
            sleepQuietly(250);
        }
        return Optional.empty();
    }

    /** The page with per-request values (session codes, tab ids, nonces) taken out. */
    public static String normalized(Page page) {
        return page.body()
                .replaceAll("(href|action|src)=\"[^\"?]*\\?[^\"]*\"", "$1=\"URL\"")
                .replaceAll("nonce=\"[^\"]*\"", "nonce=\"N\"")
                .replaceAll("(tab_id|session_code|client_data|execution)=[^&\"'\\s]+", "$1=X")
                .replaceAll("value=\"[A-Za-z0-9_\\-.]{20,}\"", "value=\"TOKEN\"");
    }

    public static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Changes realm settings for one test and puts them back afterwards. Keycloak replaces the
     * realm's attributes with the map it is given and removes the others (the pack's version marker
     * among them, which later tests read): attributes given here are sent over the realm's current ones.
     */
    AutoCloseable realmPatch(Map<String, Object> patch, Map<String, Object> restore) {
        Map<String, Object> current = admin.realmAttributes("douane");
        AdminApi.Response r = admin.updateRealm("douane", patch, current);
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        return () -> admin.updateRealm("douane", restore, current);
    }
}
