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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.MailServer;
import fr.douane.keycloak.it.harness.PortailproDatabase;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * What the pack shares across a real two-node cluster ({@link TwoNodeCluster}): links asked for
 * on one node are completed, refused or counted the same way on the other, and the realm imported
 * with {@code kc.sh import} carries every setting to both. Node A reads X-Forwarded-* headers,
 * node B reads none: there every request counts against the test's own socket address.
 */
class TwoNodeClusterIT {

    private static final String LINK_USED = "Ce lien a déjà été utilisé ou a été remplacé par un lien plus récent.";
    private static final String LINK_INVALID = "Demandez un nouveau lien";
    private static final String CHANGED = "Votre mot de passe a été modifié";
    private static final String FORGED_HOST = "evil.example";
    private static final String SOCKET_ADDRESS = TwoNodeCluster.SOCKET_ADDRESS;

    private static TwoNodeCluster cluster;
    private static ClusterNode nodeA;
    private static ClusterNode nodeB;
    private static URI publicUrl;
    private static String keycloakJdbcUrl;
    private static Map<String, String> realmEnv;
    private static ResetFlowFixture onA;
    private static ResetFlowFixture onB;

    @RegisterExtension
    static final TestWatcher LOGS_ON_FAILURE = TwoNodeCluster.logsOnFailure(() -> cluster);

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TwoNodeCluster.start();
        nodeA = cluster.nodeA;
        nodeB = cluster.nodeB;
        publicUrl = cluster.publicUrl;
        keycloakJdbcUrl = cluster.keycloakJdbcUrl;
        realmEnv = cluster.realmEnv;
        onA = cluster.onA;
        onB = cluster.onB;
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static WebSession visitorOn(ClusterNode node) {
        return cluster.visitorOn(node);
    }

    private static WebSession moveTo(WebSession visitor, ClusterNode node) {
        return cluster.moveTo(visitor, node);
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
        try (AutoCloseable restore = cluster.lowerPerAddressLimit(nodeB, limit)) {
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
            cluster.awaitPerAddressLimitOn(nodeA, limit);
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
