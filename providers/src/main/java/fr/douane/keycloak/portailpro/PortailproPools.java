package fr.douane.keycloak.portailpro;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;

/**
 * One HikariCP pool per component id. Per-node infrastructure (like a JDBC pool of any server),
 * not shared state: every node builds its own from the component configuration. A pool is
 * rebuilt when the settings it depends on change and closed when the component goes away.
 */
final class PortailproPools implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PortailproPools.class);
    static final String POSTGRES_DRIVER = "org.postgresql.Driver";

    /**
     * How often a node reads a vault-held password again while its pool lives: a rotated secret
     * reaches every node's new connections within this delay, without a rebuild.
     */
    static final long SECRET_REREAD_MILLIS = 60_000L;

    /** The password to connect with, read when asked (empty: a vault entry that does not exist). */
    @FunctionalInterface
    interface Secret {
        Optional<String> read();
    }

    /**
     * A component's pool, built from {@code fingerprint}; {@code dataSource} is null when its vault
     * entry was missing ({@link #MISSING} then answers). {@code password} is what it connects with.
     */
    private record Entry(String fingerprint, HikariDataSource dataSource, String password, long secretReadAt) {
        boolean usable(String expected) {
            return fingerprint.equals(expected) && (dataSource == null || !dataSource.isClosed());
        }
    }

    private final Map<String, Entry> pools = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    PortailproPools() {
        this(System::currentTimeMillis);
    }

    PortailproPools(LongSupplier clock) {
        this.clock = clock;
    }

    /** A component whose password is the configured value itself (no vault reference). */
    DataSource get(String componentId, PortailproConfig config) {
        return get(componentId, config, () -> Optional.ofNullable(config.getJdbcPassword()));
    }

    /**
     * The pool of the component, built on first use or when its settings changed. When the password
     * is a vault reference, {@code secret} is read when the pool is built and again every
     * {@link #SECRET_REREAD_MILLIS}; a new value goes to the connections opened from then on.
     */
    DataSource get(String componentId, PortailproConfig config, Secret secret) {
        String fingerprint = config.poolFingerprint();
        boolean vault = PortailproSecret.isVaultReference(config.getJdbcPassword());
        Entry known = pools.get(componentId);
        if (known != null && known.usable(fingerprint) && !(vault && due(known))) {
            return dataSource(known); // the common path: no lock
        }
        Entry entry = pools.compute(componentId, (id, current) -> {
            if (current != null && current.usable(fingerprint)) {
                if (!(vault && due(current))) {
                    return current;
                }
                if (current.dataSource() != null) {
                    return reread(id, config, current, secret);
                }
            }
            if (current != null && current.dataSource() != null) {
                closeQuietly(current.dataSource());
            }
            Optional<String> password = secret.read();
            if (vault && password.isEmpty()) {
                warnMissing(id, config);
                return new Entry(fingerprint, null, null, clock.getAsLong());
            }
            return new Entry(fingerprint, create(id, config, password.orElse(null)), password.orElse(null),
                    clock.getAsLong());
        });
        return dataSource(entry);
    }

    private boolean due(Entry entry) {
        return clock.getAsLong() - entry.secretReadAt() >= SECRET_REREAD_MILLIS;
    }

    /** A living pool whose vault entry is due: a changed secret goes to its new connections. */
    private Entry reread(String id, PortailproConfig config, Entry current, Secret secret) {
        Optional<String> password = secret.read();
        if (password.isEmpty()) {
            LOG.warnf("Portailpro component %s: vault entry %s is gone; the pool keeps connecting with the password"
                    + " it read before", id, PortailproSecret.vaultKey(config.getJdbcPassword()));
            return new Entry(current.fingerprint(), current.dataSource(), current.password(), clock.getAsLong());
        }
        if (!password.get().equals(current.password())) {
            // HikariCP reads the credentials for every new connection; the open ones stay as they are.
            current.dataSource().getHikariConfigMXBean().setPassword(password.get());
            LOG.infof("Portailpro component %s: new password read from vault entry %s, used for new connections",
                    id, PortailproSecret.vaultKey(config.getJdbcPassword()));
        }
        return new Entry(current.fingerprint(), current.dataSource(), password.get(), clock.getAsLong());
    }

    private static void warnMissing(String id, PortailproConfig config) {
        LOG.warnf("Portailpro component %s: jdbcPassword is %s but the vault holds no such entry for this realm"
                + " (file vault: a file <realm>_<key> in --vault-dir; no vault configured: --vault); the directory is"
                + " treated as unreachable until the entry exists (read again within %d s, or at once when the"
                + " component is saved)", id, config.getJdbcPassword(), SECRET_REREAD_MILLIS / 1000);
    }

    private static DataSource dataSource(Entry entry) {
        return entry.dataSource() != null ? entry.dataSource() : MISSING;
    }

    /** Closes and forgets the pool of a component (configuration changed or component removed). */
    void evict(String componentId) {
        Entry e = pools.remove(componentId);
        if (e != null && e.dataSource() != null) {
            closeQuietly(e.dataSource());
        }
    }

    int size() {
        return pools.size();
    }

    @Override
    public void close() {
        pools.keySet().forEach(this::evict);
    }

    /**
     * Every wait is bounded: connection checkout (connectTimeout), TCP connect and login
     * (driver connectTimeout/loginTimeout), socket reads (socketTimeout, a backstop behind the
     * statement query timeout). initializationFailTimeout=-1: a pool built while the database is
     * down is created anyway and fills itself when the database comes back.
     */
    static HikariDataSource create(String componentId, PortailproConfig config) {
        return create(componentId, config, config.getJdbcPassword(), false);
    }

    private static HikariDataSource create(String componentId, PortailproConfig config, String password) {
        return create(componentId, config, password, true);
    }

    static HikariDataSource create(String componentId, PortailproConfig config, String password, boolean metered) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("douane-portailpro-" + componentId);
        hc.setJdbcUrl(config.getJdbcUrl());
        if (config.getJdbcUser() != null) {
            hc.setUsername(config.getJdbcUser());
        }
        if (password != null) {
            hc.setPassword(password);
        }
        MetricsTrackerFactory tracker = metered ? DirectoryMeters.poolTracker() : null;
        if (tracker != null) {
            hc.setMetricsTrackerFactory(tracker);
        }
        boolean postgres = config.getJdbcUrl() != null && config.getJdbcUrl().startsWith("jdbc:postgresql:");
        if (postgres) {
            hc.setDriverClassName(POSTGRES_DRIVER);
            hc.addDataSourceProperty("connectTimeout", String.valueOf(config.getConnectTimeoutSeconds()));
            hc.addDataSourceProperty("loginTimeout", String.valueOf(config.getConnectTimeoutSeconds()));
            hc.addDataSourceProperty("socketTimeout", String.valueOf(config.getQueryTimeoutSeconds() + 5));
            hc.addDataSourceProperty("tcpKeepAlive", "true");
            hc.addDataSourceProperty("ApplicationName", "keycloak-douane-portailpro");
        }
        long connectMs = Math.max(250L, config.getConnectTimeoutSeconds() * 1000L);
        hc.setConnectionTimeout(connectMs);
        hc.setValidationTimeout(Math.max(250L, Math.min(connectMs - 1, 2000L)));
        hc.setInitializationFailTimeout(-1);
        hc.setMaximumPoolSize(config.getPoolSize());
        hc.setMinimumIdle(Math.min(2, config.getPoolSize()));
        hc.setIdleTimeout(600_000L);
        hc.setMaxLifetime(1_800_000L);
        hc.setKeepaliveTime(120_000L);
        hc.setReadOnly(true);
        hc.setAutoCommit(true);
        return new HikariDataSource(hc);
    }

    private static void closeQuietly(HikariDataSource ds) {
        try {
            ds.close();
        } catch (RuntimeException e) {
            LOG.warnf(e, "Closing Portailpro pool %s failed", ds.getPoolName());
        }
    }

    /**
     * Stands for the pool of a component whose vault entry is missing: every connection attempt
     * fails at once (no wait for timeouts), and callers degrade as for any directory outage.
     */
    private static final DataSource MISSING = new DataSource() {
        @Override
        public Connection getConnection() throws SQLException {
            throw new SQLException("Portailpro password: vault entry not found", "28000");
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    };
}
