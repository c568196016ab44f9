package fr.douane.keycloak.portailpro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.storage.UserStorageProvider.EditMode;

import com.zaxxer.hikari.HikariDataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * When a vault-held directory password is read, and what a rotated or missing secret does to a
 * component's pool. The pools point at a closed port: nothing here connects.
 */
class PortailproVaultPasswordTest {

    private static final String URL = "jdbc:postgresql://127.0.0.1:1/portailpro";

    private final AtomicLong now = new AtomicLong(1_000_000L);
    private final Deque<Optional<String>> vault = new ArrayDeque<>();
    private final AtomicInteger reads = new AtomicInteger();
    private PortailproPools pools;

    @BeforeEach
    void setUp() {
        DirectoryMeters.useRegistry(new SimpleMeterRegistry());
        pools = new PortailproPools(now::get);
    }

    @AfterEach
    void tearDown() {
        pools.close();
        DirectoryMeters.useRegistry(io.micrometer.core.instrument.Metrics.globalRegistry);
    }

    private PortailproConfig config(String password) {
        return new PortailproConfig(URL, "keycloak_reader", password, 2, 5, 1, EditMode.READ_ONLY);
    }

    private DataSource get(String component, PortailproConfig config) {
        return pools.get(component, config, () -> {
            reads.incrementAndGet();
            return vault.isEmpty() ? Optional.empty() : vault.peek();
        });
    }

    private void vaultHolds(String secret) {
        vault.clear();
        vault.push(Optional.ofNullable(secret));
    }

    @Test
    void onlyAVaultExpressionIsAReference() {
        assertThat(PortailproSecret.isVaultReference("${vault.portailpro-password}")).isTrue();
        assertThat(PortailproSecret.vaultKey("${vault.portailpro-password}")).isEqualTo("portailpro-password");
        assertThat(PortailproSecret.isVaultReference("secret")).isFalse();
        assertThat(PortailproSecret.isVaultReference("x${vault.a}")).isFalse();
        assertThat(PortailproSecret.isVaultReference(null)).isFalse();
    }

    @Test
    void theVaultIsReadWhenThePoolIsBuiltAndAgainOnlyOnceTheDelayHasPassed() {
        PortailproConfig config = config("${vault.portailpro-password}");
        vaultHolds("first");
        HikariDataSource pool = (HikariDataSource) get("c1", config);
        assertThat(pool.getPassword()).isEqualTo("first");
        assertThat(reads).hasValue(1);

        now.addAndGet(PortailproPools.SECRET_REREAD_MILLIS - 1);
        vaultHolds("second");
        assertThat(get("c1", config)).isSameAs(pool);
        assertThat(reads).as("not due yet").hasValue(1);
        assertThat(pool.getPassword()).isEqualTo("first");

        now.addAndGet(1);
        assertThat(get("c1", config)).as("the same pool: open connections stay").isSameAs(pool);
        assertThat(reads).hasValue(2);
        assertThat(pool.getPassword()).as("new connections use the rotated secret").isEqualTo("second");
    }

    @Test
    void anEntryThatDisappearsLeavesALivingPoolWithThePasswordItHad() {
        PortailproConfig config = config("${vault.portailpro-password}");
        vaultHolds("kept");
        HikariDataSource pool = (HikariDataSource) get("c2", config);
        vault.clear();
        now.addAndGet(PortailproPools.SECRET_REREAD_MILLIS);
        assertThat(get("c2", config)).isSameAs(pool);
        assertThat(pool.getPassword()).isEqualTo("kept");
    }

    @Test
    void aMissingEntryFailsFastUntilItExists() throws Exception {
        PortailproConfig config = config("${vault.portailpro-password}");
        DataSource missing = get("c3", config);
        assertThat(missing).isNotInstanceOf(HikariDataSource.class);
        assertThatThrownBy(missing::getConnection).isInstanceOf(SQLException.class)
                .hasMessageContaining("vault entry not found")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28000"));
        assertThat(DirectoryMeters.kind(catchSql(missing))).isEqualTo(DirectoryMeters.CONNECTION);

        vaultHolds("arrived");
        assertThat(get("c3", config)).as("not read again before the delay").isSameAs(missing);
        now.addAndGet(PortailproPools.SECRET_REREAD_MILLIS);
        DataSource built = get("c3", config);
        assertThat(built).isInstanceOf(HikariDataSource.class);
        assertThat(((HikariDataSource) built).getPassword()).isEqualTo("arrived");
    }

    @Test
    void aPlainPasswordIsNeverReadAgain() {
        PortailproConfig config = config("plain");
        HikariDataSource pool = (HikariDataSource) pools.get("c4", config);
        now.addAndGet(10 * PortailproPools.SECRET_REREAD_MILLIS);
        assertThat(pools.get("c4", config)).isSameAs(pool);
        assertThat(pool.getPassword()).isEqualTo("plain");
    }

    @Test
    void anAdminSaveRebuildsAVaultPasswordPoolButASynchronisationDoesNot() {
        KeycloakSession admin = session(true);
        KeycloakSession timer = session(false);
        ComponentModel before = component("${vault.portailpro-password}");
        ComponentModel same = component("${vault.portailpro-password}");
        assertThat(PortailproUserStorageProviderFactory.savedWithVaultPassword(admin, before, same)).isTrue();

        ComponentModel synced = component("${vault.portailpro-password}");
        synced.getConfig().putSingle("lastSync_CHANGED", "12345");
        assertThat(PortailproUserStorageProviderFactory.savedWithVaultPassword(admin, before, synced))
                .as("a manual synchronisation only stores its time").isFalse();
        assertThat(PortailproUserStorageProviderFactory.savedWithVaultPassword(timer, before, same)).isFalse();
        assertThat(PortailproUserStorageProviderFactory.savedWithVaultPassword(admin, component("plain"), component("plain")))
                .isFalse();
    }

    private static ComponentModel component(String password) {
        ComponentModel m = new ComponentModel();
        m.setId("c");
        m.getConfig().putSingle(PortailproConfig.JDBC_URL, URL);
        m.getConfig().putSingle(PortailproConfig.JDBC_PASSWORD, password);
        return m;
    }

    private static KeycloakSession session(boolean httpRequest) {
        KeycloakSession session = mock(KeycloakSession.class);
        KeycloakContext context = mock(KeycloakContext.class);
        when(session.getContext()).thenReturn(context);
        when(context.getHttpRequest()).thenReturn(httpRequest ? mock(HttpRequest.class) : null);
        return session;
    }

    private static SQLException catchSql(DataSource ds) {
        try {
            ds.getConnection();
            throw new AssertionError("connected");
        } catch (SQLException e) {
            return e;
        }
    }
}
