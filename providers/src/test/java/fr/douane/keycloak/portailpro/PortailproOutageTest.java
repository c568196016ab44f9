package fr.douane.keycloak.portailpro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.UserModel;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The directory stops and comes back: every call answers within the timeouts, already-imported
 * users are kept as they were, and the pool recovers by itself, including a pool built while the
 * database was down.
 */
class PortailproOutageTest {

    private static final long BOUND_MS = 5_000; // connect timeout 1 s, query timeout 2 s, plus slack

    private EmbeddedPostgres pg;
    private final PortailproUserStorageProviderFactory factory = new PortailproUserStorageProviderFactory();

    @AfterEach
    void tearDown() throws IOException {
        factory.close();
        if (pg != null) {
            pg.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private EmbeddedPostgres startPg(int port, Path dir, boolean load) throws Exception {
        EmbeddedPostgres started = EmbeddedPostgres.builder().setPort(port).setDataDirectory(dir)
                .setCleanDataDirectory(false).start();
        if (load) {
            try (Connection c = started.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute(Files.readString(PortailproDb.SQL_DIR.resolve("01-schema.sql"), StandardCharsets.UTF_8));
                s.execute(Files.readString(PortailproDb.SQL_DIR.resolve("02-demo-seed.sql"), StandardCharsets.UTF_8));
            }
        }
        return started;
    }

    private static <T> T timed(Supplier<T> call) {
        long start = System.nanoTime();
        T result = call.get();
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(ms).as("answered within the timeouts").isLessThan(BOUND_MS);
        return result;
    }

    private static <T> T eventually(Supplier<T> call, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        T result = call.get();
        while (result == null && System.nanoTime() < deadline) {
            Thread.sleep(250);
            result = call.get();
        }
        return result;
    }

    @Test
    void outageIsBoundedKeepsImportedUsersAndRecovers() throws Exception {
        int port = freePort();
        Path dir = Files.createTempDirectory("portailpro-outage");
        pg = startPg(port, dir, true);
        FakeKeycloak kc = new FakeKeycloak("jdbc:postgresql://localhost:" + port + "/postgres", "READ_ONLY");
        PortailproUserStorageProvider provider = factory.create(kc.session, kc.model());

        assertThat(provider.getUserByUsername(kc.realm, "marie.dupont@exemple.fr")).isNotNull();
        InMemoryUser marie = kc.importedByPortailproId("pp-0001");

        pg.close(); // the directory goes down
        pg = null;

        assertThat(timed(() -> provider.getUserByEmail(kc.realm, "jean.martin@exemple.fr"))).isNull();
        assertThat(timed(() -> provider.getUserByUsername(kc.realm, "jean.martin@exemple.fr"))).isNull();
        assertThat(timed(() -> provider.getUserById(kc.realm, "f:component-1:pp-0002"))).isNull();
        assertThat(timed(() -> provider.searchForUserStream(kc.realm, Map.of(UserModel.SEARCH, "*"), 0, 10).toList())).isEmpty();
        assertThat(timed(() -> provider.getUsersCount(kc.realm))).isZero();

        // Already imported: kept as last seen, neither removed (null) nor disabled.
        UserModel kept = timed(() -> provider.validate(kc.realm, marie));
        assertThat(kept).isNotNull();
        assertThat(kept.isEnabled()).isTrue();
        assertThat(kept.getEmail()).isEqualTo("marie.dupont@exemple.fr");
        // Last seen SUSPENDED stays disabled while the directory cannot say otherwise.
        marie.setSingleAttribute(PortailproUserModel.ATTR_STATUS, "SUSPENDED");
        assertThat(timed(() -> provider.validate(kc.realm, marie)).isEnabled()).isFalse();
        marie.setSingleAttribute(PortailproUserModel.ATTR_STATUS, "ACTIVE");

        pg = startPg(port, dir, false); // back, same data

        UserModel jean = eventually(() -> provider.getUserByEmail(kc.realm, "jean.martin@exemple.fr"), Duration.ofSeconds(20));
        assertThat(jean).as("recovered without a restart").isNotNull();
        assertThat(provider.validate(kc.realm, marie).isEnabled()).isTrue();
    }

    @Test
    void poolBuiltWhileTheDatabaseIsDownRecovers() throws Exception {
        int port = freePort();
        FakeKeycloak kc = new FakeKeycloak("jdbc:postgresql://localhost:" + port + "/postgres", "READ_ONLY");
        PortailproUserStorageProvider provider = factory.create(kc.session, kc.model());
        assertThat(timed(() -> provider.getUserByUsername(kc.realm, "marie.dupont@exemple.fr"))).isNull();

        pg = startPg(port, Files.createTempDirectory("portailpro-late"), true);

        UserModel marie = eventually(() -> provider.getUserByUsername(kc.realm, "marie.dupont@exemple.fr"), Duration.ofSeconds(20));
        assertThat(marie).isNotNull();
        assertThat(factory.pools().size()).as("still the one pool of the component").isEqualTo(1);
    }

    @Test
    void slowDirectoryIsCutByTheQueryTimeout() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(Files.readString(PortailproDb.SQL_DIR.resolve("01-schema.sql"), StandardCharsets.UTF_8));
            s.execute(Files.readString(PortailproDb.SQL_DIR.resolve("02-demo-seed.sql"), StandardCharsets.UTF_8));
            // A view that takes 30 s per row stands in for an overloaded directory.
            s.execute("ALTER TABLE portailpro_account RENAME TO portailpro_account_data");
            s.execute("CREATE VIEW portailpro_account AS SELECT d.* FROM portailpro_account_data d, LATERAL (SELECT pg_sleep(30)) z");
        }
        FakeKeycloak kc = new FakeKeycloak(pg.getJdbcUrl("postgres", "postgres"), "READ_ONLY");
        PortailproUserStorageProvider provider = factory.create(kc.session, kc.model());
        assertThat(timed(() -> provider.getUserByUsername(kc.realm, "marie.dupont@exemple.fr"))).isNull();
        assertThat(timed(() -> provider.searchForUserStream(kc.realm, Map.of(), 0, 5).toList())).isEmpty();
    }
}
