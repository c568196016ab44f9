package fr.douane.keycloak.it.bench.load;

import fr.douane.keycloak.it.harness.LocalFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import fr.douane.keycloak.it.harness.KeycloakServer;
import fr.douane.keycloak.it.harness.Paths;
import fr.douane.keycloak.it.harness.Ports;

/**
 * The Keycloak distribution in production mode for the load benchmark: {@code kc.sh build} then
 * {@code kc.sh start --optimized}, HTTPS only on 127.0.0.1 with a key pair generated for this run.
 *
 * <p>Why not the test harness's {@code start-dev}: dev mode turns theme and template caching off,
 * so every page would re-read and re-parse its FreeMarker templates and the B6 page figures would
 * measure the disk, not the themes. Why HTTPS: Keycloak 26 marks its cookies Secure, and Gatling
 * (like a browser on a non-loopback name) does not send them back over plain HTTP.
 */
final class BenchKeycloak implements AutoCloseable {

    static final String STORE_PASSWORD = "bench-only";

    private final int port;
    private final Process script;
    private final long javaPid;
    private final Path log;
    private final SSLContext trust;

    private BenchKeycloak(int port, Process script, long javaPid, Path log, SSLContext trust) {
        this.port = port;
        this.script = script;
        this.javaPid = javaPid;
        this.log = log;
        this.trust = trust;
    }

    /**
     * @param work  where the certificate, the realm copy and the logs go
     * @param env   realm placeholders (SMTP, Portailpro JDBC)
     */
    static BenchKeycloak start(Path work, Map<String, String> env, Duration timeout) throws Exception {
        Path home = Paths.keycloakDist();
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("Keycloak distribution not found at " + home);
        }
        Files.createDirectories(work);
        int port = Ports.free();
        Path keystore = work.resolve("keycloak-https.p12");
        generateKeyPair(keystore);

        LocalFiles.installPack(home);
        LocalFiles.deleteTree(home.resolve("data/h2"));
        LocalFiles.deleteTree(home.resolve("data/import"));
        Files.createDirectories(home.resolve("data/import"));
        // The realm as shipped, limits included (the reset scenario gives each visitor its own address).
        Files.copy(Paths.realmExport(), home.resolve("data/import/douane-realm.json"), StandardCopyOption.REPLACE_EXISTING);

        // Build-time options only; the dev-file (H2) database is the default and is the same for both realms.
        if (Boolean.parseBoolean(System.getProperty("bench.kc.build", "true"))) {
            run(home, work.resolve("keycloak-build.log"), env, Duration.ofMinutes(6), List.of(
                    home.resolve("bin/kc.sh").toString(), "build"));
        }

        Path log = work.resolve("keycloak.log");
        List<String> command = new ArrayList<>(List.of(
                home.resolve("bin/kc.sh").toString(), "start", "--optimized",
                "--http-enabled=false",
                "--http-host=127.0.0.1",
                "--https-port=" + port,
                "--https-key-store-file=" + keystore,
                "--https-key-store-password=" + STORE_PASSWORD,
                "--hostname=https://127.0.0.1:" + port,
                "--http-management-port=" + Ports.free(),
                // Each simulated visitor of the reset scenario sends its own client address, as
                // behind a reverse proxy: the douane per-address mail limit then applies as in
                // production (many people, many addresses) in both realms alike.
                "--proxy-headers=xforwarded",
                // The production defaults already cache themes and templates; said here so that a
                // changed default cannot silently turn B6 into a template-parsing benchmark.
                "--spi-theme--cache-themes=true",
                "--spi-theme--cache-templates=true",
                "--import-realm",
                "--log-level=INFO"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        environment(builder, env);
        Process script = builder.start();
        SSLContext trust = trusting(keystore);
        BenchKeycloak server = new BenchKeycloak(port, script, -1, log, trust);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        server.awaitReady(timeout);
        long pid = script.toHandle().descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Keycloak java process under kc.sh"));
        return new BenchKeycloak(port, script, pid, log, trust);
    }

    private static void generateKeyPair(Path keystore) throws Exception {
        Files.deleteIfExists(keystore);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "keycloak",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "7",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }

    /** A TLS context that trusts exactly the certificate generated for this run. */
    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            pkcs12.load(in, STORE_PASSWORD.toCharArray());
        }
        Certificate certificate = pkcs12.getCertificate("keycloak");
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        anchors.setCertificateEntry("keycloak", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static void environment(ProcessBuilder builder, Map<String, String> env) {
        builder.environment().putAll(env);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakServer.ADMIN_USER);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD);
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms512m -Xmx1g");
        String jfr = System.getProperty("bench.jfr", "");
        if (!jfr.isBlank()) {
            // A flight recording of the whole run (profile settings: ~20 ms sampling), for the
            // "where does the time go" question when a ratio misses its target.
            builder.environment().put("JAVA_OPTS_APPEND", "-XX:StartFlightRecording=filename=" + jfr
                    + ",settings=profile,dumponexit=true");
        }
    }

    private static void run(Path home, Path log, Map<String, String> env, Duration timeout, List<String> command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        environment(builder, env);
        Process p = builder.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within " + timeout);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(command + " exited with " + p.exitValue() + "\n" + Files.readString(log));
        }
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = httpClient();
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        URI realm = URI.create(baseUrl() + "/realms/douane/.well-known/openid-configuration");
        while (System.currentTimeMillis() < deadline) {
            if (!script.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + script.exitValue() + "\n" + tail(60));
            }
            try {
                if (http.send(HttpRequest.newBuilder(realm).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Keycloak not ready within " + timeout + "\n" + tail(60));
    }

    HttpClient httpClient() {
        return HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();
    }

    String baseUrl() {
        return "https://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    long pid() {
        return javaPid;
    }

    Path log() {
        return log;
    }

    String tail(int lines) {
        return LocalFiles.tail(log, lines);
    }

    @Override
    public void close() {
        LocalFiles.stop(script, Duration.ofSeconds(30));
    }
}
