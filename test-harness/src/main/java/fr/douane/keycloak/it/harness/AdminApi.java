package fr.douane.keycloak.it.harness;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Keycloak admin REST calls of the tests and benchmarks, over the JDK HTTP client: raw paths
 * and raw statuses, because the tests assert the refusals too (a typed admin client turns them
 * into exceptions) and call the pack's own endpoints; the admin-client library is also versioned
 * apart from the server.
 */
public final class AdminApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;
    private final boolean reuseToken;
    private String token;
    private long renewAt;

    public AdminApi(String baseUrl) {
        this(baseUrl, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** Over a client of the caller's (the load benchmark's trusts its own HTTPS certificate). */
    public AdminApi(String baseUrl, HttpClient http) {
        this(baseUrl, http, false);
    }

    private AdminApi(String baseUrl, HttpClient http, boolean reuseToken) {
        this.baseUrl = baseUrl;
        this.http = http;
        this.reuseToken = reuseToken;
    }

    /**
     * The same API keeping one admin token until shortly before it expires, for benchmarks that
     * time admin calls (a token per call would dominate). The tests take a token per call: some
     * move the server's clock, which would expire a kept one.
     */
    public AdminApi reusingToken() {
        return new AdminApi(baseUrl, http, true);
    }

    public record Response(int status, String body) {
        /** This response when its status is {@code expected}; an exception naming both otherwise. */
        public Response expect(int expected) {
            if (status != expected) {
                throw new IllegalStateException("expected " + expected + ", got " + status + " " + body);
            }
            return this;
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(body, e);
            }
        }
    }

    public synchronized String token() {
        if (reuseToken && token != null && System.currentTimeMillis() < renewAt) {
            return token;
        }
        String form = "grant_type=password&client_id=admin-cli&username=" + KeycloakServer.ADMIN_USER
                + "&password=" + KeycloakServer.ADMIN_PASSWORD;
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        Response response = send(request);
        if (response.status() != 200) {
            throw new IllegalStateException("admin token: " + response);
        }
        JsonNode json = response.json();
        token = json.get("access_token").asText();
        renewAt = System.currentTimeMillis() + Math.max(5, json.path("expires_in").asInt(60) - 15) * 1000L;
        return token;
    }

    /** An access token from the password grant of any realm and client (e.g. an admin whose token carries a locale). */
    public String passwordGrant(String realm, String clientId, String username, String password) {
        String form = "grant_type=password&scope=openid&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + realm + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        Response response = send(request);
        if (response.status() != 200) {
            throw new IllegalStateException("token of " + username + ": " + response);
        }
        return response.json().get("access_token").asText();
    }

    /** PUT with another bearer token than the harness admin's. */
    public Response put(String path, Object body, String bearerToken) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearerToken).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(body))).build());
    }

    public Response get(String path) {
        return send(authorized(path).GET().build());
    }

    public Response post(String path, Object body) {
        return send(authorized(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body))).build());
    }

    public Response put(String path, Object body) {
        return send(authorized(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(body))).build());
    }

    /** The attributes of realm {@code realm} as they are now. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> realmAttributes(String realm) {
        return JSON.convertValue(get("/admin/realms/" + realm).json().get("attributes"), Map.class);
    }

    /**
     * Updates realm {@code realm} with {@code settings}. Keycloak replaces a realm's attributes with
     * the map it is given, so the {@code attributes} of {@code settings} are laid over {@code attributes}
     * (the realm's, as read before) and all of them are sent.
     */
    public Response updateRealm(String realm, Map<String, Object> settings, Map<String, Object> attributes) {
        Map<String, Object> body = settings;
        if (settings.get("attributes") instanceof Map<?, ?> given && attributes != null) {
            Map<String, Object> merged = new java.util.HashMap<>(attributes);
            given.forEach((k, v) -> merged.put((String) k, v));
            body = new java.util.HashMap<>(settings);
            body.put("attributes", merged);
        }
        return put("/admin/realms/" + realm, body);
    }

    public Response delete(String path) {
        return send(authorized(path).DELETE().build());
    }

    /** Creates a local user of realm douane with a password; returns its id. */
    public String createLocalUser(String username, String email, String firstName, String lastName, String password) {
        Response created = post("/admin/realms/douane/users", Map.of(
                "username", username, "email", email, "firstName", firstName, "lastName", lastName,
                "enabled", true, "emailVerified", true,
                "credentials", List.of(Map.of("type", "password", "value", password, "temporary", false))));
        if (created.status() != 201) {
            throw new IllegalStateException("create user " + username + ": " + created);
        }
        return userId(username);
    }

    public String userId(String username) {
        JsonNode users = get("/admin/realms/douane/users?exact=true&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)).json();
        return users.size() == 0 ? null : users.get(0).get("id").asText();
    }

    public List<Map<String, Object>> events(String type) {
        Response r = get("/admin/realms/douane/events?type=" + type + "&max=100");
        try {
            return JSON.readValue(r.body(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new IllegalStateException(r.body(), e);
        }
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token());
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri().toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String write(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
