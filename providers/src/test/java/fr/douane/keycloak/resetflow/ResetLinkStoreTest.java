package fr.douane.keycloak.resetflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.SingleUseObjectProvider;

/**
 * The reset flow's state as two cluster nodes see it. {@link ClusterStore} stands for Keycloak's
 * {@code actionTokens} cache (one map every node reads and writes synchronously); each node's
 * {@link NodeStore} behaves like Keycloak 26.7's {@code InfinispanSingleUseObjectProvider}:
 * {@code put} is applied when the session's transaction commits, every other operation at once.
 * The real two-node behaviour is shown by TwoNodeClusterIT on the Keycloak distribution.
 */
class ResetLinkStoreTest {

    private static final String REALM = "realm-1";

    private final ClusterStore cluster = new ClusterStore();

    @Test
    void aLinkMarkedNewestInTheMailJobIsKnownToEveryNodeBeforeTheMailIsSent() {
        KeycloakSessionFactory factory = cluster.sessionFactory();

        // Called from the mail job, whose own transaction stays open until the mail is sent: the
        // mark must not wait for that transaction.
        ResetLinkStore.markNewestCommitted(factory, REALM, "user-1", "link-1", 86_400);

        assertThat(new ResetLinkStore(cluster.node(), REALM).isNewest("user-1", "link-1")).isTrue();
    }

    @Test
    void aPutInsideAnOpenTransactionIsInvisibleToTheOtherNodeUntilCommitWhichIsWhyTheMarkIsCommittedFirst() {
        NodeStore nodeA = cluster.node();
        new ResetLinkStore(nodeA, REALM).markNewest("user-1", "link-1", 86_400);
        ResetLinkStore nodeB = new ResetLinkStore(cluster.node(), REALM);
        assertThat(nodeB.isNewest("user-1", "link-1")).isFalse();
        nodeA.commit();
        assertThat(nodeB.isNewest("user-1", "link-1")).isTrue();
    }

    @Test
    void aNewerLinkIssuedOnOneNodeSupersedesTheOlderOneOnEveryNode() {
        KeycloakSessionFactory factory = cluster.sessionFactory();
        ResetLinkStore.markNewestCommitted(factory, REALM, "user-1", "older", 86_400);
        ResetLinkStore.markNewestCommitted(factory, REALM, "user-1", "newer", 86_400);
        for (ResetLinkStore node : List.of(new ResetLinkStore(cluster.node(), REALM), new ResetLinkStore(cluster.node(), REALM))) {
            assertThat(node.isNewest("user-1", "older")).isFalse();
            assertThat(node.isNewest("user-1", "newer")).isTrue();
            assertThat(node.isNewest("user-2", "newer")).isFalse();
        }
    }

    @Test
    void ofTwoNodesClaimingTheSameLinkAtOnceExactlyOneGetsIt() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 200; round++) {
                String link = "link-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> claims = new ArrayList<>();
                for (int node = 0; node < 2; node++) {
                    ResetLinkStore store = new ResetLinkStore(cluster.node(), REALM);
                    claims.add(pool.submit(() -> {
                        go.await();
                        return store.claim(link, 60);
                    }));
                }
                go.countDown();
                assertThat(claims.get(0).get() ^ claims.get(1).get()).as("round " + round).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLinkUsedOnOneNodeReadsAsUsedOnTheOtherAndAReleasedClaimCanBeTakenAgain() {
        ResetLinkStore nodeA = new ResetLinkStore(cluster.node(), REALM);
        ResetLinkStore nodeB = new ResetLinkStore(cluster.node(), REALM);
        assertThat(nodeA.claim("link-1", 60)).isTrue();
        assertThat(nodeB.isUsed("link-1")).isTrue();
        assertThat(nodeB.claim("link-1", 60)).isFalse();
        nodeA.release("link-1");
        assertThat(nodeB.isUsed("link-1")).isFalse();
        assertThat(nodeB.claim("link-1", 60)).isTrue();
        nodeB.kill("link-2", 60);
        assertThat(nodeA.isUsed("link-2")).isTrue();
    }

    /**
     * The interleaving that used to revive a killed link: a submission with the right identifiant
     * and a refused password holds the claim, the last wrong identifiant kills the link, then the
     * first submission gives its claim back.
     */
    @Test
    void aKillStaysWhenAConcurrentClaimIsGivenBack() {
        ResetLinkStore nodeA = new ResetLinkStore(cluster.node(), REALM);
        ResetLinkStore nodeB = new ResetLinkStore(cluster.node(), REALM);
        assertThat(nodeA.claim("link-1", 60)).isTrue();
        nodeB.kill("link-1", 60);
        assertThat(nodeA.isKilled("link-1")).as("the claim holder sees the kill").isTrue();
        nodeA.release("link-1");
        assertThat(nodeB.isUsed("link-1")).isTrue();
        assertThat(nodeA.isKilled("link-1")).isTrue();
        // A later claim succeeds on the store, but the kill is what the authenticator checks next.
        nodeB.claim("link-1", 60);
        assertThat(nodeB.isKilled("link-1")).isTrue();
    }

    @Test
    void theHourlyMailSlotsOfAnAccountAreSharedByTheNodes() {
        ResetLinkStore nodeA = new ResetLinkStore(cluster.node(), REALM);
        ResetLinkStore nodeB = new ResetLinkStore(cluster.node(), REALM);
        assertThat(nodeA.takeHourlySlot("account", "user-1", 3)).isTrue();
        assertThat(nodeB.takeHourlySlot("account", "user-1", 3)).isTrue();
        assertThat(nodeA.takeHourlySlot("account", "user-1", 3)).isTrue();
        assertThat(nodeB.takeHourlySlot("account", "user-1", 3)).isFalse();
        assertThat(nodeA.takeHourlySlot("account", "user-1", 3)).isFalse();
        // Another account, another kind of subject, another realm: their own slots.
        assertThat(nodeB.takeHourlySlot("account", "user-2", 3)).isTrue();
        assertThat(nodeB.takeHourlySlot("address", "user-1", 3)).isTrue();
        assertThat(new ResetLinkStore(cluster.node(), "realm-2").takeHourlySlot("account", "user-1", 3)).isTrue();
    }

    @Test
    void identifiantMismatchesOnBothNodesCountTowardsOneLimit() {
        ResetLinkStore nodeA = new ResetLinkStore(cluster.node(), REALM);
        ResetLinkStore nodeB = new ResetLinkStore(cluster.node(), REALM);
        assertThat(nodeA.countMismatch("link-1", 3, 60)).isEqualTo(1);
        assertThat(nodeB.countMismatch("link-1", 3, 60)).isEqualTo(2);
        assertThat(nodeA.countMismatch("link-1", 3, 60)).isEqualTo(3);
        assertThat(nodeB.countMismatch("link-1", 3, 60)).isEqualTo(3);
    }

    /** The cluster-wide cache: one map, atomic operations, as every node sees it. */
    private static final class ClusterStore {
        final Map<String, Map<String, String>> entries = new ConcurrentHashMap<>();

        NodeStore node() {
            return new NodeStore(entries);
        }

        /** Sessions whose close() commits their transaction, as KeycloakSession.close() does. */
        KeycloakSessionFactory sessionFactory() {
            KeycloakSessionFactory factory = mock(KeycloakSessionFactory.class);
            when(factory.create()).thenAnswer(inv -> {
                NodeStore store = node();
                KeycloakSession session = mock(KeycloakSession.class);
                when(session.singleUseObjects()).thenReturn(store);
                when(session.getTransactionManager()).thenReturn(mock(KeycloakTransactionManager.class));
                when(session.getKeycloakSessionFactory()).thenReturn(factory);
                doAnswer(close -> {
                    store.commit();
                    return null;
                }).when(session).close();
                return session;
            });
            return factory;
        }
    }

    /** One node's SingleUseObjectProvider: put deferred to commit, the rest immediate. */
    private static final class NodeStore implements SingleUseObjectProvider {
        private final Map<String, Map<String, String>> entries;
        final Map<String, Map<String, String>> pending = new HashMap<>();

        NodeStore(Map<String, Map<String, String>> entries) {
            this.entries = entries;
        }

        void commit() {
            entries.putAll(pending);
            pending.clear();
        }

        @Override
        public void put(String key, long lifespanSeconds, Map<String, String> notes) {
            pending.put(key, notes == null ? Map.of() : Map.copyOf(notes));
        }

        @Override
        public Map<String, String> get(String key) {
            return pending.containsKey(key) ? pending.get(key) : entries.get(key);
        }

        @Override
        public Map<String, String> remove(String key) {
            return entries.remove(key);
        }

        @Override
        public boolean replace(String key, Map<String, String> notes) {
            return entries.replace(key, Map.copyOf(notes)) != null;
        }

        @Override
        public boolean putIfAbsent(String key, long lifespanInSeconds) {
            return entries.putIfAbsent(key, Map.of()) == null;
        }

        @Override
        public boolean contains(String key) {
            return entries.containsKey(key);
        }

        @Override
        public void close() {
        }
    }
}
