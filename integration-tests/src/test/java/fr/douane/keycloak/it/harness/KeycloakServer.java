package fr.douane.keycloak.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real Keycloak distribution ({@code org.keycloak:keycloak-quarkus-dist}, unpacked under
 * target/ by the build) started as a child process in dev mode on loopback, with the pack jar in
 * providers/ and the douane realm imported with {@code --import-realm}. Its output goes to a log
 * file that {@link DouaneKeycloakExtension} prints when a test fails.
 */
public final class KeycloakServer implements KeycloakUnderTest {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private final int httpPort;
    private final Path log;
    private final Process process;
    private int managementPort;

    private KeycloakServer(int httpPort, Path log, Process process) {
        this.httpPort = httpPort;
        this.log = log;
        this.process = process;
    }

    /**
     * The server's file vault ({@code --vault=file}): a secret {@code key} of realm {@code r} is the
     * file {@code r_key} in it, read by Keycloak whenever a value {@code ${vault.key}} is resolved.
     */
    public static Path vaultDir() {
        return Paths.buildDir().resolve("vault");
    }

    /**
     * Installs the pack and the realm into the distribution, wipes the dev database so every run
     * imports the realm afresh, and starts the server; returns once the realm answers.
     *
     * @param env realm placeholders (SMTP, Portailpro JDBC) passed as environment variables
     */
    public static KeycloakServer start(int httpPort, Map<String, String> env, Duration timeout) {
        Path home = Paths.keycloakDist();
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("Keycloak distribution not found at " + home + " (run the build: mvn verify)");
        }
        try {
            LocalFiles.installPack(home);
            LocalFiles.installTestProviders(home);
            Path imports = home.resolve("data/import");
            LocalFiles.deleteTree(home.resolve("data/h2"));
            Files.createDirectories(imports);
            Files.copy(Paths.realmExport(), imports.resolve("douane-realm.json"), StandardCopyOption.REPLACE_EXISTING);
            Files.createDirectories(vaultDir());

            int managementPort = Ports.free();
            Path log = Paths.buildDir().resolve("keycloak.log");
            List<String> command = new ArrayList<>(List.of(
                    home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1",
                    "--http-port=" + httpPort,
                    "--http-management-port=" + managementPort,
                    "--health-enabled=true",
                    // As the image runs: metrics (Keycloak's, user events, the pack's) on the management port.
                    "--metrics-enabled=true",
                    "--event-metrics-user-enabled=true",
                    "--vault=file",
                    "--vault-dir=" + vaultDir(),
                    // Tests speak for several client addresses through X-Forwarded-For (rate limits per address).
                    "--proxy-headers=xforwarded",
                    "--import-realm",
                    "--log-level=INFO,fr.douane:DEBUG"));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            builder.environment().putIfAbsent("JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx1g");
            Process process = builder.start();
            KeycloakServer server = new KeycloakServer(httpPort, log, process);
            server.managementPort = managementPort;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            server.awaitReady(timeout);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        URI realm = URI.create(baseUrl() + "/realms/douane/.well-known/openid-configuration");
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "\n" + tail(80));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(realm).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            LocalFiles.sleep(500);
        }
        throw new IllegalStateException("Keycloak not ready within " + timeout + "\n" + tail(80));
    }

    /**
     * Moves the server's clock by {@code seconds} (tests-only provider, see module test-providers);
     * 0 puts it back. Fails when the provider is not installed.
     */
    @Override
    public boolean canMoveClock() {
        String jar = System.getProperty("test.providers.jar");
        return jar != null && !jar.isBlank();
    }

    @Override
    public void setClockOffset(int seconds) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(baseUrl() + "/realms/master/douane-test-clock/offset/" + seconds))
                    .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 || !Integer.toString(seconds).equals(r.body().trim())) {
                throw new IllegalStateException("clock offset not set: " + r.statusCode() + " " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The management interface ({@code /metrics}, {@code /health}). */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    @Override
    public Path log() {
        return log;
    }

    /** The last lines of the server log. */
    @Override
    public String tail(int lines) {
        return LocalFiles.tail(log, lines);
    }

    @Override
    public void close() {
        LocalFiles.stop(process, Duration.ofSeconds(20));
    }
}
