package fr.douane.keycloak.it.cluster;

import static fr.douane.keycloak.it.resetflow.ResetFlowFixture.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.KeycloakDistribution;
import fr.douane.keycloak.it.harness.MailServer;
import fr.douane.keycloak.it.harness.Paths;
import fr.douane.keycloak.it.harness.PortailproDatabase;
import fr.douane.keycloak.it.harness.Ports;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * A real two-node Keycloak 26.7.3 cluster with the pack, as shipped: two copies of the Maven
 * Central distribution built for PostgreSQL, started with {@code start --optimized} on loopback
 * against one PostgreSQL, finding each other through it (jdbc-ping) and sharing Keycloak's
 * Infinispan caches. The realm is imported once, with {@code kc.sh import}, before either node
 * starts; GreenMail takes the mails.
 *
 * <p>Both nodes are configured with the same public hostname, as behind a load balancer; the
 * tests play that load balancer and send each request to the node they name
 * ({@link #visitorOn}). Node A reads X-Forwarded-* headers ({@code --proxy-headers=xforwarded},
 * as behind a proxy); node B reads none (the default, as when clients connect directly): there
 * every request counts against the tests' own socket address, {@value #SOCKET_ADDRESS}.</p>
 *
 * <p>Each test class starts its own cluster and closes it at the end, also when a test or the
 * start fails; the shared single-node servers of the other tests are not touched.</p>
 */
final class TwoNodeCluster implements AutoCloseable {

    /** Node B's only view of every client of the tests: the socket address (it binds 127.0.0.1). */
    static final String SOCKET_ADDRESS = "127.0.0.1";
    static final String PER_ADDRESS = "douaneMailsPerAddressPerHour";
    private static final ObjectMapper JSON = new ObjectMapper();

    final PortailproDatabase database;
    final MailServer mail;
    final String keycloakJdbcUrl;
    final Map<String, String> realmEnv;
    ClusterNode nodeA;
    ClusterNode nodeB;
    URI publicUrl;
    ResetFlowFixture onA;
    ResetFlowFixture onB;

    private TwoNodeCluster() throws Exception {
        // One PostgreSQL: the Portailpro directory in database "postgres", Keycloak in "keycloak".
        database = new PortailproDatabase(Ports.free());
        keycloakJdbcUrl = database.createDatabase("keycloak");
        mail = new MailServer(Ports.free());
        realmEnv = DouaneEnvironment.realmEnv(mail, database.jdbcUrl());
    }

    /** Builds, imports and starts both nodes; returns once each is ready and sees the other. */
    static TwoNodeCluster start() throws Exception {
        long t0 = System.currentTimeMillis();
        TwoNodeCluster cluster = new TwoNodeCluster();
        try {
            cluster.startNodes(t0);
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    private void startNodes(long t0) throws Exception {
        Map<String, String> serverEnv = new HashMap<>(realmEnv);
        serverEnv.put("KC_DB_URL", keycloakJdbcUrl);
        serverEnv.put("KC_DB_USERNAME", PortailproDatabase.USER);
        serverEnv.put("KC_DB_PASSWORD", PortailproDatabase.PASSWORD);

        Path dir = Paths.buildDir().resolve("cluster");
        Files.createDirectories(dir);
        Path homeA = dir.resolve("node-a");
        Path homeB = dir.resolve("node-b");
        ClusterNode.buildDistribution(homeA, dir);
        ClusterNode.linkDistribution(homeA, homeB);
        long built = System.currentTimeMillis();

        // The documented offline import, into the database both nodes will use. It creates the
        // master realm too, and the bootstrap admin is only created with the master realm: so here.
        KeycloakDistribution.kc(homeA, List.of("import", "--optimized",
                "--file=" + Paths.realmExport(), "--http-management-port=" + Ports.free()),
                serverEnv, "-Xms128m -Xmx512m", dir.resolve("keycloak-import.log"), Duration.ofMinutes(4));
        long imported = System.currentTimeMillis();

        publicUrl = URI.create("http://localhost:" + Ports.free());
        nodeA = new ClusterNode("a", homeA, dir);
        nodeB = new ClusterNode("b", homeB, dir);
        nodeA.start(publicUrl.toString(), "xforwarded", serverEnv);
        nodeB.start(publicUrl.toString(), null, serverEnv);
        nodeA.awaitReady();
        nodeB.awaitReady();
        nodeA.awaitClusterView(2, Duration.ofMinutes(2));
        nodeB.awaitClusterView(2, Duration.ofMinutes(2));
        long started = System.currentTimeMillis();
        System.out.printf("[douane-it] 2-node cluster ready in %d ms (build %d, kc.sh import %d, start %d); public URL %s, nodes %s and %s%n",
                started - t0, built - t0, imported - built, started - imported, publicUrl, nodeA.baseUrl(), nodeB.baseUrl());

        String realm = publicUrl + "/realms/douane";
        onA = new ResetFlowFixture(realm, nodeA.baseUrl() + "/realms/douane", new AdminApi(nodeA.baseUrl()), mail);
        onB = new ResetFlowFixture(realm, nodeB.baseUrl() + "/realms/douane", new AdminApi(nodeB.baseUrl()), mail);
    }

    /** Prints the end of both nodes' logs when a test of {@code cluster}'s class fails. */
    static TestWatcher logsOnFailure(Supplier<TwoNodeCluster> cluster) {
        return new TestWatcher() {
            @Override
            public void testFailed(ExtensionContext context, Throwable cause) {
                TwoNodeCluster c = cluster.get();
                if (c == null) {
                    return;
                }
                for (ClusterNode node : new ClusterNode[] {c.nodeA, c.nodeB}) {
                    if (node != null) {
                        System.err.println("==== " + context.getDisplayName() + " failed; end of node " + node.name()
                                + "'s log (" + node.log() + ") ====\n" + node.tail(120));
                    }
                }
            }
        };
    }

    /** The fixture whose back channel (admin API, token endpoint) is {@code node}. */
    ResetFlowFixture on(ClusterNode node) {
        return node == nodeA ? onA : onB;
    }

    /** A visitor whose requests go to {@code node}; {@link #moveTo} can move it later. */
    WebSession visitorOn(ClusterNode node) {
        return new WebSession(address()).routeTo(uri -> node.route(uri, publicUrl));
    }

    /** {@code visitor}'s next requests go to {@code node}, as a load balancer moves them. */
    WebSession moveTo(WebSession visitor, ClusterNode node) {
        return visitor.routeTo(uri -> node.route(uri, publicUrl));
    }

    /** Sets the per-address limit of the forgot-password step (through {@code node}); closing restores it. */
    AutoCloseable lowerPerAddressLimit(ClusterNode node, int limit) {
        AdminApi admin = new AdminApi(node.baseUrl());
        String configId = requestStepConfigId(admin);
        JsonNode current = admin.get("/admin/realms/douane/authentication/config/" + configId).json();
        Map<String, String> original = JSON.convertValue(current.get("config"), new TypeReference<>() { });
        Map<String, String> lowered = new HashMap<>(original);
        lowered.put(PER_ADDRESS, Integer.toString(limit));
        String alias = current.get("alias").asText();
        AdminApi.Response r = admin.put("/admin/realms/douane/authentication/config/" + configId,
                Map.of("id", configId, "alias", alias, "config", lowered));
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        return () -> admin.put("/admin/realms/douane/authentication/config/" + configId,
                Map.of("id", configId, "alias", alias, "config", original));
    }

    /** Waits (bounded) until {@code node} reads the per-address limit {@code limit} (realm caches are invalidated across the cluster). */
    void awaitPerAddressLimitOn(ClusterNode node, int limit) {
        AdminApi admin = new AdminApi(node.baseUrl());
        String configId = requestStepConfigId(admin);
        long deadline = System.currentTimeMillis() + 15_000;
        String seen = null;
        while (System.currentTimeMillis() < deadline) {
            seen = admin.get("/admin/realms/douane/authentication/config/" + configId).json().path("config").path(PER_ADDRESS).asText();
            if (Integer.toString(limit).equals(seen)) {
                return;
            }
            ResetFlowFixture.sleepQuietly(250);
        }
        throw new AssertionError("node " + node.name() + " still reads " + PER_ADDRESS + "=" + seen);
    }

    private static String requestStepConfigId(AdminApi admin) {
        for (JsonNode e : admin.get("/admin/realms/douane/authentication/flows/douane%20reset%20credentials/executions").json()) {
            if ("douane-reset-request".equals(e.path("providerId").asText())) {
                return e.get("authenticationConfig").asText();
            }
        }
        throw new AssertionError("no douane-reset-request execution");
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {nodeB, nodeA, mail, database}) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("[douane-it] cluster teardown: " + e);
            }
        }
    }
}
