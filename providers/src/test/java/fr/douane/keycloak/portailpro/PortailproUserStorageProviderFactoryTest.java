package fr.douane.keycloak.portailpro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.storage.UserStorageProviderModel;

/** Configuration validation (against a real PostgreSQL), pool lifecycle, admin console metadata. */
class PortailproUserStorageProviderFactoryTest {

    private static PortailproDb db;
    private static PortailproDb empty; // reachable, but without the relation
    private final PortailproUserStorageProviderFactory factory = new PortailproUserStorageProviderFactory();
    private final KeycloakSession session = mock(KeycloakSession.class, org.mockito.Mockito.RETURNS_DEEP_STUBS);
    private final RealmModel realm = mock(RealmModel.class);

    @BeforeAll
    static void startDb() throws Exception {
        db = PortailproDb.start(true);
        empty = PortailproDb.startEmpty();
    }

    @AfterAll
    static void stopDb() throws Exception {
        db.close();
        empty.close();
    }

    @AfterEach
    void tearDown() {
        factory.close();
    }

    private ComponentModel model(String url) {
        UserStorageProviderModel m = new UserStorageProviderModel();
        m.setId("c-" + System.nanoTime());
        m.setProviderId(PortailproUserStorageProviderFactory.PROVIDER_ID);
        if (url != null) {
            m.getConfig().putSingle(PortailproConfig.JDBC_URL, url);
        }
        m.getConfig().putSingle(PortailproConfig.JDBC_USER, "postgres");
        m.getConfig().putSingle(PortailproConfig.CONNECT_TIMEOUT_SECONDS, "1");
        return m;
    }

    private String validationError(ComponentModel m) {
        try {
            factory.validateConfiguration(session, realm, m);
            return null;
        } catch (ComponentValidationException e) {
            return e.getMessage();
        }
    }

    @Test
    void workingConfigurationIsAccepted() {
        assertThat(validationError(model(db.jdbcUrl()))).isNull();
        assertThat(factory.pools().size()).as("validation keeps no pool").isZero();
    }

    @Test
    void urlIsRequiredAndMustBePostgresql() {
        assertThat(validationError(model(null))).isEqualTo("douanePortailproErrorJdbcUrlRequired");
        assertThat(validationError(model("  "))).isEqualTo("douanePortailproErrorJdbcUrlRequired");
        assertThat(validationError(model("jdbc:mysql://localhost/x"))).isEqualTo("douanePortailproErrorJdbcUrlPostgresql");
    }

    @ParameterizedTest
    @ValueSource(strings = {PortailproConfig.POOL_SIZE, PortailproConfig.QUERY_TIMEOUT_SECONDS, PortailproConfig.CONNECT_TIMEOUT_SECONDS})
    void numbersMustBeInRange(String key) {
        for (String bad : new String[]{"0", "-1", "abc", "100000"}) {
            ComponentModel m = model(db.jdbcUrl());
            m.getConfig().putSingle(key, bad);
            assertThatThrownBy(() -> factory.validateConfiguration(session, realm, m))
                    .isInstanceOf(ComponentValidationException.class)
                    .hasMessage("douanePortailproErrorNumber")
                    .satisfies(e -> assertThat(((ComponentValidationException) e).getParameters()[0]).asString().startsWith("douanePortailpro"));
        }
    }

    @Test
    void editModeAndImportAreChecked() {
        ComponentModel writable = model(db.jdbcUrl());
        writable.getConfig().putSingle(PortailproConfig.EDIT_MODE, "WRITABLE");
        assertThat(validationError(writable)).isEqualTo("douanePortailproErrorEditMode");
        ComponentModel unsynced = model(db.jdbcUrl());
        unsynced.getConfig().putSingle(PortailproConfig.EDIT_MODE, "UNSYNCED");
        assertThat(validationError(unsynced)).isNull();
        ComponentModel noImport = model(db.jdbcUrl());
        noImport.getConfig().putSingle(UserStorageProviderModel.IMPORT_ENABLED, "false");
        assertThat(validationError(noImport)).isEqualTo("douanePortailproErrorImportRequired");
    }

    @Test
    void unreachableDatabaseIsRefusedQuickly() {
        long start = System.nanoTime();
        assertThat(validationError(model("jdbc:postgresql://127.0.0.1:1/portailpro"))).isEqualTo("douanePortailproErrorConnection");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void directoryIsNotContactedDuringARealmImportAtBoot() {
        KeycloakSession boot = mock(KeycloakSession.class); // no HTTP request in its context
        org.assertj.core.api.Assertions.assertThatCode(() -> factory.validateConfiguration(boot, realm,
                model("jdbc:postgresql://127.0.0.1:1/portailpro"))).doesNotThrowAnyException();
        ComponentModel bad = model("jdbc:mysql://x");
        assertThatThrownBy(() -> factory.validateConfiguration(boot, realm, bad)).isInstanceOf(ComponentValidationException.class);
    }

    @Test
    void missingRelationIsRefused() {
        assertThat(validationError(model(empty.jdbcUrl()))).isEqualTo("douanePortailproErrorRelation");
    }

    @Test
    void poolPerComponentRebuiltOnUpdateAndClosedOnRemove() {
        ComponentModel m = model(db.jdbcUrl());
        PortailproConfig config = new PortailproConfig(m);
        var first = factory.pools().get(m.getId(), config);
        assertThat(factory.pools().get(m.getId(), config)).as("one pool per component").isSameAs(first);
        // Every synchronisation ends with an update of the component (its last-sync time): the
        // pool stays, so that statements of other requests in flight are not aborted.
        ComponentModel synced = new ComponentModel(m);
        synced.getConfig().putSingle("lastSync_CHANGED", "1767225600");
        factory.onUpdate(session, realm, m, synced);
        assertThat(factory.pools().get(m.getId(), config)).isSameAs(first);
        assertThat(((com.zaxxer.hikari.HikariDataSource) first).isClosed()).isFalse();
        // A change of the pool's settings closes it.
        ComponentModel changed = new ComponentModel(m);
        changed.getConfig().putSingle(PortailproConfig.QUERY_TIMEOUT_SECONDS, "7");
        factory.onUpdate(session, realm, m, changed);
        assertThat(factory.pools().size()).isZero();
        assertThat(((com.zaxxer.hikari.HikariDataSource) first).isClosed()).isTrue();
        var second = factory.pools().get(m.getId(), config);
        assertThat(second).isNotSameAs(first);
        // A changed setting seen on another node (no onUpdate there) also rebuilds the pool.
        m.getConfig().putSingle(PortailproConfig.POOL_SIZE, "3");
        var third = factory.pools().get(m.getId(), new PortailproConfig(m));
        assertThat(third).isNotSameAs(second);
        assertThat(((com.zaxxer.hikari.HikariDataSource) second).isClosed()).isTrue();
        factory.preRemove(session, realm, m);
        assertThat(factory.pools().size()).isZero();
        factory.pools().get("other", config);
        factory.close();
        assertThat(factory.pools().size()).isZero();
    }

    @Test
    void metadataForTheAdminConsole() throws Exception {
        assertThat(factory.getId()).isEqualTo("douane-portailpro");
        assertThat(factory.getOperationalInfo()).containsKey("Implementation-Version");
        assertThat(factory.getConfigProperties()).extracting(ProviderConfigProperty::getName).containsExactly(
                "jdbcUrl", "jdbcUser", "jdbcPassword", "poolSize", "queryTimeoutSeconds", "connectTimeoutSeconds", "editMode");
        assertThat(factory.getConfigProperties().get(2).isSecret()).isTrue();
        for (String bundle : new String[]{"messages_fr", "messages_en", "admin-messages_fr", "admin-messages_en"}) {
            Properties p = new Properties();
            try (InputStream in = getClass().getResourceAsStream("/theme-resources/messages/" + bundle + ".properties")) {
                assertThat(in).as(bundle).isNotNull();
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
            for (ProviderConfigProperty prop : factory.getConfigProperties()) {
                assertThat(p).as(bundle).containsKeys(prop.getLabel(), prop.getHelpText());
            }
            assertThat(p).as(bundle).containsKeys(factory.getHelpText(), "douanePortailproErrorJdbcUrlRequired",
                    "douanePortailproErrorJdbcUrlPostgresql", "douanePortailproErrorNumber", "douanePortailproErrorEditMode",
                    "douanePortailproErrorImportRequired", "douanePortailproErrorConnection", "douanePortailproErrorRelation");
        }
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/org.keycloak.storage.UserStorageProviderFactory")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains(PortailproUserStorageProviderFactory.class.getName());
        }
    }
}
