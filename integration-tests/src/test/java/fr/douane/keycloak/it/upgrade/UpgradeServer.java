package fr.douane.keycloak.it.upgrade;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.KeycloakDistribution;
import fr.douane.keycloak.it.harness.KeycloakOptions;
import fr.douane.keycloak.it.harness.KeycloakServer;
import fr.douane.keycloak.it.harness.LocalFiles;
import fr.douane.keycloak.it.harness.Paths;
import fr.douane.keycloak.it.harness.Ports;
import fr.douane.keycloak.it.harness.TestClient;

/**
 * The upgrade test's Keycloak: dev mode in a copy of the distribution of its own under
 * target/upgrade, whose H2 database under data/ outlives every restart, on one port, each start
 * logging to its own file. Also what the test reads from it: the realm, the pack's flow and
 * component, the portal client, tokens, and the upgrade's log lines.
 */
final class UpgradeServer implements AutoCloseable {

    static final String FLOW = "douane reset credentials";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir = Paths.buildDir().resolve("upgrade");
    private final Path home = dir.resolve("keycloak");
    private final int port = Ports.free();
    private final Map<String, String> env;
    final AdminApi admin = new AdminApi("http://localhost:" + port);
    private KeycloakServer server;

    /** @param env the realm placeholders and server options, as the site's environment */
    UpgradeServer(Map<String, String> env) throws IOException {
        this.env = env;
        Files.createDirectories(dir);
        Files.createDirectories(KeycloakOptions.vaultDir());
        KeycloakDistribution.copy(home);
    }

    /** Puts {@code realm} alone into data/import, for {@code --import-realm}. */
    void importDirectory(String name, InputStream realm) throws IOException {
        Path imports = home.resolve("data/import");
        LocalFiles.deleteTree(imports);
        Files.createDirectories(imports);
        try (realm) {
            Files.copy(realm, imports.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Start number {@code run} (its log is keycloak-{@code run}.log), with more kc.sh options. */
    void start(int run, String... args) {
        KeycloakOptions options = KeycloakOptions.dev(port, home, dir.resolve("keycloak-" + run + ".log")).env(env)
                .readyWithin(Duration.ofSeconds(Long.getLong("douane.it.start-timeout-seconds", 480)));
        options.args(args);
        server = KeycloakServer.start(options);
    }

    /** What the upgrade logged at INFO or WARN during start {@code run} (it logs changes and failures at those levels only). */
    List<String> upgradeLines(int run) {
        try {
            return Files.readString(dir.resolve("keycloak-" + run + ".log"), StandardCharsets.UTF_8).lines()
                    .filter(l -> l.matches(".* (INFO|WARN) +\\[fr\\.douane\\.keycloak\\.upgrade\\..*")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String log(int run) {
        try {
            return Files.readString(dir.resolve("keycloak-" + run + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String tail() {
        return server == null ? "" : "end of " + server.log() + ":\n" + server.tail(150);
    }

    JsonNode realm() {
        return admin.get("/admin/realms/douane").expect(200).json();
    }

    String flowId() {
        for (JsonNode f : admin.get("/admin/realms/douane/authentication/flows").expect(200).json()) {
            if (FLOW.equals(f.path("alias").asText())) {
                return f.path("id").asText();
            }
        }
        throw new AssertionError("no flow " + FLOW);
    }

    String executionsPath() {
        return "/admin/realms/douane/authentication/flows/" + FLOW.replace(" ", "%20") + "/executions";
    }

    /** The authenticator config of the pack flow's step {@code providerId} (its id, alias and config). */
    JsonNode stepConfig(String providerId) {
        for (JsonNode e : admin.get(executionsPath()).expect(200).json()) {
            if (providerId.equals(e.path("providerId").asText())) {
                return admin.get("/admin/realms/douane/authentication/config/" + e.path("authenticationConfig").asText())
                        .expect(200).json();
            }
        }
        throw new AssertionError("no step " + providerId + " in " + FLOW);
    }

    /** Sets the config of step {@code providerId} to {@code config}, as an admin does in the console. */
    void setStepConfig(String providerId, Map<String, String> config) {
        ObjectNode rep = (ObjectNode) stepConfig(providerId);
        rep.set("config", JSON.valueToTree(config));
        admin.put("/admin/realms/douane/authentication/config/" + rep.path("id").asText(), rep).expect(204);
    }

    JsonNode portailproComponent() {
        for (JsonNode c : admin.get("/admin/realms/douane/components?type=org.keycloak.storage.UserStorageProvider").expect(200).json()) {
            if ("douane-portailpro".equals(c.path("providerId").asText())) {
                return c;
            }
        }
        throw new AssertionError("no douane-portailpro component");
    }

    JsonNode portalClient() {
        return admin.get("/admin/realms/douane/clients?clientId=douane-portail").expect(200).json().get(0);
    }

    /** What an upgrade could change: the realm, the pack's flow with its configs, its components, the portal client. */
    JsonNode snapshot() {
        ObjectNode all = JSON.createObjectNode();
        all.set("realm", realm());
        JsonNode executions = admin.get(executionsPath()).expect(200).json();
        all.set("executions", executions);
        for (JsonNode e : executions) {
            if (e.hasNonNull("authenticationConfig")) {
                String id = e.path("authenticationConfig").asText();
                all.set("config " + id, admin.get("/admin/realms/douane/authentication/config/" + id).expect(200).json());
            }
        }
        all.put("flowId", flowId());
        all.set("components", admin.get("/admin/realms/douane/components?parent=" + realm().path("id").asText()).expect(200).json());
        all.set("client", portalClient());
        return all;
    }

    /** A password grant through the tests' client. */
    HttpResponse<String> token(String username, String password) {
        return post("grant_type=password&scope=openid&client_id=" + TestClient.ID
                + "&username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8));
    }

    HttpResponse<String> refresh(String refreshToken) {
        return post("grant_type=refresh_token&client_id=" + TestClient.ID
                + "&refresh_token=" + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String form) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/realms/douane/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(body, e);
        }
    }

    /** Stops the server; the data directory stays for the next start. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
