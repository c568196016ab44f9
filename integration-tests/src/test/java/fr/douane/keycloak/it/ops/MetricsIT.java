package fr.douane.keycloak.it.ops;

import static fr.douane.keycloak.it.resetflow.ResetFlowFixture.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.DirectoryLink;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.KeycloakServer;
import fr.douane.keycloak.it.harness.Paths;
import fr.douane.keycloak.it.harness.SmtpLink;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture.Account;
import fr.douane.keycloak.metrics.PackMetrics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an operator's Prometheus reads on the management port ({@code /metrics}) of the real
 * server, which runs with {@code --metrics-enabled=true --event-metrics-user-enabled=true} as the
 * image does: after a reset, a directory outage and an SMTP outage, each of the pack's counters
 * and Keycloak's user-event counter has moved; and every Keycloak metric the shipped dashboard
 * and alert rules query ({@code deploy/keycloak-metrics.txt}) is one this server exports.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class MetricsIT {

    private DouaneEnvironment env;
    private ResetFlowFixture fx;
    private String management;

    @BeforeEach
    void fixture(DouaneEnvironment env) {
        assumeTrue(env.keycloak() instanceof KeycloakServer, "the management port of the local distribution");
        this.env = env;
        this.fx = new ResetFlowFixture(env);
        this.management = ((KeycloakServer) env.keycloak()).managementUrl();
    }

    @Test
    void aResetMovesTheOutcomeCounterKeycloaksEventCounterAndTheDirectoryMeters() {
        MetricsScrape before = MetricsScrape.of(management);
        Account account = fx.portailproAccount("metrics");
        String from = address();
        fx.requestReset(new WebSession(from), "email", account.email());
        fx.awaitLink(account.email(), 0);
        assertThat(fx.awaitEventFrom("SEND_RESET_PASSWORD", from, "mail_sent")).isPresent();

        MetricsScrape after = awaitScrape(s -> s.sum("douane_reset_outcomes_total", "outcome=\"mail_sent\"", "realm=\"douane\"")
                > before.sum("douane_reset_outcomes_total", "outcome=\"mail_sent\"", "realm=\"douane\""));
        assertThat(after.sum("keycloak_user_events_total", "event=\"send_reset_password\"", "realm=\"douane\""))
                .as("Keycloak's user-event metric").isGreaterThan(
                        before.sum("keycloak_user_events_total", "event=\"send_reset_password\"", "realm=\"douane\""));
        assertThat(after.sum("douane_portailpro_query_seconds_count", "operation=\"by_email\"", "outcome=\"ok\""))
                .as("directory lookups timed").isGreaterThan(
                        before.sum("douane_portailpro_query_seconds_count", "operation=\"by_email\"", "outcome=\"ok\""));
        assertThat(after.has("douane_portailpro_query_seconds_bucket", "operation=\"by_email\"")).as("latency histogram").isTrue();
        assertThat(after.has("douane_reset_jobs_pending")).isTrue();
        assertThat(after.has("hikaricp_connections_active", "pool=\"douane-portailpro-")).as("pool usage").isTrue();
        assertThat(after.sum("hikaricp_connections_acquire_seconds_count", "pool=\"douane-portailpro-"))
                .as("connections taken from the Portailpro pool").isGreaterThan(
                        before.sum("hikaricp_connections_acquire_seconds_count", "pool=\"douane-portailpro-"));
    }

    @Test
    void aDirectoryOutageMovesTheDirectoryErrorCountersAndTheDirectoryErrorOutcome() {
        MetricsScrape before = MetricsScrape.of(management);
        Account refused = fx.portailproAccount("metrics-refused");
        Account hung = fx.portailproAccount("metrics-hung");
        String fromRefused = address();
        String fromHung = address();
        try {
            env.directoryLink().set(DirectoryLink.State.REFUSING);
            fx.requestReset(new WebSession(fromRefused), "email", refused.email());
            assertThat(fx.awaitEventFrom("SEND_RESET_PASSWORD_ERROR", fromRefused, "directory_error")).isPresent();
            env.directoryLink().set(DirectoryLink.State.HUNG);
            fx.requestReset(new WebSession(fromHung), "email", hung.email());
            assertThat(fx.awaitEventFrom("SEND_RESET_PASSWORD_ERROR", fromHung, "directory_error")).isPresent();
        } finally {
            env.directoryLink().set(DirectoryLink.State.UP);
        }
        MetricsScrape after = awaitScrape(s -> s.sum("douane_reset_outcomes_total", "outcome=\"directory_error\"")
                >= before.sum("douane_reset_outcomes_total", "outcome=\"directory_error\"") + 2);
        assertThat(after.sum("douane_portailpro_errors_total")).as("directory failures")
                .isGreaterThanOrEqualTo(before.sum("douane_portailpro_errors_total") + 2);
        assertThat(after.sum("douane_portailpro_query_seconds_count", "outcome=\"error\""))
                .isGreaterThanOrEqualTo(before.sum("douane_portailpro_query_seconds_count", "outcome=\"error\"") + 2);
        assertThat(after.sum("keycloak_user_events_total", "event=\"send_reset_password\"", "error=\"douane_directory_error\""))
                .isGreaterThanOrEqualTo(before.sum("keycloak_user_events_total", "event=\"send_reset_password\"",
                        "error=\"douane_directory_error\"") + 2);
    }

    @Test
    void anSmtpOutageMovesTheMailFailureCounter() throws Exception {
        MetricsScrape before = MetricsScrape.of(management);
        Account account = fx.localAccount("metrics-smtp");
        Map<String, Object> smtp = Map.of("host", "127.0.0.1", "port", Integer.toString(env.mail().port()),
                "from", "ne-pas-repondre@douane.gouv.fr", "fromDisplayName", "douane.gouv.fr");
        Map<String, Object> dead = new HashMap<>(smtp);
        dead.put("port", "1");
        AdminApi admin = env.admin();
        // Retries off, so that the failure is final at once. A realm update replaces the whole attribute
        // map: the realm's other attributes (the 24 h link lifespan...) go with it, and come back after.
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = new com.fasterxml.jackson.databind.ObjectMapper()
                .convertValue(admin.get("/admin/realms/douane").json().get("attributes"), Map.class);
        Map<String, Object> noRetry = new HashMap<>(attributes);
        noRetry.put("douaneMailRetryWindowMinutes", "0");
        assertThat(admin.put("/admin/realms/douane", Map.of("smtpServer", dead, "attributes", noRetry)).status())
                .isEqualTo(204);
        try {
            fx.requestReset(new WebSession(address()), "username", account.username());
            assertThat(fx.awaitEvent("SEND_RESET_PASSWORD_ERROR", account.id(), "mail_failed")).isTrue();
        } finally {
            admin.put("/admin/realms/douane", Map.of("smtpServer", smtp, "attributes", attributes));
        }
        MetricsScrape after = awaitScrape(s -> s.sum("douane_reset_mail_failures_total", "mail=\"reset_link\"")
                > before.sum("douane_reset_mail_failures_total", "mail=\"reset_link\""));
        assertThat(after.sum("douane_reset_outcomes_total", "outcome=\"mail_failed\""))
                .isGreaterThan(before.sum("douane_reset_outcomes_total", "outcome=\"mail_failed\""));
    }

    /**
     * A mail that failed for a reason that can pass waits in the outbox: the outbox gauge counts it
     * while SMTP refuses connections, and no longer once SMTP is back and the mail has left.
     */
    @Test
    @SuppressWarnings("unchecked")
    void aMailWaitingForAnotherAttemptShowsOnTheOutboxGaugeUntilItLeaves() {
        AdminApi admin = env.admin();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode realm = admin.get("/admin/realms/douane").json();
        Map<String, Object> smtpServer = json.convertValue(realm.get("smtpServer"), Map.class);
        Map<String, Object> attributes = json.convertValue(realm.get("attributes"), Map.class);
        String gauge = "douane_reset_mail_outbox";
        try (SmtpLink link = new SmtpLink(env.mail().port())) {
            link.set(SmtpLink.State.REFUSING);
            Map<String, Object> linked = new HashMap<>(smtpServer);
            linked.put("port", Integer.toString(link.port()));
            Map<String, Object> retry = new HashMap<>(attributes);
            retry.put("douaneMailRetryWindowMinutes", "15");
            retry.put("douaneMailRetryFirstDelaySeconds", "2");
            retry.put("douaneMailRetryMaxDelaySeconds", "4");
            assertThat(admin.put("/admin/realms/douane", Map.of("smtpServer", linked, "attributes", retry)).status())
                    .isEqualTo(204);
            try {
                double before = MetricsScrape.of(management).sum(gauge);
                Account account = fx.localAccount("metrics-outbox");
                fx.requestReset(new WebSession(address()), "username", account.username());
                MetricsScrape down = awaitScrape(s -> s.sum(gauge) >= before + 1, 60);
                assertThat(down.sum(gauge)).as("mails waiting while SMTP is down").isGreaterThanOrEqualTo(before + 1);

                link.set(SmtpLink.State.UP);
                fx.awaitLink(account.email(), 0);
                MetricsScrape drained = awaitScrape(s -> s.sum(gauge) <= before, 60);
                assertThat(drained.sum(gauge)).as("mails waiting once the mail has left").isLessThanOrEqualTo(before);
            } finally {
                admin.put("/admin/realms/douane", Map.of("smtpServer", smtpServer, "attributes", attributes));
            }
        }
    }

    /**
     * The list the dashboard check ({@code DeployFilesTest}) trusts for Keycloak's own metrics is
     * what this server exports; the pack's own series appear under the names the code declares
     * once each has been recorded (the other tests of this class record them).
     */
    @Test
    void everyKeycloakMetricTheDeployFilesUseIsExportedByTheServer() throws IOException {
        List<String> keycloakMetrics = Files.readAllLines(Paths.projectRoot().resolve("deploy/keycloak-metrics.txt"),
                StandardCharsets.UTF_8).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(keycloakMetrics).isNotEmpty();
        // Make sure Keycloak's user-event counter and the pack's reset meters exist in this run.
        Account account = fx.localAccount("metrics-names");
        String from = address();
        fx.requestReset(new WebSession(from), "username", account.username());
        assertThat(fx.awaitEventFrom("SEND_RESET_PASSWORD", from, "mail_sent")).isPresent();
        MetricsScrape scrape = awaitScrape(s -> s.has("keycloak_user_events_total") && s.has("douane_reset_outcomes_total"));
        assertThat(scrape.names()).containsAll(keycloakMetrics);
        assertThat(scrape.names()).contains("douane_reset_outcomes_total", "douane_reset_jobs_pending",
                "douane_reset_jobs_dropped_total", "douane_reset_mail_outbox", "douane_reset_mail_outbox_refused_total");
        System.out.println("[douane-it] metric names on /metrics: " + scrape.names());
        assertThat(PackMetrics.exported()).contains("douane_reset_outcomes_total", "douane_portailpro_errors_total");
    }

    /** Counters move when the event's transaction commits, just after the event is visible. */
    private MetricsScrape awaitScrape(Predicate<MetricsScrape> moved) {
        return awaitScrape(moved, 10);
    }

    private MetricsScrape awaitScrape(Predicate<MetricsScrape> moved, int seconds) {
        MetricsScrape last = null;
        for (int i = 0; i < seconds * 4; i++) {
            last = MetricsScrape.of(management);
            if (moved.test(last)) {
                return last;
            }
            ResetFlowFixture.sleepQuietly(250);
        }
        throw new AssertionError("the metrics did not move; last scrape: " + last.names());
    }
}
