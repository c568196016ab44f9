package fr.douane.keycloak.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The demo portal of the local run: where a person lands after logging in, a small
 * "Mon espace personnel" page in the douane style with their name and a "Se déconnecter" button.
 *
 * <p>Why a page of its own rather than Keycloak's account console: in production the douane portal
 * is a separate application that signs people in through the realm, and the console is a tool for
 * managing one's account, not a landing page. So the demo plays the portal's part the way a real
 * one does: an OpenID Connect relying party on its own origin, using the realm's public client
 * {@value #CLIENT_ID} (the realm export ships no client secret) with the authorization code flow
 * and PKCE (S256), tokens fetched over the back channel and never handed to the browser, an opaque
 * HttpOnly session cookie, and RP-initiated logout (the realm's end_session_endpoint with
 * {@code id_token_hint}) so that "Se déconnecter" ends the Keycloak session too. The ID token comes
 * straight from the token endpoint over that back channel, which OpenID Connect Core (3.1.3.7)
 * accepts in place of checking its signature; its issuer, audience and nonce are checked. Sessions
 * live in memory, tokens are not refreshed: a demo, not an identity library.
 *
 * <p>It serves the DSFR from the pack jar's login theme (the same files the build fetched), so the
 * page needs no other site. French by default, English through the language switch or the
 * person's Keycloak locale.
 */
public final class DemoPortal implements AutoCloseable {

    public static final String CLIENT_ID = "douane-portail";
    /** Where Keycloak sends the browser back, after login (with a code) and after logout. */
    public static final String RETURN_PATH = "/retour";
    static final String SESSION_COOKIE = "DOUANE_PORTAIL_SESSION";
    static final String LOGIN_COOKIE = "DOUANE_PORTAIL_LOGIN";
    private static final String DSFR_IN_JAR = "theme/douane/login/resources/dsfr/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final String baseUrl;
    private final String realmUrl;
    private final String keycloakOrigin;
    private final Path packJar;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Puts back the client's redirect URIs as {@link #registerWith} found them. */
    private volatile Runnable restoreClient;
    /** Logout state → language of the page shown when Keycloak sends the browser back. */
    private final Map<String, String> logouts = new ConcurrentHashMap<>();

    private record Pending(String verifier, String nonce, String lang) {
    }

    private record Session(String idToken, String name, String username, String email, String csrf, String lang) {
        Session withLang(String other) {
            return new Session(idToken, name, username, email, csrf, other);
        }
    }

    private DemoPortal(HttpServer server, String baseUrl, String realmUrl, Path packJar) {
        this.server = server;
        this.baseUrl = baseUrl;
        this.realmUrl = realmUrl;
        URI realm = URI.create(realmUrl);
        this.keycloakOrigin = realm.getScheme() + "://" + realm.getAuthority();
        this.packJar = packJar;
    }

    /**
     * Starts the portal on http://localhost:{@code port}/ for the realm at {@code realmUrl}; the
     * realm's client {@value #CLIENT_ID} must accept {@link #returnUrl()} as redirect URI.
     */
    public static DemoPortal start(int port, String realmUrl) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            DemoPortal portal = new DemoPortal(server, "http://localhost:" + port, realmUrl, Paths.packJar());
            server.createContext("/", portal::handle);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.start();
            return portal;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The portal's home page, where a newcomer starts. */
    public String url() {
        return baseUrl + "/";
    }

    /** The one redirect URI the portal uses, after login and after logout. */
    public String returnUrl() {
        return baseUrl + RETURN_PATH;
    }

    /**
     * Lets the realm's client {@value #CLIENT_ID} send people back to this portal: its exact
     * redirect URI becomes {@link #returnUrl()} (post-logout redirects follow it: "+" in the realm).
     * {@link #close()} gives the client back the redirect URIs it had.
     */
    public void registerWith(AdminApi admin) {
        JsonNode found = admin.get("/admin/realms/douane/clients?clientId=" + CLIENT_ID).json();
        if (found.size() != 1) {
            throw new IllegalStateException("client " + CLIENT_ID + " not found in realm douane");
        }
        String clientPath = "/admin/realms/douane/clients/" + found.get(0).get("id").asText();
        List<?> before = JSON.convertValue(found.get(0).get("redirectUris"), List.class);
        putRedirectUris(admin, clientPath, List.of(returnUrl()));
        restoreClient = () -> putRedirectUris(admin, clientPath, before);
    }

    private static void putRedirectUris(AdminApi admin, String clientPath, List<?> uris) {
        AdminApi.Response r = admin.put(clientPath, Map.of("clientId", CLIENT_ID, "redirectUris", uris));
        if (r.status() != 204) {
            throw new IllegalStateException("redirect URIs of " + CLIENT_ID + ": " + r);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        Runnable restore = restoreClient;
        restoreClient = null;
        if (restore != null) {
            restore.run();
        }
    }

    // ------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
            if (path.startsWith("/dsfr/") && "GET".equals(method)) {
                dsfr(exchange, path.substring("/dsfr/".length()));
            } else if ("/portail.css".equals(path)) {
                send(exchange, 200, "text/css; charset=utf-8", CSS.getBytes(StandardCharsets.UTF_8));
            } else if ("/".equals(path) && "GET".equals(method)) {
                home(exchange, query);
            } else if (RETURN_PATH.equals(path) && "GET".equals(method)) {
                back(exchange, query);
            } else if ("/deconnexion".equals(path) && "POST".equals(method)) {
                logout(exchange, form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            } else {
                page(exchange, 404, lang(query.get("lang")), "notFoundTitle", "<p>" + t(lang(query.get("lang")), "notFoundText")
                        + "</p><p><a class=\"fr-link\" href=\"/\">" + t(lang(query.get("lang")), "home") + "</a></p>");
            }
        } catch (RuntimeException e) {
            System.err.println("[demo-portal] " + e);
            byte[] body = "500".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
        } finally {
            exchange.close();
        }
    }

    /** The landing page, or off to Keycloak's login page when nobody is signed in. */
    private void home(HttpExchange exchange, Map<String, String> query) throws IOException {
        String id = cookie(exchange, SESSION_COOKIE);
        Session session = id == null ? null : sessions.get(id);
        if (session == null) {
            login(exchange, lang(query.get("lang")));
            return;
        }
        if (query.containsKey("lang")) {
            session = session.withLang(lang(query.get("lang")));
            sessions.put(id, session);
        }
        String l = session.lang();
        String account = realmUrl + "/account/?kc_locale=" + l;
        String body = "<p class=\"fr-text--lead\" id=\"douane-portal-greeting\">" + t(l, "hello").replace("{0}", esc(session.name())) + "</p>"
                + "<p>" + t(l, "sessionOpen") + "</p>"
                + "<dl class=\"douane-portal-facts\">"
                + "<dt>" + t(l, "username") + "</dt><dd id=\"douane-portal-username\">" + esc(session.username()) + "</dd>"
                + (session.email().isEmpty() ? "" : "<dt>" + t(l, "email") + "</dt><dd id=\"douane-portal-email\">" + esc(session.email()) + "</dd>")
                + "</dl>"
                + "<ul class=\"fr-btns-group fr-btns-group--inline-md\">"
                + "<li><a class=\"fr-btn fr-btn--secondary\" id=\"douane-portal-account\" href=\"" + esc(account) + "\">" + t(l, "manageAccount") + "</a></li>"
                + "<li><form method=\"post\" action=\"/deconnexion\" id=\"douane-portal-logout-form\">"
                + "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(session.csrf()) + "\">"
                + "<button class=\"fr-btn\" type=\"submit\" id=\"douane-portal-logout\">" + t(l, "logout") + "</button></form></li>"
                + "</ul>";
        page(exchange, 200, l, "spaceTitle", body);
    }

    /** Authorization code request with PKCE, state bound to this browser by a short-lived cookie. */
    private void login(HttpExchange exchange, String lang) throws IOException {
        String state = random();
        String verifier = random() + random();
        String nonce = random();
        if (pending.size() > 10_000) {
            pending.clear();
        }
        pending.put(state, new Pending(verifier, nonce, lang));
        String location = realmUrl + "/protocol/openid-connect/auth?response_type=code&scope=openid%20profile%20email"
                + "&client_id=" + enc(CLIENT_ID) + "&redirect_uri=" + enc(returnUrl()) + "&state=" + state + "&nonce=" + nonce
                + "&code_challenge_method=S256&code_challenge=" + challenge(verifier) + "&ui_locales=" + lang
                // The portal's language is the person's choice: with kc_locale Keycloak keeps it as the
                // account's language, so the account console opens in it too (the realm's pages follow
                // the realm's language, not the browser's).
                + "&kc_locale=" + lang;
        exchange.getResponseHeaders().add("Set-Cookie", LOGIN_COOKIE + "=" + state + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=1800");
        redirect(exchange, location);
    }

    /** Back from Keycloak: a code after login, nothing after logout, an error if the person gave up. */
    private void back(HttpExchange exchange, Map<String, String> query) throws IOException {
        String code = query.get("code");
        String state = query.get("state");
        if (code == null && query.get("error") == null) {
            String l = lang(state == null ? null : logouts.remove(state));
            page(exchange, 200, l, "loggedOutTitle", "<p id=\"douane-portal-logged-out\">" + t(l, "loggedOutText") + "</p>"
                    + "<p><a class=\"fr-btn\" id=\"douane-portal-login\" href=\"/?lang=" + l + "\">" + t(l, "login") + "</a></p>");
            return;
        }
        Pending p = state == null || !state.equals(cookie(exchange, LOGIN_COOKIE)) ? null : pending.remove(state);
        if (code == null || p == null) {
            String l = p == null ? "fr" : p.lang();
            page(exchange, 400, l, "failedTitle", "<p id=\"douane-portal-failed\">" + t(l, "failedText") + "</p>"
                    + "<p><a class=\"fr-btn\" href=\"/?lang=" + l + "\">" + t(l, "retry") + "</a></p>");
            return;
        }
        JsonNode claims = exchange(code, p);
        String username = claims.path("preferred_username").asText("");
        String name = (claims.path("given_name").asText("") + " " + claims.path("family_name").asText("")).trim();
        String locale = claims.path("locale").asText("");
        String lang = locale.isEmpty() ? p.lang() : lang(locale);
        String id = random();
        sessions.put(id, new Session(claims.path("_id_token").asText(), name.isEmpty() ? username : name, username,
                claims.path("email").asText(""), random(), lang));
        exchange.getResponseHeaders().add("Set-Cookie", SESSION_COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Lax");
        exchange.getResponseHeaders().add("Set-Cookie", LOGIN_COOKIE + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
        redirect(exchange, "/");
    }

    /** Ends the portal's session, then Keycloak's (RP-initiated logout), and comes back to {@link #RETURN_PATH}. */
    private void logout(HttpExchange exchange, Map<String, String> form) throws IOException {
        String id = cookie(exchange, SESSION_COOKIE);
        Session session = id == null ? null : sessions.get(id);
        if (session == null || !session.csrf().equals(form.get("csrf"))) {
            redirect(exchange, "/");
            return;
        }
        sessions.remove(id);
        String state = random();
        if (logouts.size() > 10_000) {
            logouts.clear();
        }
        logouts.put(state, session.lang());
        exchange.getResponseHeaders().add("Set-Cookie", SESSION_COOKIE + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
        redirect(exchange, realmUrl + "/protocol/openid-connect/logout?client_id=" + enc(CLIENT_ID)
                + "&id_token_hint=" + enc(session.idToken()) + "&state=" + state
                + "&post_logout_redirect_uri=" + enc(returnUrl()) + "&ui_locales=" + session.lang());
    }

    /** The token request of the code flow; returns the ID token's claims (and the token itself as "_id_token"). */
    private JsonNode exchange(String code, Pending p) {
        String form = "grant_type=authorization_code&client_id=" + enc(CLIENT_ID) + "&code=" + enc(code)
                + "&redirect_uri=" + enc(returnUrl()) + "&code_verifier=" + enc(p.verifier());
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("token endpoint: " + r.statusCode() + " " + r.body());
            }
            String idToken = JSON.readTree(r.body()).path("id_token").asText();
            String[] parts = idToken.split("\\.");
            com.fasterxml.jackson.databind.node.ObjectNode claims = (com.fasterxml.jackson.databind.node.ObjectNode)
                    JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            boolean audience = claims.path("aud").isArray()
                    ? claims.path("aud").toString().contains("\"" + CLIENT_ID + "\"") : CLIENT_ID.equals(claims.path("aud").asText());
            if (!realmUrl.equals(claims.path("iss").asText()) || !audience || !p.nonce().equals(claims.path("nonce").asText())) {
                throw new IllegalStateException("ID token not for this login: iss " + claims.path("iss") + ", aud " + claims.path("aud"));
            }
            claims.put("_id_token", idToken);
            return claims;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** DSFR files from the pack jar's login theme; nothing outside that folder. */
    private void dsfr(HttpExchange exchange, String file) throws IOException {
        if (file.contains("..") || file.contains("\\") || file.startsWith("/")) {
            send(exchange, 404, "text/plain", new byte[0]);
            return;
        }
        try (ZipFile jar = new ZipFile(packJar.toFile())) {
            ZipEntry entry = jar.getEntry(DSFR_IN_JAR + file);
            if (entry == null || entry.isDirectory()) {
                send(exchange, 404, "text/plain", new byte[0]);
                return;
            }
            try (InputStream in = jar.getInputStream(entry)) {
                exchange.getResponseHeaders().set("Cache-Control", "max-age=3600");
                send(exchange, 200, contentType(file), in.readAllBytes());
            }
        }
    }

    private void page(HttpExchange exchange, int status, String l, String titleKey, String main) throws IOException {
        String other = "fr".equals(l) ? "en" : "fr";
        String html = "<!doctype html><html lang=\"" + l + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + t(l, titleKey) + " – douane.gouv.fr</title>"
                + "<link rel=\"icon\" href=\"/dsfr/favicon/favicon.svg\" type=\"image/svg+xml\">"
                + "<link rel=\"stylesheet\" href=\"/dsfr/dsfr.min.css\"><link rel=\"stylesheet\" href=\"/portail.css\"></head><body>"
                + "<div class=\"fr-skiplinks\"><nav class=\"fr-container\" aria-label=\"" + t(l, "skipLinks") + "\"><ul class=\"fr-skiplinks__list\">"
                + "<li><a class=\"fr-link\" href=\"#contenu\">" + t(l, "skipToContent") + "</a></li></ul></nav></div>"
                + "<header role=\"banner\" class=\"fr-header\"><div class=\"fr-header__body\"><div class=\"fr-container\">"
                + "<div class=\"fr-header__body-row\"><div class=\"fr-header__brand fr-enlarge-link\"><div class=\"fr-header__brand-top\">"
                + "<div class=\"fr-header__logo\"><p class=\"fr-logo\">République<br>Française</p></div></div>"
                + "<div class=\"fr-header__service\"><a href=\"/\" title=\"" + t(l, "homeTitle") + "\">"
                + "<p class=\"fr-header__service-title\">Douanes &amp; Droits Indirects</p></a>"
                + "<p class=\"fr-header__service-tagline\">" + t(l, "tagline") + "</p></div></div>"
                + "<div class=\"fr-header__tools\"><div class=\"fr-header__tools-links\"><ul class=\"fr-btns-group\">"
                + "<li><a class=\"fr-btn fr-btn--tertiary-no-outline\" id=\"douane-portal-lang-" + other + "\" href=\"/?lang=" + other
                + "\" lang=\"" + other + "\" hreflang=\"" + other + "\">" + t(other, "switchTo") + "</a></li>"
                + "</ul></div></div></div></div></div></header>"
                + "<main role=\"main\" id=\"contenu\" tabindex=\"-1\"><div class=\"fr-container fr-py-6w\">"
                + "<h1 id=\"douane-portal-title\">" + t(l, titleKey) + "</h1>" + main + "</div></main>"
                + "<footer class=\"fr-footer\" role=\"contentinfo\" id=\"footer\"><div class=\"fr-container\"><div class=\"fr-footer__body\">"
                + "<div class=\"fr-footer__brand\"><p class=\"fr-logo\">République<br>Française</p></div>"
                + "<div class=\"fr-footer__content\"><p class=\"fr-footer__content-desc\">" + t(l, "footer") + "</p></div>"
                + "</div></div></footer></body></html>";
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none';"
                + " frame-ancestors 'none'; base-uri 'none'; form-action 'self' " + keycloakOrigin);
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        send(exchange, status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    private static final Map<String, Map<String, String>> TEXTS = Map.of(
            "fr", Map.ofEntries(
                    Map.entry("spaceTitle", "Mon espace personnel"),
                    Map.entry("hello", "Bonjour {0},"),
                    Map.entry("sessionOpen", "votre session douane.gouv.fr est ouverte."),
                    Map.entry("username", "Identifiant"),
                    Map.entry("email", "Courriel"),
                    Map.entry("manageAccount", "Gérer mon compte"),
                    Map.entry("logout", "Se déconnecter"),
                    Map.entry("loggedOutTitle", "Déconnexion"),
                    Map.entry("loggedOutText", "Votre session douane.gouv.fr est fermée, sur ce portail comme sur le service de connexion."),
                    Map.entry("login", "Se connecter"),
                    Map.entry("failedTitle", "La connexion n’a pas abouti"),
                    Map.entry("failedText", "La connexion a été interrompue ou a expiré. Vous pouvez recommencer."),
                    Map.entry("retry", "Recommencer"),
                    Map.entry("notFoundTitle", "Page non trouvée"),
                    Map.entry("notFoundText", "Cette page n’existe pas."),
                    Map.entry("home", "Retour à l’accueil"),
                    Map.entry("homeTitle", "Accueil – Douanes & Droits Indirects"),
                    Map.entry("tagline", "Portail de démonstration"),
                    Map.entry("switchTo", "Français"),
                    Map.entry("skipLinks", "Accès rapide"),
                    Map.entry("skipToContent", "Contenu"),
                    Map.entry("footer", "Page de démonstration du pack douane pour Keycloak, servie par le lancement local.")),
            "en", Map.ofEntries(
                    Map.entry("spaceTitle", "My personal space"),
                    Map.entry("hello", "Hello {0},"),
                    Map.entry("sessionOpen", "your douane.gouv.fr session is open."),
                    Map.entry("username", "Username"),
                    Map.entry("email", "Email"),
                    Map.entry("manageAccount", "Manage my account"),
                    Map.entry("logout", "Sign out"),
                    Map.entry("loggedOutTitle", "Signed out"),
                    Map.entry("loggedOutText", "Your douane.gouv.fr session is closed, on this portal and on the sign-in service."),
                    Map.entry("login", "Sign in"),
                    Map.entry("failedTitle", "Sign-in did not complete"),
                    Map.entry("failedText", "Sign-in was interrupted or has expired. You can start again."),
                    Map.entry("retry", "Start again"),
                    Map.entry("notFoundTitle", "Page not found"),
                    Map.entry("notFoundText", "This page does not exist."),
                    Map.entry("home", "Back to the home page"),
                    Map.entry("homeTitle", "Home – Douanes & Droits Indirects"),
                    Map.entry("tagline", "Demonstration portal"),
                    Map.entry("switchTo", "English"),
                    Map.entry("skipLinks", "Quick access"),
                    Map.entry("skipToContent", "Content"),
                    Map.entry("footer", "Demonstration page of the douane pack for Keycloak, served by the local run.")));

    /** A text of the page in language {@code l}, HTML-escaped. */
    static String t(String l, String key) {
        String text = TEXTS.get(l).get(key);
        if (text == null) {
            throw new IllegalArgumentException("no " + l + " text " + key);
        }
        return esc(text);
    }

    private static final String CSS = ".douane-portal-facts{display:grid;grid-template-columns:max-content 1fr;gap:.5rem 1.5rem;margin:1.5rem 0}"
            + ".douane-portal-facts dt{font-weight:700}.douane-portal-facts dd{margin:0;overflow-wrap:anywhere}"
            + "main{min-height:50vh}";

    // ------------------------------------------------------------------------------------------

    private static String lang(String requested) {
        return requested != null && requested.toLowerCase(Locale.ROOT).startsWith("en") ? "en" : "fr";
    }

    /**
     * A cookie's value, from browsers' header ({@code a=1; b=2}) or from the older form some
     * clients still send ({@code $Version="1", a="1";$Path="/"}): quotes and attributes dropped.
     */
    static String cookie(HttpExchange exchange, String name) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split("[;,]")) {
                String[] kv = part.trim().split("=", 2);
                if (kv.length == 2 && kv[0].equals(name)) {
                    String value = kv[1].replaceAll("^\"|\"$", "");
                    return value.isEmpty() ? null : value;
                }
            }
        }
        return null;
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            values.putIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(303, -1);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String contentType(String file) {
        String f = file.toLowerCase(Locale.ROOT);
        if (f.endsWith(".css")) {
            return "text/css; charset=utf-8";
        } else if (f.endsWith(".svg")) {
            return "image/svg+xml";
        } else if (f.endsWith(".woff2")) {
            return "font/woff2";
        } else if (f.endsWith(".woff")) {
            return "font/woff";
        } else if (f.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        } else if (f.endsWith(".png")) {
            return "image/png";
        }
        return "application/octet-stream";
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }
}
