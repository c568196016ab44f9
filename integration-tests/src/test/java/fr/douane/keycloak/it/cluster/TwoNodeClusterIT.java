package fr.douane.keycloak.it.cluster;

import static fr.douane.keycloak.it.resetflow.ResetFlowFixture.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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
import fr.douane.keycloak.it.harness.WebSession.Page;
import fr.douane.keycloak.it.install.RealmExportChecks;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture.Account;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.nodes.Element;
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
 * {@link WebSession#routeTo}). Node A reads X-Forwarded-* headers ({@code --proxy-headers=xforwarded},
 * as behind a proxy); node B reads none (the default, as when clients connect directly): there
 * every request counts against the test's own socket address, 127.0.0.1, whatever
 * X-Forwarded-For a visitor sends. Everything here has its own lifecycle: the shared single-node
 * servers of the other tests are not touched, and both nodes, the database and the SMTP server
 * stop at the end, also when a test or the start fails.</p>
 */
class TwoNodeClusterIT {

    private static final String LINK_USED = "Ce lien a déjà été utilisé ou a été remplacé par un lien plus récent.";
    private static final String LINK_INVALID = "Demandez un nouveau lien";
    private static final String CHANGED = "Votre mot de passe a été modifié";
    private static final String FORGED_HOST = "evil.example";
    /** Node B's only view of every client of this test: the socket address (it binds 127.0.0.1). */
    private static final String SOCKET_ADDRESS = "127.0.0.1";
    private static final String PER_ADDRESS = "douaneMailsPerAddressPerHour";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PortailproDatabase database;
    private static MailServer mail;
    private static ClusterNode nodeA;
    private static ClusterNode nodeB;
    private static URI publicUrl;
    private static String keycloakJdbcUrl;
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
        keycloakJdbcUrl = database.createDatabase("keycloak");
        mail = new MailServer(Ports.free());
        realmEnv = DouaneEnvironment.realmEnv(mail, database.jdbcUrl());
        serverEnv = new HashMap<>(realmEnv);
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
        try (Connection c = DriverManager.getConnection(keycloakJdbcUrl, PortailproDatabase.USER, PortailproDatabase.PASSWORD);
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

    /**
     * Node B reads no proxy header, so the address a client writes into X-Forwarded-For or
     * Forwarded is not its address. With the per-address limit lowered to 3, five requests from
     * this test's one socket, each for a fresh account and each claiming other addresses, mail at
     * most 3 links, and every request is recorded against 127.0.0.1. The same five requests on
     * node A (which reads X-Forwarded-For, as behind a proxy), passed on as by a proxy that appends
     * the address it saw instead of overwriting the header, count as five addresses, the claimed
     * ones, and all mail: the proxy setup, not the limit, makes the difference.
     */
    @Test
    void withoutProxyHeadersAForgedClientAddressDoesNotEscapeThePerAddressLimit() throws Exception {
        int limit = 3;
        int requests = limit + 2;
        try (AutoCloseable restore = lowerPerAddressLimit(limit)) {
            List<Claim> onNodeB = null;
            long from = 0;
            // The limit counts per clock hour: a burst across the hour would get two budgets.
            for (int attempt = 0; attempt < 2 && onNodeB == null; attempt++) {
                from = System.currentTimeMillis();
                List<Claim> claims = forgedRequests(nodeB, onB, "xff-b", requests, "");
                awaitOutcomes(claims, from);
                if (hour(from) == hour(System.currentTimeMillis())) {
                    onNodeB = claims;
                }
            }
            assertThat(onNodeB).as("two bursts straddled an hour boundary").isNotNull();

            List<Claim> mailed = onNodeB.stream().filter(c -> onB.mails(c.account().email()) > 0).toList();
            List<Map<String, Object>> refused = addressLimited(from);
            assertThat(mailed).as("links mailed to 5 fresh accounts from one socket, limit 3").hasSizeLessThanOrEqualTo(limit);
            assertThat(refused).as("requests refused for their address").hasSizeGreaterThanOrEqualTo(requests - limit);
            assertThat(refused.stream().map(e -> e.get("ipAddress")).toList()).containsOnly(SOCKET_ADDRESS);
            for (Claim c : mailed) {
                assertThat(sentEvent(c.account()).get("ipAddress")).isEqualTo(SOCKET_ADDRESS);
            }

            // Control: node A reads X-Forwarded-For and takes its first entry, so behind a proxy
            // that appends, each claimed address has its own budget.
            awaitPerAddressLimitOn(new AdminApi(nodeA.baseUrl()), limit);
            for (Claim c : forgedRequests(nodeA, onA, "xff-a", requests, ", " + SOCKET_ADDRESS)) {
                onA.awaitMail(c.account().email(), 0);
                assertThat(sentEvent(c.account()).get("ipAddress")).isEqualTo(c.forwardedFor());
            }
        }
    }

    /**
     * Whatever host a request names (Host, X-Forwarded-Host, Forwarded), every URL Keycloak
     * writes, in the pages, their forms and the link mailed to the account's owner, starts with the
     * configured {@code --hostname}: on node A, which reads proxy headers, and on node B, which
     * reads none.
     */
    @Test
    void theLinkAndThePagesUseTheConfiguredHostnameWhateverHostTheRequestNames() throws IOException {
        assertThat(requestHeadSentBy(forgingHost(null))).contains("Host: " + FORGED_HOST);

        for (ClusterNode node : new ClusterNode[] {nodeA, nodeB}) {
            ResetFlowFixture fx = node == nodeA ? onA : onB;
            Account account = fx.localAccount("forged-host-" + node.name());
            WebSession visitor = forgingHost(node);

            Page login = fx.loginPage(visitor);
            assertOnlyThePublicHost(login, node);
            Page forgot = visitor.get(login.document().getElementById("douane-forgot-password").absUrl("href"));
            assertOnlyThePublicHost(forgot, node);
            Page sent = visitor.submit(forgot, "douane-reset-request-form",
                    Map.of("douane-reset-mode", "username", "identifier", account.username()));
            assertThat(sent.document().getElementById("douane-reset-sent-title")).as(sent.body()).isNotNull();
            assertOnlyThePublicHost(sent, node);

            MimeMessage mail = fx.awaitMail(account.email(), 0);
            String body = MailServer.body(mail).replace("=\r\n", "").replace("=\n", "");
            assertThat(body).as("mail sent through node " + node.name()).doesNotContainIgnoringCase(FORGED_HOST);
            String link = MailServer.resetLink(mail).orElseThrow(() -> new AssertionError("no link in\n" + body));
            assertThat(link).startsWith(publicUrl + "/realms/douane/login-actions/action-token?");

            Page form = visitor.get(link);
            assertOnlyThePublicHost(form, node);
            form.form("douane-reset-password-form");
        }
    }

    /** One forgot-password request: the account it names and the addresses its visitor claimed. */
    private record Claim(Account account, String forwardedFor, String forwarded) {
    }

    /**
     * {@code n} forgot-password requests sent to {@code node}, each for a fresh account and each
     * claiming two new addresses, one in X-Forwarded-For (followed by {@code appended}, what a
     * proxy that appends adds) and one in Forwarded.
     */
    private static List<Claim> forgedRequests(ClusterNode node, ResetFlowFixture fx, String prefix, int n, String appended) {
        List<Claim> claims = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            claims.add(new Claim(fx.localAccount(prefix), address(), address()));
        }
        for (Claim c : claims) {
            WebSession visitor = WebSession.forging(c.forwardedFor() + appended, Map.of("Forwarded", "for=" + c.forwarded()))
                    .routeTo(uri -> node.route(uri, publicUrl));
            Page sent = fx.requestReset(visitor, "username", c.account().username());
            assertThat(sent.document().getElementById("douane-reset-sent-title")).as(sent.body()).isNotNull();
        }
        return claims;
    }

    /**
     * Waits (bounded) until each request has either mailed its account or been recorded as refused
     * for its address: the account-dependent work runs after the response.
     */
    private static void awaitOutcomes(List<Claim> claims, long from) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            long mailed = claims.stream().filter(c -> onB.mails(c.account().email()) > 0).count();
            if (mailed + addressLimited(from).size() >= claims.size()) {
                return;
            }
            ResetFlowFixture.sleepQuietly(250);
        }
    }

    private static long hour(long epochMillis) {
        return epochMillis / 3_600_000L;
    }

    /** Events since {@code from} (server and test share the clock) of requests refused for their address. */
    private static List<Map<String, Object>> addressLimited(long from) {
        AdminApi admin = new AdminApi(nodeA.baseUrl());
        List<Map<String, Object>> found = new ArrayList<>();
        for (String type : new String[] {"SEND_RESET_PASSWORD_ERROR", "SEND_RESET_PASSWORD"}) {
            for (Map<String, Object> e : admin.events(type)) {
                if (((Number) e.get("time")).longValue() >= from
                        && e.get("details") instanceof Map<?, ?> d && "rate_limited_address".equals(d.get("douane_outcome"))) {
                    found.add(e);
                }
            }
        }
        return found;
    }

    /** The event recording the reset mail sent to {@code account}, waited for (bounded). */
    private static Map<String, Object> sentEvent(Account account) {
        AdminApi admin = new AdminApi(nodeA.baseUrl());
        long deadline = System.currentTimeMillis() + 15_000;
        while (true) {
            Optional<Map<String, Object>> sent = admin.events("SEND_RESET_PASSWORD").stream()
                    .filter(e -> account.id().equals(e.get("userId")))
                    .findFirst();
            if (sent.isPresent()) {
                return sent.get();
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no SEND_RESET_PASSWORD event for " + account.username());
            }
            ResetFlowFixture.sleepQuietly(250);
        }
    }

    /** Sets the per-address limit of the forgot-password step (through node B); closing restores it. */
    private static AutoCloseable lowerPerAddressLimit(int limit) {
        AdminApi admin = new AdminApi(nodeB.baseUrl());
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

    /** Waits (bounded) until {@code admin}'s node reads the lowered limit (realm caches are invalidated across the cluster). */
    private static void awaitPerAddressLimitOn(AdminApi admin, int limit) {
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
        throw new AssertionError("node A still reads " + PER_ADDRESS + "=" + seen);
    }

    private static String requestStepConfigId(AdminApi admin) {
        for (JsonNode e : admin.get("/admin/realms/douane/authentication/flows/douane%20reset%20credentials/executions").json()) {
            if ("douane-reset-request".equals(e.path("providerId").asText())) {
                return e.get("authenticationConfig").asText();
            }
        }
        throw new AssertionError("no douane-reset-request execution");
    }

    /** A visitor naming another host than the public one in every header a host can come from. */
    private static WebSession forgingHost(ClusterNode node) {
        WebSession visitor = WebSession.forging(address(), Map.of(
                "Host", FORGED_HOST,
                "X-Forwarded-Host", FORGED_HOST,
                "Forwarded", "host=" + FORGED_HOST + ";proto=https"));
        return node == null ? visitor : visitor.routeTo(uri -> node.route(uri, publicUrl));
    }

    private static void assertOnlyThePublicHost(Page page, ClusterNode node) {
        assertThat(page.status()).as(page.uri() + "\n" + page.body()).isEqualTo(200);
        assertThat(page.body()).as("page " + page.uri().getPath() + " from node " + node.name()).doesNotContainIgnoringCase(FORGED_HOST);
        for (Element form : page.document().select("form[action]")) {
            assertThat(form.attr("action")).as("form #" + form.id() + " on " + page.uri().getPath()).startsWith(publicUrl + "/");
        }
    }

    /**
     * The request head {@code visitor} puts on the wire, caught by a one-shot local listener: proof
     * that the forged Host header leaves the client (the JDK would otherwise send the URL's).
     */
    private static List<String> requestHeadSentBy(WebSession visitor) throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(10_000);
            CompletableFuture<List<String>> head = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = listener.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
                    List<String> lines = new ArrayList<>();
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        lines.add(line);
                    }
                    socket.getOutputStream().write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    return lines;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            visitor.get("http://127.0.0.1:" + listener.getLocalPort() + "/");
            return head.join();
        }
    }
}
