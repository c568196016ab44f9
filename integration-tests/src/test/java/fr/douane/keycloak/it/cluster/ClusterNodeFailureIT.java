package fr.douane.keycloak.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.TestClient;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.harness.WebSession.Page;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture.Account;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Nodes of a real two-node cluster ({@link TwoNodeCluster}, Keycloak's distributed caches as
 * shipped) killed and restarted while people are in the middle of the procedure. Keycloak 26.7.3
 * keeps the store the pack writes to ({@code actionTokens}, with the authentication sessions) in
 * distributed caches with at least two owners: with two nodes every entry lives on both.
 *
 * <p>One story, in order. Before the tests, on node A: a person asks for a link; another opens
 * theirs and types a wrong identifiant once; an account gets its three mails of the hour; three
 * requests come from one address under a per-address limit of three. Node A is then killed
 * (SIGKILL to its JVM: no shutdown, no goodbye to the cluster), and the tests run on node B: the
 * first person completes the procedure there, the second person's link dies after the mismatches
 * left, the account and the address get nothing more. Node A then starts again with the same
 * configuration, and the used links stay refused on both nodes. Last, a rolling restart (A
 * stopped and started, then B killed and started, each waited for as a readiness probe would)
 * while three procedures are in progress, one of them after a refused submission: all three
 * complete afterwards.</p>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterNodeFailureIT {

    private static final String LINK_USED = "Ce lien a déjà été utilisé ou a été remplacé par un lien plus récent.";
    private static final String CHANGED = "Votre mot de passe a été modifié";
    private static final String WRONG_IDENTIFIANT = "quelqu-un-d-autre";
    /** {@code douaneMaxIdentifierMismatches} of the realm export: the link dies at the fifth wrong identifiant. */
    private static final int MISMATCHES = 5;
    /** {@code douaneMailsPerAccountPerHour} of the realm export. */
    private static final int PER_ACCOUNT = 3;
    /** The per-address limit set for this test. */
    private static final int PER_ADDRESS = 3;
    /** {@code douaneMailsPerAddressPerHour} of the realm export. */
    private static final int REALM_PER_ADDRESS = 20;
    /** Longest time from the first request counted to the last check of a count: the counts are per clock hour. */
    private static final Duration COUNTED_WITHIN = Duration.ofMinutes(6);

    private static TwoNodeCluster cluster;
    private static ClusterNode nodeA;
    private static ClusterNode nodeB;
    private static ResetFlowFixture onA;
    private static ResetFlowFixture onB;

    /** What was in progress on node A when it was killed. */
    private static Account asked;
    private static WebSession askedVisitor;
    private static String askedLink;
    private static Account mistyped;
    private static WebSession mistypedVisitor;
    private static String mistypedLink;
    private static Page mistypedPage;
    private static Account limitedAccount;
    private static AutoCloseable perAddressRestore;
    private static long killedAt;

    @RegisterExtension
    static final TestWatcher LOGS_ON_FAILURE = TwoNodeCluster.logsOnFailure(() -> cluster);

    @BeforeAll
    static void startTheClusterAndKillNodeAMidProcedure() throws Exception {
        cluster = TwoNodeCluster.start();
        nodeA = cluster.nodeA;
        nodeB = cluster.nodeB;
        onA = cluster.onA;
        onB = cluster.onB;
        awaitTheSameClockHourFor(COUNTED_WITHIN);

        // A person asks for a link on A; the mail is out.
        asked = onA.localAccount("kill-asked");
        askedVisitor = cluster.visitorOn(nodeA);
        askedLink = onA.link(askedVisitor, asked);

        // Another opens theirs on A and types someone else's identifiant: refused once.
        mistyped = onA.localAccount("kill-mistyped");
        mistypedVisitor = cluster.visitorOn(nodeA);
        mistypedLink = onA.link(mistypedVisitor, mistyped);
        Page form = mistypedVisitor.get(mistypedLink);
        assertThat(form.status()).as(form.body()).isEqualTo(200);
        mistypedPage = onA.setPassword(mistypedVisitor, form, WRONG_IDENTIFIANT, "Erreur-2026!pass", "Erreur-2026!pass");
        assertMismatchRefused(mistypedPage, 1);

        // An account gets every mail of its hour, each asked for from another address.
        limitedAccount = onA.localAccount("kill-limited");
        for (int i = 0; i < PER_ACCOUNT; i++) {
            onA.requestReset(cluster.visitorOn(nodeA), "username", limitedAccount.username());
        }
        onA.awaitMail(limitedAccount.email(), PER_ACCOUNT - 1);

        // One address, the one node B sees for every client of this test, uses its hour on A
        // (A reads X-Forwarded-For), under a limit lowered through B and read by both nodes.
        perAddressRestore = cluster.lowerPerAddressLimit(nodeB, PER_ADDRESS);
        cluster.awaitPerAddressLimitOn(nodeA, PER_ADDRESS);
        for (int i = 0; i < PER_ADDRESS; i++) {
            Account fresh = onA.localAccount("kill-address");
            WebSession fromSocketAddress = new WebSession(TwoNodeCluster.SOCKET_ADDRESS).routeTo(uri -> nodeA.route(uri, cluster.publicUrl));
            onA.requestReset(fromSocketAddress, "username", fresh.username());
            onA.awaitMail(fresh.email(), 0);
        }

        nodeA.kill();
        killedAt = System.currentTimeMillis();
        assertThat(nodeA.listening()).as("node A after SIGKILL").isFalse();
        System.out.println("[douane-it] node A killed (SIGKILL to its JVM)");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aLinkAskedForOnNodeAIsCompletedOnNodeBAfterNodeAWasKilled() {
        // The same browser, sent to B by the load balancer now that A is gone.
        cluster.moveTo(askedVisitor, nodeB);
        Page form = askedVisitor.get(askedLink);
        assertThat(form.status()).as(form.body()).isEqualTo(200);
        assertThat(form.uri().getPort()).isEqualTo(nodeB.httpPort());
        String password = "Survie-2026!pass";
        Page done = onB.setPassword(askedVisitor, form, asked.username(), password, password);
        assertThat(done.text()).as(done.body()).contains(CHANGED);

        Page loggedIn = askedVisitor.submit(done, "kc-form-login", Map.of("username", asked.username(), "password", password));
        assertThat(loggedIn.uri().toString()).as("back at the client with a code").startsWith(TestClient.REDIRECT).contains("code=");
        assertThat(onB.passwordWorks(asked.username(), password)).isTrue();
        assertThat(onB.passwordWorks(asked.username(), asked.password())).isFalse();
    }

    @Test
    @Order(2)
    void aWrongIdentifiantTypedOnNodeABeforeItWasKilledStillCounts() {
        cluster.moveTo(mistypedVisitor, nodeB);
        Page page = mistypedPage;
        // Mismatches 2 to 4 on B: the form comes back each time.
        for (int count = 2; count < MISMATCHES; count++) {
            page = onB.setPassword(mistypedVisitor, page, WRONG_IDENTIFIANT, "Erreur-2026!pass", "Erreur-2026!pass");
            assertMismatchRefused(page, count);
        }
        // The fifth, counting the one made on A, kills the link: without it the form would come back.
        Page dead = onB.setPassword(mistypedVisitor, page, WRONG_IDENTIFIANT, "Erreur-2026!pass", "Erreur-2026!pass");
        assertThat(dead.status()).as(dead.body()).isEqualTo(400);
        assertThat(dead.text()).contains(LINK_USED);

        Page reopened = cluster.visitorOn(nodeB).get(mistypedLink);
        assertThat(reopened.status()).isEqualTo(400);
        assertThat(reopened.text()).contains(LINK_USED);
        assertThat(onB.passwordWorks(mistyped.username(), mistyped.password())).isTrue();
    }

    @Test
    @Order(3)
    void thePerAddressAndPerAccountCountsOfNodeAOutliveIt() throws Exception {
        try (AutoCloseable restore = perAddressRestore) {
            // The address's three requests of the hour were counted on A: B refuses a fourth,
            // for an account that has had no mail at all.
            Account fresh = onB.localAccount("kill-address-after");
            Page sent = onB.requestReset(cluster.visitorOn(nodeB), "username", fresh.username());
            assertThat(sent.document().getElementById("douane-reset-sent-title")).as(sent.body()).isNotNull();
            assertThat(awaitOutcomeSinceTheKill(null, TwoNodeCluster.SOCKET_ADDRESS, "rate_limited_address"))
                    .as("request refused for its address on B").isTrue();
            ResetFlowFixture.sleepQuietly(2_000);
            assertThat(onB.mails(fresh.email())).isZero();
        }
        // The address gets its usual budget back (it has used 4 of 20 this hour), so that the
        // next request is judged by its account only.
        cluster.awaitPerAddressLimitOn(nodeB, REALM_PER_ADDRESS);

        // The account's three mails of the hour went out through A: B sends no fourth.
        Page sent = onB.requestReset(cluster.visitorOn(nodeB), "username", limitedAccount.username());
        assertThat(sent.document().getElementById("douane-reset-sent-title")).as(sent.body()).isNotNull();
        assertThat(awaitOutcomeSinceTheKill(limitedAccount.id(), null, "rate_limited_account"))
                .as("request refused for its account on B").isTrue();
        ResetFlowFixture.sleepQuietly(2_000);
        assertThat(onB.mails(limitedAccount.email())).isEqualTo(PER_ACCOUNT);
    }

    @Test
    @Order(4)
    void nodeARestartedRefusesTheUsedLinksAsNodeBDoes() {
        nodeB.awaitClusterView(1, Duration.ofMinutes(2));
        long t0 = System.currentTimeMillis();
        nodeA.restart();
        nodeA.awaitReady();
        nodeA.awaitClusterView(2, Duration.ofMinutes(2));
        nodeB.awaitClusterView(2, Duration.ofMinutes(2));
        System.out.printf("[douane-it] node A back in the cluster %d ms after its restart%n", System.currentTimeMillis() - t0);

        for (ClusterNode node : new ClusterNode[] {nodeA, nodeB}) {
            for (String link : new String[] {askedLink, mistypedLink}) {
                Page page = cluster.visitorOn(node).get(link);
                assertThat(page.status()).as("used link on node " + node.name()).isEqualTo(400);
                assertThat(page.text()).contains(LINK_USED);
            }
        }
        assertThat(onA.passwordWorks(asked.username(), "Survie-2026!pass")).isTrue();
    }

    @Test
    @Order(5)
    void aRollingRestartLosesNoProcedureInProgress() {
        List<Account> people = new ArrayList<>();
        List<String> links = new ArrayList<>();
        ClusterNode[] askedOn = {nodeA, nodeB, nodeA};
        for (ClusterNode node : askedOn) {
            Account account = onA.localAccount("rolling");
            people.add(account);
            links.add(cluster.on(node).link(cluster.visitorOn(node), account));
        }
        // The third person opens the link on B and types a wrong identifiant: the form comes back.
        WebSession halfDone = cluster.visitorOn(nodeB);
        Page form = halfDone.get(links.get(2));
        assertThat(form.status()).as(form.body()).isEqualTo(200);
        Page refused = onB.setPassword(halfDone, form, WRONG_IDENTIFIANT, "Erreur-2026!pass", "Erreur-2026!pass");
        assertMismatchRefused(refused, 1);

        // A: stopped as an orchestrator stops a pod (SIGTERM), started, ready; then B killed, started, ready.
        long t0 = System.currentTimeMillis();
        nodeA.stop();
        nodeA.restart();
        nodeA.awaitReady();
        long aReady = System.currentTimeMillis();
        String aAtReady = stateAtReady(nodeA);
        nodeB.kill();
        assertThat(nodeB.listening()).as("node B after SIGKILL").isFalse();
        nodeB.restart();
        nodeB.awaitReady();
        long bReady = System.currentTimeMillis();
        String bAtReady = stateAtReady(nodeB);
        System.out.printf("[douane-it] rolling restart: A ready after %d ms (%s), B ready after %d ms more (%s)%n",
                aReady - t0, aAtReady, bReady - aReady, bAtReady);

        ClusterNode[] completedOn = {nodeA, nodeB, nodeA};
        for (int i = 0; i < 2; i++) {
            ClusterNode node = completedOn[i];
            WebSession visitor = cluster.visitorOn(node);
            Page opened = visitor.get(links.get(i));
            assertThat(opened.status()).as("link %d opened on node %s%n%s", i + 1, node.name(), opened.body()).isEqualTo(200);
            String password = "Roulement-2026!p" + i;
            Page done = cluster.on(node).setPassword(visitor, opened, people.get(i).username(), password, password);
            assertThat(done.text()).as(done.body()).contains(CHANGED);
        }
        // The third person submits the form kept open through both restarts, now to A.
        cluster.moveTo(halfDone, nodeA);
        Page done = onA.setPassword(halfDone, refused, people.get(2).username(), "Roulement-2026!p2", "Roulement-2026!p2");
        assertThat(done.text()).as(done.body()).contains(CHANGED);

        for (int i = 0; i < 3; i++) {
            assertThat(onA.passwordWorks(people.get(i).username(), "Roulement-2026!p" + i)).as("person %d on A", i + 1).isTrue();
            assertThat(onB.passwordWorks(people.get(i).username(), "Roulement-2026!p" + i)).as("person %d on B", i + 1).isTrue();
        }
    }

    /** What a node had done when it first answered ready: its cluster view, the state transfers it had finished. */
    private static String stateAtReady(ClusterNode node) {
        return "view of " + node.clusterSize() + ", actionTokens rebalanced: " + node.rebalanced("actionTokens")
                + ", authenticationSessions rebalanced: " + node.rebalanced("authenticationSessions");
    }

    /** The form again, with the identifiant error: the link lives on after mismatch {@code count}. */
    private static void assertMismatchRefused(Page page, int count) {
        assertThat(page.status()).as("mismatch %d%n%s", count, page.body()).isEqualTo(200);
        page.form("douane-reset-password-form");
        assertThat(page.document().getElementById("username-error")).as("mismatch %d", count).isNotNull();
    }

    /**
     * Waits (bounded) for a forgot-password request refused since node A was killed, for
     * {@code userId} or from {@code ipAddress}, with {@code outcome}; events are in the database.
     */
    private static boolean awaitOutcomeSinceTheKill(String userId, String ipAddress, String outcome) {
        AdminApi admin = new AdminApi(nodeB.baseUrl());
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            for (Map<String, Object> e : admin.events("SEND_RESET_PASSWORD_ERROR")) {
                if (((Number) e.get("time")).longValue() >= killedAt
                        && (userId == null || userId.equals(e.get("userId")))
                        && (ipAddress == null || ipAddress.equals(e.get("ipAddress")))
                        && e.get("details") instanceof Map<?, ?> d && outcome.equals(d.get("douane_outcome"))) {
                    return true;
                }
            }
            ResetFlowFixture.sleepQuietly(250);
        }
        return false;
    }

    /**
     * The per-account and per-address counts start afresh at each clock hour: waits for the next
     * hour when less than {@code needed} is left of this one, so that every request of the story
     * counts in one hour.
     */
    private static void awaitTheSameClockHourFor(Duration needed) {
        long left = 3_600_000L - System.currentTimeMillis() % 3_600_000L;
        if (left < needed.toMillis()) {
            System.out.printf("[douane-it] waiting %d s for the next clock hour%n", left / 1000 + 2);
            ResetFlowFixture.sleepQuietly(left + 2_000);
        }
    }
}
