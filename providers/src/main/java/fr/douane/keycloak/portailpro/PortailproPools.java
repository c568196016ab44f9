package fr.douane.keycloak.portailpro;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * One HikariCP pool per component id. Per-node infrastructure (like a JDBC pool of any server),
 * not shared state: every node builds its own from the component configuration. A pool is
 * rebuilt when the settings it depends on change and closed when the component goes away.
 */
final class PortailproPools implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PortailproPools.class);
    static final String POSTGRES_DRIVER = "org.postgresql.Driver";

    private record Entry(String fingerprint, HikariDataSource dataSource) {
    }

    private final Map<String, Entry> pools = new ConcurrentHashMap<>();

    DataSource get(String componentId, PortailproConfig config) {
        String fingerprint = config.poolFingerprint();
        Entry known = pools.get(componentId);
        if (known != null && known.fingerprint().equals(fingerprint) && !known.dataSource().isClosed()) {
            return known.dataSource(); // the common path: no lock
        }
        Entry entry = pools.compute(componentId, (id, current) -> {
            if (current != null && current.fingerprint().equals(fingerprint) && !current.dataSource().isClosed()) {
                return current;
            }
            if (current != null) {
                closeQuietly(current.dataSource());
            }
            return new Entry(fingerprint, create(id, config));
        });
        return entry.dataSource();
    }

    /** Closes and forgets the pool of a component (configuration changed or component removed). */
    void evict(String componentId) {
        Entry e = pools.remove(componentId);
        if (e != null) {
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
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("douane-portailpro-" + componentId);
        hc.setJdbcUrl(config.getJdbcUrl());
        if (config.getJdbcUser() != null) {
            hc.setUsername(config.getJdbcUser());
        }
        if (config.getJdbcPassword() != null) {
            hc.setPassword(config.getJdbcPassword());
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
}
