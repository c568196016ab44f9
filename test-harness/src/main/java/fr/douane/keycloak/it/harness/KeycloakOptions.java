package fr.douane.keycloak.it.harness;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@link KeycloakServer} starts the distribution: one of three modes, each with the kc.sh
 * command line it needs, plus what every mode shares (loopback only, a management port of its
 * own, the environment, the heap, the log file, how long readiness may take). The environment may
 * set {@code JAVA_OPTS_KC_HEAP} (the heap of the mode otherwise), and {@link #args} {@code --log-level}
 * (the pack at DEBUG otherwise).
 *
 * <ul>
 *   <li>{@link #dev}: {@code start-dev} with the realm imported at start; what the integration
 *       tests and the run command use.</li>
 *   <li>{@link #https}: {@code start --optimized} over HTTPS only, with a key pair made for the
 *       run and theme caches on; for the load benchmark (dev mode re-reads templates on every
 *       page, and Keycloak's Secure cookies need HTTPS for Gatling to send them back).</li>
 *   <li>{@link #clusterNode}: {@code start --optimized} with the clustered Infinispan caches on a
 *       JGroups port of its own and a public hostname shared by every node; the realm is imported
 *       beforehand ({@code kc.sh import}), so readiness is the management health check.</li>
 * </ul>
 */
public final class KeycloakOptions {

    public enum Mode { DEV, HTTPS, CLUSTER_NODE }

    final Mode mode;
    final int port;
    final int managementPort = Ports.free();
    final Path home;
    final Path log;
    String heap = "-Xms256m -Xmx1g";
    Duration readyWithin = Duration.ofMinutes(4);
    final Map<String, String> env = new HashMap<>();
    private final List<String> args = new ArrayList<>();
    TlsKeyPair tls;

    private KeycloakOptions(Mode mode, int port, Path home, Path log) {
        this.mode = mode;
        this.port = port;
        this.home = home;
        this.log = log;
    }

    /** Dev mode on {@code httpPort}, the douane realm imported at start, X-Forwarded-* read. */
    public static KeycloakOptions dev(int httpPort) {
        return dev(httpPort, Paths.keycloakDist(), Paths.buildDir().resolve("keycloak.log"));
    }

    /** The same in another copy of the distribution ({@code home}), whose data/ it keeps across restarts. */
    public static KeycloakOptions dev(int httpPort, Path home, Path log) {
        KeycloakOptions o = new KeycloakOptions(Mode.DEV, httpPort, home, log);
        // Tests speak for several client addresses through X-Forwarded-For (rate limits per address).
        return o.args("start-dev", "--http-port=" + httpPort, "--health-enabled=true", "--proxy-headers=xforwarded",
                // As the image runs: metrics (Keycloak's, user events, the pack's) on the management port,
                // and the file vault (a secret key of realm r is the file r_key in vaultDir()).
                "--metrics-enabled=true", "--event-metrics-user-enabled=true",
                "--vault=file", "--vault-dir=" + vaultDir(),
                "--import-realm");
    }

    /** The dev server's file vault ({@code --vault=file}), read whenever a value {@code ${vault.key}} is resolved. */
    public static Path vaultDir() {
        return Paths.buildDir().resolve("vault");
    }

    /**
     * Production mode over HTTPS on a free port, after {@code kc.sh build}; {@code tls} is the key
     * pair the server presents and the harness trusts.
     */
    public static KeycloakOptions https(TlsKeyPair tls, Path log) {
        KeycloakOptions o = new KeycloakOptions(Mode.HTTPS, Ports.free(), Paths.keycloakDist(), log);
        o.tls = tls;
        return o.args("start", "--optimized", "--http-enabled=false",
                "--https-port=" + o.port,
                "--https-key-store-file=" + tls.keystore(),
                "--https-key-store-password=" + TlsKeyPair.STORE_PASSWORD,
                "--hostname=" + o.baseUrl(),
                "--import-realm");
    }

    /**
     * One node of a cluster in its own copy of the distribution ({@code home}), configured with
     * the one {@code publicUrl} a load balancer would serve, so that links and issuers do not
     * depend on the node that builds them.
     */
    public static KeycloakOptions clusterNode(Path home, String publicUrl, int jgroupsPort, Path log) {
        KeycloakOptions o = new KeycloakOptions(Mode.CLUSTER_NODE, Ports.free(), home, log);
        o.heap = "-Xms128m -Xmx640m";
        o.readyWithin = Duration.ofMinutes(8); // about 1 min on a quiet machine; several while other builds run
        // The port through JGroups' own property, not --cache-embedded-network-bind-port: with that
        // option set, Keycloak 26.4.7 binds JGroups' default 7800 whatever it says (keycloak/keycloak#46663).
        o.env.put("JAVA_OPTS_APPEND", "-Djgroups.bind.port=" + jgroupsPort);
        return o.args("start", "--optimized", "--cache=ispn",
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--hostname=" + publicUrl,
                "--http-enabled=true",
                "--http-port=" + o.port,
                "--db-pool-max-size=20");
    }

    /** More kc.sh options. */
    public KeycloakOptions args(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    /** Environment variables of the process (realm placeholders, database, JAVA_OPTS_APPEND...). */
    public KeycloakOptions env(Map<String, String> values) {
        env.putAll(values);
        return this;
    }

    public KeycloakOptions readyWithin(Duration timeout) {
        this.readyWithin = timeout;
        return this;
    }

    /** The server's own address (for a cluster node: the node, not the public URL). */
    String baseUrl() {
        return mode == Mode.HTTPS ? "https://127.0.0.1:" + port : "http://localhost:" + port;
    }

    /**
     * What answers 200 once the server can serve: the realm (imported at start) or, for a cluster
     * node whose realm was imported beforehand, the management health check.
     */
    URI readiness() {
        return mode == Mode.CLUSTER_NODE
                ? URI.create("http://127.0.0.1:" + managementPort + "/health/ready")
                : URI.create(baseUrl() + "/realms/douane/.well-known/openid-configuration");
    }

    List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/kc.sh").toString());
        command.addAll(args);
        command.add("--http-host=127.0.0.1");
        command.add("--http-management-port=" + managementPort);
        if (args.stream().noneMatch(a -> a.startsWith("--log-level="))) {
            command.add("--log-level=INFO,fr.douane:DEBUG");
        }
        return command;
    }
}
