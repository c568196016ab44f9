package fr.douane.keycloak.metrics;

import java.util.List;
import java.util.Locale;

/**
 * The names of the pack's own meters, shared by the parts that record them and by the checks of
 * the shipped dashboard and alert rules. Names are Micrometer's (dotted); {@link #exported()}
 * gives the series Keycloak's Prometheus endpoint ({@code /metrics} on the management port)
 * shows for them. Free of Micrometer types on purpose: the file checks read it without a registry.
 */
public final class PackMetrics {

    /** Counter, tags {@code outcome} (a {@code douane_outcome} value) and {@code realm}. */
    public static final String RESET_OUTCOMES = "douane.reset.outcomes";
    /**
     * Counter, tags {@code outcome} and {@code realm}: what became of the new-password page of a
     * link ({@code password_changed}, {@code link_used}, {@code identifier_mismatch}, ...).
     */
    public static final String RESET_PASSWORD_OUTCOMES = "douane.reset.password.outcomes";
    /** Counter, tags {@code mail} ({@code reset_link}, {@code password_changed}) and {@code realm}. */
    public static final String RESET_MAIL_FAILURES = "douane.reset.mail.failures";
    /** Gauge: reset jobs (lookups, links, mails) queued or running on this node. */
    public static final String RESET_JOBS_PENDING = "douane.reset.jobs.pending";
    /** Counter: reset jobs dropped on this node because the queue was full. */
    public static final String RESET_JOBS_DROPPED = "douane.reset.jobs.dropped";
    /**
     * Gauge: mails waiting in the outbox for another attempt, as counted by this node's last scan
     * (every 5 s); the outbox is replicated, so every node reports the cluster's count.
     */
    public static final String RESET_MAIL_OUTBOX = "douane.reset.mail.outbox";
    /** Counter: failed mails not kept for another attempt because the outbox was full, on this node. */
    public static final String RESET_MAIL_OUTBOX_REFUSED = "douane.reset.mail.outbox.refused";
    /** Timer (histogram), tags {@code operation} and {@code outcome} ({@code ok}, {@code error}). */
    public static final String DIRECTORY_QUERY = "douane.portailpro.query";
    /** Counter, tags {@code operation} and {@code kind} ({@code timeout}, {@code connection}, {@code other}). */
    public static final String DIRECTORY_ERRORS = "douane.portailpro.errors";

    /** HikariCP's own meters for the Portailpro pools (tag {@code pool}), prefix {@code hikaricp.}. */
    public static final List<String> HIKARI_EXPORTED = List.of(
            "hikaricp_connections", "hikaricp_connections_active", "hikaricp_connections_idle",
            "hikaricp_connections_pending", "hikaricp_connections_max", "hikaricp_connections_min",
            "hikaricp_connections_timeout_total",
            "hikaricp_connections_acquire_seconds_count", "hikaricp_connections_acquire_seconds_sum",
            "hikaricp_connections_acquire_seconds_max",
            "hikaricp_connections_usage_seconds_count", "hikaricp_connections_usage_seconds_sum",
            "hikaricp_connections_usage_seconds_max",
            "hikaricp_connections_creation_seconds_count", "hikaricp_connections_creation_seconds_sum",
            "hikaricp_connections_creation_seconds_max");

    private PackMetrics() {
    }

    /** Every series name the pack's meters appear under on the Prometheus endpoint. */
    public static List<String> exported() {
        String query = prometheus(DIRECTORY_QUERY) + "_seconds";
        List<String> own = List.of(
                prometheus(RESET_OUTCOMES) + "_total",
                prometheus(RESET_PASSWORD_OUTCOMES) + "_total",
                prometheus(RESET_MAIL_FAILURES) + "_total",
                prometheus(RESET_JOBS_PENDING),
                prometheus(RESET_JOBS_DROPPED) + "_total",
                prometheus(RESET_MAIL_OUTBOX),
                prometheus(RESET_MAIL_OUTBOX_REFUSED) + "_total",
                query + "_count", query + "_sum", query + "_max", query + "_bucket",
                prometheus(DIRECTORY_ERRORS) + "_total");
        return java.util.stream.Stream.concat(own.stream(), HIKARI_EXPORTED.stream()).toList();
    }

    /** Micrometer's Prometheus naming: dots become underscores. */
    static String prometheus(String name) {
        return name.replace('.', '_').toLowerCase(Locale.ROOT);
    }
}
