package fr.douane.keycloak.portailpro;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;

import fr.douane.keycloak.metrics.PackMetrics;

/**
 * Meters of the Portailpro directory, on Keycloak's registry ({@link Metrics#globalRegistry}):
 * the latency of every statement by operation and outcome, the failures by kind, and HikariCP's
 * own pool meters. Keycloak sees a directory outage only as users not found, so these are the
 * only signal of it besides the log.
 */
final class DirectoryMeters {

    static final String OK = "ok";
    static final String ERROR = "error";
    static final String TIMEOUT = "timeout";
    static final String CONNECTION = "connection";
    static final String OTHER = "other";

    private static volatile MeterRegistry registry = Metrics.globalRegistry;

    private DirectoryMeters() {
    }

    /**
     * False when nothing would read the meters: Keycloak adds its Prometheus registry to the global
     * one only with {@code --metrics-enabled=true}. Then no meter is built at all.
     */
    static boolean active() {
        return registry != Metrics.globalRegistry || !Metrics.globalRegistry.getRegistries().isEmpty();
    }

    /** Records one statement (or connection checkout that failed before it) that started at {@code startNanos}. */
    static void record(String operation, long startNanos, Throwable failure) {
        if (!active()) {
            return;
        }
        Timer.builder(PackMetrics.DIRECTORY_QUERY).description("Portailpro directory statements")
                .tag("operation", operation).tag("outcome", failure == null ? OK : ERROR)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        if (failure != null) {
            Counter.builder(PackMetrics.DIRECTORY_ERRORS).description("Portailpro directory failures by kind")
                    .tag("operation", operation).tag("kind", kind(failure)).register(registry).increment();
        }
    }

    /**
     * {@code connection}: the database could not be reached or refused the login (SQLState class
     * 08 or 28, refused or timed-out TCP connect); {@code timeout}: a statement ran past its query
     * timeout (57014) or no pooled connection came free in time; {@code other}: anything else.
     */
    static String kind(Throwable failure) {
        boolean poolTimeout = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return CONNECTION;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("28")) {
                    return CONNECTION;
                }
                if ("57014".equals(state)) {
                    return TIMEOUT;
                }
            }
            if (t instanceof SQLTimeoutException || t instanceof SocketTimeoutException) {
                return TIMEOUT;
            }
            poolTimeout |= t instanceof SQLTransientConnectionException;
        }
        return poolTimeout ? TIMEOUT : OTHER;
    }

    /**
     * HikariCP's meters ({@code hikaricp_connections_*}, tag {@code pool}) for the pools of the
     * components, or null (no tracking) when metrics are off.
     */
    static MetricsTrackerFactory poolTracker() {
        return active() ? new MicrometerMetricsTrackerFactory(registry) : null;
    }

    /** Tests: another registry. */
    static void useRegistry(MeterRegistry other) {
        registry = other;
    }
}
