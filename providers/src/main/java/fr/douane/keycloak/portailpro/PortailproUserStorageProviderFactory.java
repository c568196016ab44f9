package fr.douane.keycloak.portailpro;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.storage.UserStorageProviderFactory;
import org.keycloak.storage.UserStorageProviderModel;
import org.keycloak.storage.user.ImportSynchronization;
import org.keycloak.storage.user.SynchronizationResult;

import com.zaxxer.hikari.HikariDataSource;

import fr.douane.keycloak.PackVersion;

/**
 * Factory of the Portailpro user storage. Holds one connection pool per component (see
 * {@link PortailproPools}) and runs the import synchronisations.
 */
public final class PortailproUserStorageProviderFactory implements
        UserStorageProviderFactory<PortailproUserStorageProvider>, ImportSynchronization,
        ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "douane-portailpro";

    private static final Logger LOG = Logger.getLogger(PortailproUserStorageProviderFactory.class);

    private final PortailproPools pools = new PortailproPools();
    private final PortailproValidationMemo memo = new PortailproValidationMemo();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public PortailproUserStorageProvider create(KeycloakSession session, ComponentModel model) {
        PortailproConfig config = new PortailproConfig(model);
        return new PortailproUserStorageProvider(session, model, config,
                repository(session.getKeycloakSessionFactory(), model, config), memo);
    }

    /** The vault, if the password names an entry of it, is read only when the pool is (re)built or due. */
    PortailproAccountRepository repository(KeycloakSessionFactory factory, ComponentModel model, PortailproConfig config) {
        return new PortailproAccountRepository(pools.get(model.getId(), config,
                () -> PortailproSecret.read(factory, model.getParentId(), config.getJdbcPassword())),
                config.getQueryTimeoutSeconds());
    }

    PortailproValidationMemo memo() {
        return memo;
    }

    PortailproPools pools() {
        return pools;
    }

    @Override
    public String getHelpText() {
        return "douanePortailproHelp";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PortailproConfigProperties.PROPERTIES;
    }

    /**
     * Refuses a configuration that cannot work: missing or non-PostgreSQL URL, out-of-range numbers,
     * unknown edit mode, import switched off, unreachable database, missing or incomplete relation
     * (the last two only when an admin saves the component, not during a realm import at boot).
     * Messages are keys of theme-resources/messages (admin console shows them translated).
     */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model)
            throws ComponentValidationException {
        String url = model.get(PortailproConfig.JDBC_URL);
        if (url == null || url.isBlank()) {
            throw new ComponentValidationException("douanePortailproErrorJdbcUrlRequired");
        }
        if (!url.trim().startsWith("jdbc:postgresql:")) {
            throw new ComponentValidationException("douanePortailproErrorJdbcUrlPostgresql");
        }
        checkInt(model, PortailproConfig.POOL_SIZE, "douanePortailproPoolSize", PortailproConfig.MAX_POOL_SIZE);
        checkInt(model, PortailproConfig.QUERY_TIMEOUT_SECONDS, "douanePortailproQueryTimeout",
                PortailproConfig.MAX_TIMEOUT_SECONDS);
        checkInt(model, PortailproConfig.CONNECT_TIMEOUT_SECONDS, "douanePortailproConnectTimeout",
                PortailproConfig.MAX_TIMEOUT_SECONDS);
        if (!PortailproConfig.isValidEditMode(model.get(PortailproConfig.EDIT_MODE))) {
            throw new ComponentValidationException("douanePortailproErrorEditMode");
        }
        if (!new UserStorageProviderModel(model).isImportEnabled()) {
            throw new ComponentValidationException("douanePortailproErrorImportRequired");
        }
        if (isAdminRequest(session)) {
            PortailproConfig config = new PortailproConfig(model);
            String password = config.getJdbcPassword();
            if (PortailproSecret.isVaultReference(password)) {
                password = PortailproSecret.read(session.getKeycloakSessionFactory(), realm.getId(), password)
                        .orElseThrow(() -> new ComponentValidationException("douanePortailproErrorVaultEntry",
                                PortailproSecret.vaultKey(config.getJdbcPassword())));
            }
            checkDirectory(config, password);
        } else {
            // Realm import at boot (kc.sh import / --import-realm) validates components too: a
            // directory that is not up yet must not abort the server start. Lookups degrade
            // gracefully until it is.
            LOG.infof("Portailpro component %s: directory check skipped outside an admin request", model.getName());
        }
    }

    /** True when called from an HTTP request (admin console or admin REST API). */
    static boolean isAdminRequest(KeycloakSession session) {
        try {
            return session != null && session.getContext() != null && session.getContext().getHttpRequest() != null;
        } catch (RuntimeException e) {
            return false; // no request context at all
        }
    }

    /** Opens a connection with the given settings (no pool kept), then reads the relation. */
    static void checkDirectory(PortailproConfig config) {
        checkDirectory(config, config.getJdbcPassword());
    }

    static void checkDirectory(PortailproConfig config, String password) {
        try (HikariDataSource ds = PortailproPools.create("validation", config, password, false)) {
            try (Connection ignored = ds.getConnection()) {
                // reachable, credentials accepted
            } catch (SQLException | RuntimeException e) {
                throw new ComponentValidationException("douanePortailproErrorConnection", rootMessage(e));
            }
            try {
                new PortailproAccountRepository(ds, config.getQueryTimeoutSeconds()).checkRelation();
            } catch (SQLException e) {
                throw new ComponentValidationException("douanePortailproErrorRelation", rootMessage(e));
            }
        }
    }

    private static void checkInt(ComponentModel model, String key, String labelKey, int max) {
        if (!PortailproConfig.isValidInt(model.get(key), 1, max)) {
            throw new ComponentValidationException("douanePortailproErrorNumber", labelKey, 1, max);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        // Never echo the whole JDBC URL or a password back; a bounded first line is enough.
        m = m.lines().findFirst().orElse(m);
        return m.length() > 200 ? m.substring(0, 200) + "..." : m;
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        // Keycloak also calls this at the end of every synchronisation, which stores its last-sync
        // time in the component: closing the pool then would abort the statements other requests
        // have in flight. So only a change of the pool's own settings closes it; it is rebuilt
        // lazily by create(), and other nodes rebuild theirs when they see the new settings.
        if (oldModel == null || !new PortailproConfig(oldModel).poolFingerprint()
                .equals(new PortailproConfig(newModel).poolFingerprint())
                || savedWithVaultPassword(session, oldModel, newModel)) {
            pools.evict(newModel.getId());
        }
        memo.forgetComponent(newModel.getId());
    }

    /**
     * An admin's save of a component whose password is a vault reference, even with nothing
     * changed: the way to make this node read a rotated secret at once. A synchronisation, which
     * only stores its last-sync time, is not a save.
     */
    static boolean savedWithVaultPassword(KeycloakSession session, ComponentModel oldModel, ComponentModel newModel) {
        if (!PortailproSecret.isVaultReference(newModel.get(PortailproConfig.JDBC_PASSWORD)) || !isAdminRequest(session)) {
            return false;
        }
        Map<String, List<String>> before = new java.util.HashMap<>(oldModel.getConfig());
        Map<String, List<String>> after = new java.util.HashMap<>(newModel.getConfig());
        boolean syncTimeMoved = !before.equals(after);
        before.keySet().removeIf(k -> k.startsWith(LAST_SYNC));
        after.keySet().removeIf(k -> k.startsWith(LAST_SYNC));
        return !(syncTimeMoved && before.equals(after));
    }

    /** The prefix of the keys under which Keycloak stores a component's last synchronisation times. */
    static final String LAST_SYNC = UserStorageProviderModel.LAST_SYNC;

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        pools.evict(model.getId());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Nothing: pools are built on first use, so that a directory down at boot delays nothing.
    }

    @Override
    public void close() {
        pools.close();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return PackVersion.operationalInfo();
    }

    // ----- ImportSynchronization -----------------------------------------------------------------

    @Override
    public SynchronizationResult sync(KeycloakSessionFactory sessionFactory, String realmId,
                                      UserStorageProviderModel model) {
        return synchronizer(sessionFactory, realmId, model).fullSync();
    }

    @Override
    public SynchronizationResult syncSince(Date lastSync, KeycloakSessionFactory sessionFactory, String realmId,
                                           UserStorageProviderModel model) {
        if (lastSync == null) {
            return sync(sessionFactory, realmId, model);
        }
        if (lastSync.getTime() <= 0) {
            // Never synchronised: Keycloak passes the epoch, which would read every row and import
            // every ACTIVE account, on the timer thread, a minute after the first start of a
            // realm with a periodic sync. The accounts imported so far are kept current by
            // validation (cache policy) and by the full synchronisation; changed-since starts here.
            LOG.infof("Portailpro component %s: first changed-since synchronisation, nothing read; the next one "
                    + "reads the changes from now on (\"Synchronize all users\" imports every account)", model.getName());
            return new SynchronizationResult();
        }
        return synchronizer(sessionFactory, realmId, model).changedSince(lastSync.toInstant());
    }

    private PortailproSynchronizer synchronizer(KeycloakSessionFactory sessionFactory, String realmId,
                                                UserStorageProviderModel model) {
        PortailproConfig config = new PortailproConfig(model);
        LOG.debugf("Portailpro synchronisation of component %s", model.getId());
        return new PortailproSynchronizer(sessionFactory, realmId, model, config, repository(sessionFactory, model, config),
                memo);
    }
}
