package fr.douane.keycloak.it.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import fr.douane.keycloak.it.harness.KeycloakDistribution;
import fr.douane.keycloak.it.harness.KeycloakOptions;
import fr.douane.keycloak.it.harness.KeycloakServer;
import fr.douane.keycloak.it.harness.LocalFiles;
import fr.douane.keycloak.it.harness.Ports;

/**
 * One node of a Keycloak cluster: its own copy of the distribution (built once for PostgreSQL,
 * then shared by hard links), started by the harness as a cluster node ({@code start --optimized},
 * so with the clustered Infinispan caches; {@code start-dev} would force local ones) on loopback,
 * with its own HTTP, management and JGroups ports. Members find each other through the shared
 * database (Keycloak 26's default {@code jdbc-ping} stack).
 */
final class ClusterNode implements AutoCloseable {

    /** Infinispan logs every cluster view it installs: "ISPN000094: Received new cluster view ... (2) [a, b]". */
    private static final Pattern VIEW = Pattern.compile("ISPN000094: Received new cluster view for channel \\S+: \\[[^]]*] \\((\\d+)\\)");
    /** JGroups' FD_SOCK2 listens on the transport port + 50000: both must be free and below 65536. */
    private static final int FD_SOCK2_OFFSET = 50_000;

    private final String name;
    private final Path home;
    private final int jgroupsPort;
    private final Path log;
    private KeycloakOptions options;
    private KeycloakServer server;
    private int runs;

    ClusterNode(String name, Path home, Path logDir) {
        this.name = name;
        this.home = home;
        this.jgroupsPort = freeTransportPort();
        this.log = logDir.resolve("keycloak-" + name + ".log");
    }

    /** The first node's copy, built for PostgreSQL with health checks; then {@link #linkDistribution}. */
    static void buildDistribution(Path target, Path logDir) throws IOException, InterruptedException {
        KeycloakDistribution.buildCopy(target, List.of("--db=postgres", "--health-enabled=true"), logDir);
    }

    static void linkDistribution(Path built, Path target) throws IOException {
        KeycloakDistribution.linkCopy(built, target);
    }

    /**
     * Starts the node without waiting. {@code publicUrl} is the one hostname every node is
     * configured with (what a load balancer would serve): links, form actions and token issuers
     * are the same whichever node builds them, and no node takes its host from a request header.
     *
     * @param proxyHeaders {@code --proxy-headers} value, or {@code null} for none: the node then
     *        takes the client address from the connection and ignores X-Forwarded-For and Forwarded
     */
    void start(String publicUrl, String proxyHeaders, Map<String, String> env) {
        options = KeycloakOptions.clusterNode(home, publicUrl, jgroupsPort, log).env(env);
        if (proxyHeaders != null) {
            options.args("--proxy-headers=" + proxyHeaders);
        }
        server = KeycloakServer.launch(options);
        runs = 1;
    }

    /**
     * Starts the node again, without waiting, with the configuration of its first start: the same
     * ports, so that it rejoins the cluster as the same member would after a crash or an update.
     * The log of the previous run is kept beside as {@code keycloak-<name>.<run>.log}.
     */
    void restart() {
        if (server != null && server.isAlive()) {
            throw new IllegalStateException("node " + name + " still runs");
        }
        try {
            if (Files.exists(log)) {
                Files.move(log, log.resolveSibling("keycloak-" + name + "." + runs + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = KeycloakServer.launch(options);
        runs++;
    }

    /** SIGKILL to the node's JVM (see {@link KeycloakServer#kill}). */
    void kill() {
        server.kill();
    }

    /** True when something accepts connections on the node's HTTP port. */
    boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", httpPort()), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the node as an orchestrator does: SIGTERM, Keycloak shuts down and leaves the cluster. */
    void stop() {
        server.close();
    }

    /** Waits for /health/ready on the management port. */
    void awaitReady() {
        server.awaitReady();
    }

    /** Waits until the latest cluster view this node logged has {@code members} members. */
    void awaitClusterView(int members, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (clusterSize() == members) {
                return;
            }
            LocalFiles.sleep(250);
        }
        throw new IllegalStateException("node " + name + " never saw a " + members + "-member view\n" + tail(80));
    }

    /** Members in the latest cluster view of the log (0 before the first). */
    int clusterSize() {
        Matcher m = VIEW.matcher(logText());
        int size = 0;
        while (m.find()) {
            size = Integer.parseInt(m.group(1));
        }
        return size;
    }

    /**
     * True when this run of the node has logged the end of a rebalance of {@code cache}
     * ("ISPN100010: Finished rebalance"): it has received its share of the cache's entries.
     */
    boolean rebalanced(String cache) {
        return logText().contains("[Context=" + cache + "] ISPN100010: Finished rebalance");
    }

    String name() {
        return name;
    }

    /** The node itself, for back-channel calls (admin API, token endpoint). */
    String baseUrl() {
        return server.baseUrl();
    }

    int httpPort() {
        return server.httpPort();
    }

    int jgroupsPort() {
        return jgroupsPort;
    }

    /** The same URL with the public host replaced by this node: what the load balancer does. */
    URI route(URI uri, URI publicUrl) {
        if (publicUrl.getHost().equals(uri.getHost()) && publicUrl.getPort() == uri.getPort()) {
            return URI.create(uri.toString().replaceFirst("^http://[^/]+", "http://localhost:" + httpPort()));
        }
        return uri;
    }

    String tail(int lines) {
        return LocalFiles.tail(log, lines);
    }

    Path log() {
        return log;
    }

    private String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    private static int freeTransportPort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(7800, 15000);
            if (Ports.isFree(port) && Ports.isFree(port + FD_SOCK2_OFFSET)) {
                return port;
            }
        }
        throw new IllegalStateException("no free JGroups port pair");
    }
}
