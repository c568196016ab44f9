package fr.douane.keycloak.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import fr.douane.keycloak.it.harness.KeycloakDistribution;
import fr.douane.keycloak.it.harness.KeycloakOptions;
import fr.douane.keycloak.it.harness.KeycloakServer;
import fr.douane.keycloak.it.harness.TlsKeyPair;

/**
 * The Keycloak of the load benchmark: the harness's production mode over HTTPS ({@code kc.sh
 * build} then {@code kc.sh start --optimized}) on 127.0.0.1, with a key pair generated for this run.
 *
 * <p>Why not the tests' {@code start-dev}: dev mode turns theme and template caching off, so every
 * page would re-read and re-parse its FreeMarker templates and the B6 page figures would measure
 * the disk, not the themes. Why HTTPS: Keycloak 26 marks its cookies Secure, and Gatling (like a
 * browser on a non-loopback name) does not send them back over plain HTTP.
 */
final class LoadBenchServer {

    private static final String HEAP = "-Xms512m -Xmx1g";

    private LoadBenchServer() {
    }

    /**
     * @param work  where the certificate and the logs go
     * @param env   realm placeholders (SMTP, Portailpro JDBC)
     * @param extra runtime options added to the ones below
     */
    static KeycloakServer start(Path work, Map<String, String> env, Duration timeout, String... extra) throws Exception {
        Files.createDirectories(work);
        TlsKeyPair tls = TlsKeyPair.generate(work.resolve("keycloak-https.p12"));
        // The realm as shipped, limits included (the reset scenario gives each visitor its own address).
        Path home = KeycloakDistribution.prepareSingleNode();
        Map<String, String> serverEnv = new HashMap<>(env);
        serverEnv.put("JAVA_OPTS_KC_HEAP", HEAP);
        String jfr = System.getProperty("bench.jfr", "");
        if (!jfr.isBlank()) {
            // A flight recording of the whole run (profile settings: ~20 ms sampling), for the
            // "where does the time go" question when a ratio misses its target.
            serverEnv.put("JAVA_OPTS_APPEND", "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
        }
        // Build-time options only; the dev-file (H2) database is the default and is the same for both realms.
        // Metrics on, as the image runs: B7 and the soak read the Portailpro pool, the reset jobs and
        // the heap on the management /metrics.
        if (Boolean.parseBoolean(System.getProperty("bench.kc.build", "true"))) {
            KeycloakDistribution.kc(home, List.of("build", "--metrics-enabled=true"), serverEnv, HEAP,
                    work.resolve("keycloak-build.log"), Duration.ofMinutes(6));
        }
        return KeycloakServer.start(KeycloakOptions.https(tls, work.resolve("keycloak.log")).env(serverEnv).readyWithin(timeout)
                .args("--log-level=INFO",
                        // Each simulated visitor of the reset scenario sends its own client address, as
                        // behind a reverse proxy: the douane per-address mail limit then applies as in
                        // production (many people, many addresses) in both realms alike.
                        "--proxy-headers=xforwarded",
                        // The production defaults already cache themes and templates; said here so that a
                        // changed default cannot silently turn B6 into a template-parsing benchmark.
                        "--spi-theme--cache-themes=true",
                        "--spi-theme--cache-templates=true").args(extra));
    }
}
