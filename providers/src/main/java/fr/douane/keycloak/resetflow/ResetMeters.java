package fr.douane.keycloak.resetflow;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import fr.douane.keycloak.metrics.PackMetrics;

/**
 * The reset flow's meters, on Keycloak's registry ({@link Metrics#globalRegistry}, which Keycloak
 * exports on {@code /metrics} when {@code --metrics-enabled=true}; without it they cost a no-op).
 * Keycloak's own event metrics count {@code SEND_RESET_PASSWORD} events but not what became of each
 * request, which only the {@code douane_outcome} detail says.
 */
final class ResetMeters {

    static final String MAIL_RESET_LINK = "reset_link";
    static final String MAIL_PASSWORD_CHANGED = "password_changed";

    private static volatile MeterRegistry registry = Metrics.globalRegistry;

    private ResetMeters() {
    }

    static void outcome(String realm, String outcome) {
        Counter.builder(PackMetrics.RESET_OUTCOMES).description("douane forgot-password requests by douane_outcome")
                .tag("outcome", outcome).tag("realm", realm == null ? "" : realm).register(registry).increment();
    }

    static void passwordOutcome(String realm, String outcome) {
        Counter.builder(PackMetrics.RESET_PASSWORD_OUTCOMES).description("douane new-password pages by douane_outcome")
                .tag("outcome", outcome).tag("realm", realm == null ? "" : realm).register(registry).increment();
    }

    static void mailFailed(String realm, String mail) {
        Counter.builder(PackMetrics.RESET_MAIL_FAILURES).description("douane reset-flow mails the SMTP server did not take")
                .tag("mail", mail).tag("realm", realm == null ? "" : realm).register(registry).increment();
    }

    static void jobDropped() {
        dropped().increment();
    }

    private static Counter dropped() {
        return Counter.builder(PackMetrics.RESET_JOBS_DROPPED).description("douane reset jobs dropped: queue full on this node")
                .register(registry);
    }

    /**
     * Registers the gauge of jobs waiting or running on this node, and the dropped-jobs counter at
     * zero so that an alert on it has a series before the first drop; idempotent.
     */
    static void registerQueue(AtomicInteger pending) {
        Gauge.builder(PackMetrics.RESET_JOBS_PENDING, pending, AtomicInteger::get)
                .description("douane reset jobs (lookups, links, mails) queued or running on this node")
                .strongReference(true).register(registry);
        dropped();
    }

    /**
     * Registers the outbox's gauge (mails waiting for another attempt) and the count of mails it
     * refused when full, read from the outbox's own figures; idempotent.
     */
    static void registerOutbox(IntSupplier waiting, AtomicLong refused) {
        Gauge.builder(PackMetrics.RESET_MAIL_OUTBOX, waiting, IntSupplier::getAsInt)
                .description("douane mails waiting in the outbox for another attempt (cluster-wide, last scan)")
                .strongReference(true).register(registry);
        FunctionCounter.builder(PackMetrics.RESET_MAIL_OUTBOX_REFUSED, refused, AtomicLong::get)
                .description("douane failed mails not kept for another attempt: outbox full, on this node")
                .register(registry);
    }

    /** Tests: another registry. */
    static void useRegistry(MeterRegistry other) {
        registry = other;
    }
}
