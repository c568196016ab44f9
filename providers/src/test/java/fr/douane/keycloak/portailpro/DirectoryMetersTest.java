package fr.douane.keycloak.portailpro;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import fr.douane.keycloak.metrics.PackMetrics;

class DirectoryMetersTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void globalAgain() {
        DirectoryMeters.useRegistry(Metrics.globalRegistry);
    }

    @Test
    void failuresAreSortedIntoConnectionTimeoutAndOther() {
        assertThat(DirectoryMeters.kind(new SQLTransientConnectionException("pool timed out", null,
                new SQLException("Connection refused", "08001", new ConnectException())))).isEqualTo(DirectoryMeters.CONNECTION);
        assertThat(DirectoryMeters.kind(new SQLException("password authentication failed", "28P01")))
                .isEqualTo(DirectoryMeters.CONNECTION);
        assertThat(DirectoryMeters.kind(new SQLException("canceling statement due to statement timeout", "57014")))
                .isEqualTo(DirectoryMeters.TIMEOUT);
        assertThat(DirectoryMeters.kind(new SQLTransientConnectionException("Connection is not available, request timed out")))
                .isEqualTo(DirectoryMeters.TIMEOUT);
        assertThat(DirectoryMeters.kind(new SQLTimeoutException())).isEqualTo(DirectoryMeters.TIMEOUT);
        assertThat(DirectoryMeters.kind(new SQLException("relation does not exist", "42P01"))).isEqualTo(DirectoryMeters.OTHER);
        assertThat(DirectoryMeters.kind(new IllegalStateException())).isEqualTo(DirectoryMeters.OTHER);
    }

    @Test
    void eachStatementIsTimedByOperationAndOutcomeAndEachFailureCounted() {
        DirectoryMeters.useRegistry(registry);
        DirectoryMeters.record("by_id", System.nanoTime(), null);
        DirectoryMeters.record("by_id", System.nanoTime(), new SQLException("x", "08001"));
        DirectoryMeters.record("by_email", System.nanoTime(), new SQLException("x", "57014"));

        assertThat(registry.get(PackMetrics.DIRECTORY_QUERY).tags("operation", "by_id", "outcome", "ok").timer().count()).isEqualTo(1);
        assertThat(registry.get(PackMetrics.DIRECTORY_QUERY).tags("operation", "by_id", "outcome", "error").timer().count()).isEqualTo(1);
        assertThat(registry.get(PackMetrics.DIRECTORY_ERRORS).tags("operation", "by_id", "kind", "connection").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(PackMetrics.DIRECTORY_ERRORS).tags("operation", "by_email", "kind", "timeout").counter().count())
                .isEqualTo(1);
        assertThat(registry.find(PackMetrics.DIRECTORY_ERRORS).tags("kind", "other").counter()).isNull();
    }
}
