package fr.douane.keycloak.portailpro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.verify;

import java.util.Date;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.storage.user.SynchronizationResult;

/** Full and changed-since synchronisation against a real PostgreSQL directory. */
class PortailproSynchronizerTest {

    private static PortailproDb db;
    private PortailproUserStorageProviderFactory factory;
    private FakeKeycloak kc;

    @BeforeAll
    static void startDb() throws Exception {
        db = PortailproDb.start(false);
        db.runFile("bench-seed.sql");
    }

    @AfterAll
    static void stopDb() throws Exception {
        db.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        db.exec("TRUNCATE portailpro_account");
        db.runFile("02-demo-seed.sql");
        factory = new PortailproUserStorageProviderFactory();
        kc = new FakeKeycloak(db.jdbcUrl(), "READ_ONLY");
    }

    @AfterEach
    void tearDown() {
        factory.close();
    }

    private SynchronizationResult fullSync() {
        return factory.sync(kc.sessionFactory, "douane", kc.component);
    }

    @Test
    void fullSyncImportsActiveAccountsOnly() {
        SynchronizationResult r = fullSync();
        assertThat(r.getAdded()).isEqualTo(8);
        assertThat(r.getFailed()).isZero();
        assertThat(kc.importedByPortailproId("pp-0003")).as("suspended, never imported").isNull();
        assertThat(kc.importedByPortailproId("pp-0004")).as("closed").isNull();
        assertThat(kc.importedByPortailproId("pp-0001").getFederationLink()).isEqualTo("component-1");
        // Idempotent.
        SynchronizationResult again = fullSync();
        assertThat(again.getAdded() + again.getUpdated() + again.getRemoved()).isZero();
    }

    @Test
    void changedSinceCoversChangesSuspensionsClosuresAndNewAccounts() throws Exception {
        fullSync();
        Date lastSync = new Date();
        Thread.sleep(20);
        db.exec("""
                UPDATE portailpro_account SET last_name = 'Martin-Durand' WHERE id = 'pp-0002';
                UPDATE portailpro_account SET status = 'SUSPENDED' WHERE id = 'pp-0005';
                UPDATE portailpro_account SET status = 'CLOSED' WHERE id = 'pp-0006';
                DELETE FROM portailpro_account WHERE id = 'pp-0007';
                INSERT INTO portailpro_account (id, identifiant, email, first_name, last_name, status)
                     VALUES ('pp-0011', 'nouveau@exemple.fr', 'nouveau@exemple.fr', 'Nouveau', 'Compte', 'ACTIVE');
                """);
        SynchronizationResult r = factory.syncSince(lastSync, kc.sessionFactory, "douane", kc.component);
        assertThat(r.getAdded()).isEqualTo(1);
        assertThat(r.getUpdated()).isEqualTo(2);
        assertThat(r.getRemoved()).isEqualTo(1);
        assertThat(kc.importedByPortailproId("pp-0002").getLastName()).isEqualTo("Martin-Durand");
        assertThat(kc.importedByPortailproId("pp-0005").getFirstAttribute(PortailproUserModel.ATTR_STATUS)).isEqualTo("SUSPENDED");
        assertThat(kc.importedByPortailproId("pp-0006")).isNull();
        assertThat(kc.importedByPortailproId("pp-0011")).isNotNull();
        verify(kc.userCache, atLeastOnce()).evict(any(), any());

        // A deleted row is invisible to changed-since; the full sync removes its user.
        assertThat(kc.importedByPortailproId("pp-0007")).isNotNull();
        SynchronizationResult full = fullSync();
        assertThat(full.getRemoved()).isEqualTo(1);
        assertThat(kc.importedByPortailproId("pp-0007")).isNull();
        assertThat(kc.importedByPortailproId("pp-0001")).as("others untouched").isNotNull();
    }

    @Test
    void syncWorksInBatchesOverLargeDirectories() throws Exception {
        db.exec("SELECT portailpro_bench_seed(1234)");
        SynchronizationResult r = fullSync();
        // 1234 bench rows: 1 in 50 suspended, 1 in 100 closed (overlapping) -> 24 not active.
        assertThat(r.getAdded()).isEqualTo(8 + 1234 - 24);
        assertThat(r.getFailed()).isZero();
        // Every row changed after this time (the epoch itself means "never synchronised", below).
        Date lastSync = new Date(1_000);
        SynchronizationResult changed = factory.syncSince(lastSync, kc.sessionFactory, "douane", kc.component);
        assertThat(changed.getAdded()).isZero();
        assertThat(changed.getUpdated()).isZero();
        assertThat(changed.getFailed()).isZero();
    }

    @Test
    void theFirstChangedSinceRunOfANeverSynchronisedComponentImportsNothing() throws Exception {
        db.exec("SELECT portailpro_bench_seed(600)");
        // Keycloak passes the epoch when the component has no last-sync time yet.
        SynchronizationResult first = factory.syncSince(new Date(0), kc.sessionFactory, "douane", kc.component);
        assertThat(first.isIgnored()).as("Keycloak records the last-sync time").isFalse();
        assertThat(first.getAdded() + first.getUpdated() + first.getRemoved() + first.getFailed()).isZero();
        assertThat(kc.users).isEmpty();
        // The same rows seen as changed after a real last-sync time are imported, in batches.
        assertThat(factory.syncSince(new Date(1_000), kc.sessionFactory, "douane", kc.component).getAdded())
                .isEqualTo(8 + 600 - 12);
    }

    @Test
    void syncDuringAnOutageStopsWithAWarning() throws Exception {
        kc.component.getConfig().putSingle(PortailproConfig.JDBC_URL, "jdbc:postgresql://127.0.0.1:1/none");
        long start = System.nanoTime();
        SynchronizationResult r = fullSync();
        assertThat(r.getFailed()).isEqualTo(1);
        assertThat(r.isIgnored()).as("Keycloak keeps the previous last-sync time").isTrue();
        assertThat(r.getAdded()).isZero();
        assertThat(factory.syncSince(new Date(), kc.sessionFactory, "douane", kc.component).isIgnored()).isTrue();
        assertThat((System.nanoTime() - start) / 1_000_000).as("bounded by the connect timeout").isLessThan(5_000);
    }
}
