package fr.douane.keycloak.resetflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import fr.douane.keycloak.metrics.PackMetrics;

/** The outcome counter reads the reset flow's own events; other events leave it alone. */
class ResetOutcomeMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void registry() {
        ResetMeters.useRegistry(registry);
    }

    @AfterEach
    void globalAgain() {
        ResetMeters.useRegistry(Metrics.globalRegistry);
    }

    private static Event event(EventType type, String outcome) {
        Event e = new Event();
        e.setType(type);
        e.setRealmName("douane");
        e.setDetails(outcome == null ? Map.of() : Map.of(ResetOutcome.EVENT_DETAIL, outcome));
        return e;
    }

    private double outcomes(String outcome) {
        var c = registry.find(PackMetrics.RESET_OUTCOMES).tags("outcome", outcome, "realm", "douane").counter();
        return c == null ? 0 : c.count();
    }

    private double mailFailures(String mail) {
        var c = registry.find(PackMetrics.RESET_MAIL_FAILURES).tags("mail", mail).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void eachResetEventCountsItsOutcomeAndAFailedMailCountsAsAMailFailure() {
        for (Event e : new Event[] {event(EventType.SEND_RESET_PASSWORD, "mail_sent"),
                event(EventType.SEND_RESET_PASSWORD_ERROR, "directory_error"),
                event(EventType.SEND_RESET_PASSWORD_ERROR, "mail_failed"),
                event(EventType.SEND_RESET_PASSWORD_ERROR, "password_changed_notice_failed")}) {
            assertThat(ResetOutcomeMetricsListenerFactory.isResetEvent(e)).isTrue();
            ResetOutcomeMetricsListenerFactory.count(e);
        }
        assertThat(outcomes("mail_sent")).isEqualTo(1);
        assertThat(outcomes("directory_error")).isEqualTo(1);
        assertThat(outcomes("mail_failed")).isEqualTo(1);
        assertThat(outcomes("password_changed_notice_failed")).as("a notice is not a request").isZero();
        assertThat(mailFailures(ResetMeters.MAIL_RESET_LINK)).isEqualTo(1);
        assertThat(mailFailures(ResetMeters.MAIL_PASSWORD_CHANGED)).isEqualTo(1);
    }

    @Test
    void theNewPasswordPageCountsApart() {
        ResetOutcomeMetricsListenerFactory.count(event(EventType.UPDATE_PASSWORD, "password_changed"));
        ResetOutcomeMetricsListenerFactory.count(event(EventType.RESET_PASSWORD_ERROR, "link_used"));
        assertThat(registry.get(PackMetrics.RESET_PASSWORD_OUTCOMES).tags("outcome", "password_changed").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(PackMetrics.RESET_PASSWORD_OUTCOMES).tags("outcome", "link_used").counter().count())
                .isEqualTo(1);
        assertThat(outcomes("password_changed")).as("not a forgot-password request").isZero();
    }

    @Test
    void otherEventsAreNotResetRequests() {
        assertThat(ResetOutcomeMetricsListenerFactory.isResetEvent(event(EventType.LOGIN, "mail_sent"))).isFalse();
        assertThat(ResetOutcomeMetricsListenerFactory.isResetEvent(event(EventType.UPDATE_PASSWORD, null)))
                .as("a password changed elsewhere (account console, admin)").isFalse();
        assertThat(ResetOutcomeMetricsListenerFactory.isResetEvent(event(EventType.SEND_RESET_PASSWORD, null)))
                .as("Keycloak's own reset flow carries no douane_outcome").isFalse();
    }

    @Test
    void theListenerIsGlobalSoThatNoRealmSettingIsNeeded() {
        assertThat(new ResetOutcomeMetricsListenerFactory().isGlobal()).isTrue();
    }

    @Test
    void everyMeterHasItsPrometheusName() {
        assertThat(PackMetrics.exported()).contains("douane_reset_outcomes_total", "douane_reset_password_outcomes_total",
                "douane_reset_mail_failures_total", "douane_reset_jobs_pending", "douane_reset_jobs_dropped_total", "douane_portailpro_query_seconds_bucket",
                "douane_portailpro_errors_total");
    }
}
