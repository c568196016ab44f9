package fr.douane.keycloak.it.cluster;

import static fr.douane.keycloak.it.resetflow.ResetFlowFixture.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.KeycloakServer;
import fr.douane.keycloak.it.harness.MailServer;
import fr.douane.keycloak.it.harness.Paths;
import fr.douane.keycloak.it.harness.PortailproDatabase;
import fr.douane.keycloak.it.harness.Ports;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.harness.WebSession.Page;
import fr.douane.keycloak.it.install.RealmExportChecks;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture.Account;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The pack on a real two-node Keycloak 26.7.3 cluster: two copies of the Maven Central
 * distribution built for PostgreSQL, started with {@code start --optimized} on loopback against
 * one PostgreSQL, finding each other through it (jdbc-ping) and sharing Keycloak's Infinispan
 * caches. The realm is imported once, with {@code kc.sh import}, before either node starts.
 *
 * <p>Both nodes are configured with the same public hostname, as behind a load balancer; the
 * test plays that load balancer and sends each request to the node it names (see
 * {@link WebSession#routeTo}). Everything here has its own lifecycle: the shared single-node
 * servers of the other tests are not touched, and both nodes, the database and the SMTP server
 * stop at the end, also when a test or the start fails.</p>
 */
class TwoNodeClusterIT {

    private static final String LINK_USED = "Ce lien a déjà été utilisé ou a été remplacé par un lien plus récent.";
    private static final String LINK_INVALID = "Demandez un nouveau lien";
    private static final String CHANGED = "Votre mot de passe a été modifié";

    private static PortailproDatabase database;
    private static MailServer mail;
    private static ClusterNode nodeA;
    private static ClusterNode nodeB;
    private static URI publicUrl;
    private static Map<String, String> realmEnv;
    private static Map<String, String> serverEnv;
    private static ResetFlowFixture onA;
    private static ResetFlowFixture onB;

    @RegisterExtension
    static final TestWatcher LOGS_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            for (ClusterNode node : new ClusterNode[] {nodeA, nodeB}) {
                if (node != null) {
                    System.err.println("==== " + context.getDisplayName() + " failed; end of node " + node.name()
                            + "'s log (" + node.log() + ") ====\n" + node.tail(120));
                }
            }
        }
    };

    @BeforeAll
    static void startCluster() throws Exception {
        long t0 = System.currentTimeMillis();
        // One PostgreSQL: the Portailpro directory in database "postgres", Keycloak in "keycloak".
        database = new PortailproDatabase(Ports.free());
        database.execute("CREATE DATABASE keycloak");
        mail = new MailServer(Ports.free());
        realmEnv = DouaneEnvironment.realmEnv(mail, database.jdbcUrl());
        serverEnv = new HashMap<>(realmEnv);
        serverEnv.put("KC_DB_URL", keycloakJdbcUrl());
        serverEnv.put("KC_DB_USERNAME", PortailproDatabase.USER);
        serverEnv.put("KC_DB_PASSWORD", PortailproDatabase.PASSWORD);

        Path dir = Paths.buildDir().resolve("cluster");
        Files.createDirectories(dir);
        Path homeA = dir.resolve("node-a");
        Path homeB = dir.resolve("node-b");
        ClusterNode.buildDistribution(Paths.keycloakDist(), homeA, Paths.packJar(), dir);
        ClusterNode.linkDistribution(homeA, homeB);
        long built = System.currentTimeMillis();

        // The documented offline import, into the database both nodes will use. It creates the
        // master realm too, and the bootstrap admin is only created with the master realm: so here.
        Map<String, String> importEnv = new HashMap<>(serverEnv);
        importEnv.put("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakServer.ADMIN_USER);
        importEnv.put("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD);
        ClusterNode.run(List.of(homeA.resolve("bin/kc.sh").toString(), "import", "--optimized",
                "--file=" + Paths.realmExport(), "--http-management-port=" + Ports.free()),
                homeA, importEnv, dir.resolve("keycloak-import.log"), Duration.ofMinutes(4));
        long imported = System.currentTimeMillis();

        publicUrl = URI.create("http://localhost:" + Ports.free());
        nodeA = new ClusterNode("a", homeA, dir);
        nodeB = new ClusterNode("b", homeB, dir);
        nodeA.start(publicUrl.toString(), serverEnv);
        nodeB.start(publicUrl.toString(), serverEnv);
        nodeA.awaitReady(Duration.ofMinutes(5));
        nodeB.awaitReady(Duration.ofMinutes(5));
        nodeA.awaitClusterView(2, Duration.ofMinutes(2));
        nodeB.awaitClusterView(2, Duration.ofMinutes(2));
        long started = System.currentTimeMillis();
        System.out.printf("[douane-it] 2-node cluster ready in %d ms (build %d, kc.sh import %d, start %d); public URL %s, nodes %s and %s%n",
                started - t0, built - t0, imported - built, started - imported, publicUrl, nodeA.baseUrl(), nodeB.baseUrl());

        String realm = publicUrl + "/realms/douane";
        onA = new ResetFlowFixture(realm, nodeA.baseUrl() + "/realms/douane", new AdminApi(nodeA.baseUrl()), mail);
        onB = new ResetFlowFixture(realm, nodeB.baseUrl() + "/realms/douane", new AdminApi(nodeB.baseUrl()), mail);
    }

    @AfterAll
    static void stopCluster() {
        List<AutoCloseable> all = new ArrayList<>();
        all.add(nodeB);
        all.add(nodeA);
        all.add(mail);
        all.add(database);
        for (AutoCloseable c : all) {
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

    private static String keycloakJdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + database.port() + "/keycloak";
    }

    /** A visitor whose requests go to {@code node}; {@link WebSession#routeTo} can move it later. */
    private static WebSession visitorOn(ClusterNode node) {
        return new WebSession(address()).routeTo(uri -> node.route(uri, publicUrl));
    }

    private static WebSession moveTo(WebSession visitor, ClusterNode node) {
        return visitor.routeTo(uri -> node.route(uri, publicUrl));
    }

    @Test
    void theTwoNodesFoundEachOtherThroughTheSharedDatabase() throws Exception {
        assertThat(nodeA.clusterSize()).isEqualTo(2);
        assertThat(nodeB.clusterSize()).isEqualTo(2);
        // jdbc-ping: each member registers its address in the JGROUPS_PING table of Keycloak's database.
        try (Connection c = DriverManager.getConnection(keycloakJdbcUrl(), PortailproDatabase.USER, PortailproDatabase.PASSWORD);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select ip from jgroups_ping")) {
            List<String> members = new ArrayList<>();
            while (rs.next()) {
                members.add(rs.getString(1));
            }
            assertThat(members).containsExactlyInAnyOrder("127.0.0.1:" + nodeA.jgroupsPort(), "127.0.0.1:" + nodeB.jgroupsPort());
        }
    }

    /** kc.sh import (offline, before any node ran) brought every setting; node B reads them. */
    @Test
    void theRealmImportedWithKcShImportCarriesEverySettingOnBothNodes() {
        new RealmExportChecks(new AdminApi(nodeB.baseUrl()), realmEnv).assertAll();
        new RealmExportChecks(new AdminApi(nodeA.baseUrl()), realmEnv).resetFlow();
    }

    @Test
    void aLinkAskedForOnNodeAIsCompletedOnNodeB() {
        Account account = onA.localAccount("cluster-a-to-b");
        WebSession visitor = visitorOn(nodeA);
        String link = onA.link(visitor, account);
        assertThat(link).startsWith(publicUrl + "/realms/douane/login-actions/action-token?");

        // The same browser, now sent to node B by the load balancer: its authentication session,
        // created on A, and the link's state are found there.
        moveTo(visitor, nodeB);
        Page form = visitor.get(link);
        assertThat(form.status()).as(form.body()).isEqualTo(200);
        assertThat(form.uri().getPort()).isEqualTo(nodeB.httpPort());
        Page done = onB.setPassword(visitor, form, account.username(), "Grappe-2026!pass", "Grappe-2026!pass");
        assertThat(done.text()).contains(CHANGED);

        assertThat(onB.passwordWorks(account.username(), "Grappe-2026!pass")).isTrue();
        assertThat(onA.passwordWorks(account.username(), "Grappe-2026!pass")).isTrue();
        assertThat(onA.passwordWorks(account.username(), account.password())).isFalse();
    }

    @Test
    void aLinkUsedOnNodeAIsRefusedOnNodeB() {
        Account account = onA.localAccount("cluster-used");
        String link = onB.link(visitorOn(nodeB), account);

        // Someone opens the link on B and keeps the form; the link is then used on A.
        WebSession onNodeB = visitorOn(nodeB);
        Page formOnB = onNodeB.get(link);
        assertThat(formOnB.status()).isEqualTo(200);
        WebSession onNodeA = visitorOn(nodeA);
        Page done = onA.setPassword(onNodeA, onNodeA.get(link), account.username(), "Premier-2026!pass", "Premier-2026!pass");
        assertThat(done.text()).contains(CHANGED);

        // The form kept on B can no longer change the password...
        Page late = onB.setPassword(onNodeB, formOnB, account.username(), "Second-2026!pass", "Second-2026!pass");
        assertThat(late.status()).isEqualTo(400);
        assertThat(late.text()).contains(LINK_USED);
        // ...and the link opened afresh on B is refused with the localized page, not an error.
        Page reopened = visitorOn(nodeB).get(link);
        assertThat(reopened.status()).isEqualTo(400);
        assertThat(reopened.text()).contains(LINK_USED);
        assertThat(onB.passwordWorks(account.username(), "Premier-2026!pass")).isTrue();
        assertThat(onB.passwordWorks(account.username(), "Second-2026!pass")).isFalse();
    }

    @Test
    void thePerAccountLimitHoldsAcrossBothNodes() {
        Account account = onA.localAccount("cluster-limit");
        ClusterNode[] nodes = {nodeA, nodeB, nodeA, nodeB, nodeA};
        for (ClusterNode node : nodes) {
            Page sent = (node == nodeA ? onA : onB).requestReset(visitorOn(node), "username", account.username());
            assertThat(sent.document().getElementById("douane-reset-sent-title")).isNotNull();
        }
        onA.awaitMail(account.email(), 2);
        // The two refused requests are recorded (whichever node refused them) ...
        assertThat(onA.awaitEvent("SEND_RESET_PASSWORD_ERROR", account.id(), "rate_limited_account")).isTrue();
        // ... and no mail beyond the limit of 3 left either node.
        ResetFlowFixture.sleepQuietly(2_000);
        assertThat(onA.mails(account.email())).isEqualTo(3);
    }

    @Test
    void onlyTheNewestLinkWorksWhicheverNodeIssuedIt() {
        Account account = onA.localAccount("cluster-newest");
        String older = onA.link(visitorOn(nodeA), account);
        String newer = onB.link(visitorOn(nodeB), account);
        assertThat(newer).isNotEqualTo(older);

        for (ClusterNode node : new ClusterNode[] {nodeA, nodeB}) {
            Page superseded = visitorOn(node).get(older);
            assertThat(superseded.status()).as("older link on node " + node.name()).isEqualTo(400);
            assertThat(superseded.text()).contains(LINK_INVALID);
        }
        WebSession holder = visitorOn(nodeA);
        Page form = holder.get(newer);
        assertThat(form.status()).isEqualTo(200);
        moveTo(holder, nodeB);
        Page done = onB.setPassword(holder, form, account.username(), "Dernier-2026!pass", "Dernier-2026!pass");
        assertThat(done.text()).contains(CHANGED);
        assertThat(onA.passwordWorks(account.username(), "Dernier-2026!pass")).isTrue();
    }
}
