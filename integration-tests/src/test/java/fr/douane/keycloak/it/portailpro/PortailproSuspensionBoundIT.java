package fr.douane.keycloak.it.portailpro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture;
import fr.douane.keycloak.portailpro.PortailproValidationMemo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How long an imported Portailpro user keeps logging in with the douane password after Portailpro
 * suspended the account. Keycloak serves such a user from its user cache and does not ask the
 * provider again while the entry is valid, so what bounds the delay is the component's cache
 * policy (maxLifespan, plus the provider's validation memo) and its periodic changed-since
 * synchronisation. The shipped bound (4 min + 10 s) is too long for a test: the component is set
 * to a few seconds through the admin API, as an administrator would, and put back afterwards.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class PortailproSuspensionBoundIT {

    private static final String USERS = "/admin/realms/douane/users";
    private static final String PASSWORD = "Douane-2026!Borne";
    /** Time for the login requests themselves and the scheduling of this machine. */
    private static final long MARGIN_MILLIS = 3_000;

    private DouaneEnvironment env;
    private AdminApi admin;
    private ResetFlowFixture fx;
    private String componentId;
    private String nonce;

    @BeforeEach
    void setUp(DouaneEnvironment env) {
        this.env = env;
        this.admin = env.admin();
        this.fx = new ResetFlowFixture(env);
        this.nonce = Long.toString(System.nanoTime() % 10_000_000_000L, 36);
        for (JsonNode c : admin.get("/admin/realms/douane/components?type=org.keycloak.storage.UserStorageProvider").json()) {
            if ("douane-portailpro".equals(c.path("providerId").asText())) {
                componentId = c.get("id").asText();
            }
        }
        assertThat(componentId).as("Portailpro component of the douane realm").isNotNull();
    }

    /**
     * Cache path: with maxLifespan = 3 s and no synchronisation, logins go on while the cached
     * entry (and then the node's 10 s memo of the directory row) says ACTIVE, and stop at the
     * latest maxLifespan + memo after the suspension.
     */
    @Test
    void withAShortCacheLifespanLoginsStopWithinLifespanPlusTheValidationMemo() throws Exception {
        long lifespan = 3_000;
        try (AutoCloseable restore = configure(Map.of("cachePolicy", "MAX_LIFESPAN", "maxLifespan", Long.toString(lifespan),
                "changedSyncPeriod", "-1"))) {
            String email = importedWithPassword("cache");
            for (int i = 0; i < 3; i++) {
                assertThat(fx.passwordWorks(email, PASSWORD)).as("login %d before the suspension", i).isTrue();
            }
            long suspendedAt = suspend("cache");
            long bound = lifespan + PortailproValidationMemo.TTL_MILLIS;
            Stop stop = awaitRefusal(email, suspendedAt, bound + MARGIN_MILLIS);
            System.out.printf("[suspension] cache path: last login accepted %d ms after the suspension, first refused"
                    + " %d ms after (bound %d ms)%n", stop.lastAcceptedMillis(), stop.refusedMillis(), bound);
            assertThat(stop.refusedMillis()).as("refused within maxLifespan + memo").isLessThanOrEqualTo(bound + MARGIN_MILLIS);
            for (int i = 0; i < 3; i++) {
                assertThat(fx.passwordWorks(email, PASSWORD)).as("still refused").isFalse();
            }
        }
    }

    /**
     * Synchronisation path. First the control: with a long lifespan and no synchronisation, a
     * suspended user still logs in after the memo has expired (the cache answers, nobody asks the
     * directory). Then with a changed-since synchronisation every 2 s (same long lifespan), a
     * suspension stops logins within about one period: the run reads the row, refreshes the
     * user's status and evicts it.
     */
    @Test
    void withAPeriodicChangedSinceSynchronisationLoginsStopWithinAboutOnePeriod() throws Exception {
        int period = 2;
        try (AutoCloseable restore = configure(Map.of("cachePolicy", "MAX_LIFESPAN", "maxLifespan", "600000",
                "changedSyncPeriod", "-1"))) {
            // The changed-since clock starts at the first synchronisation of the component.
            assertThat(sync().path("ignored").asBoolean()).isFalse();
            String control = importedWithPassword("control");
            String synced = importedWithPassword("synced");
            for (String email : new String[] {control, synced}) {
                assertThat(fx.passwordWorks(email, PASSWORD)).isTrue();
                assertThat(fx.passwordWorks(email, PASSWORD)).isTrue();
            }

            long controlSuspendedAt = suspend("control");
            ResetFlowFixture.sleepQuietly(PortailproValidationMemo.TTL_MILLIS + 1_000 - elapsedMillis(controlSuspendedAt));
            assertThat(fx.passwordWorks(control, PASSWORD))
                    .as("no synchronisation, lifespan 10 min: the cached user still logs in after the memo expired").isTrue();

            // Changing the component evicts the realm's cached users (and the memo): done before the
            // suspension, so that only the synchronisation can be what stops the logins below.
            try (AutoCloseable periodic = configure(Map.of("changedSyncPeriod", Integer.toString(period)))) {
                assertThat(fx.passwordWorks(synced, PASSWORD)).isTrue();
                assertThat(fx.passwordWorks(synced, PASSWORD)).isTrue();
                Path log = env.keycloak().log();
                long mark = Files.size(log);
                long suspendedAt = suspend("synced");
                long bound = 2L * period * 1000;
                Stop stop = awaitRefusal(synced, suspendedAt, bound + MARGIN_MILLIS);
                System.out.printf("[suspension] sync path (every %d s): last login accepted %d ms after the suspension,"
                        + " first refused %d ms after%n", period, stop.lastAcceptedMillis(), stop.refusedMillis());
                assertThat(stop.refusedMillis()).as("refused within two periods").isLessThanOrEqualTo(bound + MARGIN_MILLIS);
                assertThat(fx.passwordWorks(synced, PASSWORD)).isFalse();
                assertThat(updatedBySynchronisations(log, mark)).as("a periodic run applied the suspension").isPositive();
            }
        }
    }

    // ----- helpers --------------------------------------------------------------------------------------

    private record Stop(long lastAcceptedMillis, long refusedMillis) {
    }

    /** Logs in until refused; times are measured from {@code sinceNanos}, the refusal at the end of its request. */
    private Stop awaitRefusal(String email, long sinceNanos, long deadlineMillis) {
        long lastAccepted = -1;
        while (elapsedMillis(sinceNanos) <= deadlineMillis + 2_000) {
            boolean accepted = fx.passwordWorks(email, PASSWORD);
            long at = elapsedMillis(sinceNanos);
            if (!accepted) {
                return new Stop(lastAccepted, at);
            }
            lastAccepted = at;
            ResetFlowFixture.sleepQuietly(200);
        }
        throw new AssertionError("still logging in " + elapsedMillis(sinceNanos) + " ms after the suspension (bound "
                + deadlineMillis + " ms)\n" + env.keycloak().tail(40));
    }

    private static long elapsedMillis(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1_000_000;
    }

    private String id(String key) {
        return "pp-bound-" + nonce + "-" + key;
    }

    private String email(String key) {
        return "borne-" + nonce + "-" + key + "@exemple.fr";
    }

    /** A fresh ACTIVE row, imported by an admin lookup, with a douane password. Returns its identifiant. */
    private String importedWithPassword(String key) {
        env.portailpro().execute("INSERT INTO portailpro_account (id, identifiant, email, first_name, last_name, status)"
                + " VALUES ('" + id(key) + "', '" + email(key) + "', '" + email(key) + "', 'Borne', 'Essai', 'ACTIVE')");
        JsonNode found = admin.get(USERS + "?exact=true&email=" + URLEncoder.encode(email(key), StandardCharsets.UTF_8)).json();
        assertThat(found.size()).as(found.toString()).isEqualTo(1);
        AdminApi.Response set = admin.put(USERS + "/" + found.get(0).get("id").asText() + "/reset-password",
                Map.of("type", "password", "value", PASSWORD, "temporary", false));
        assertThat(set.status()).as(set.body()).isEqualTo(204);
        return email(key);
    }

    /** Suspends the account in the directory; returns System.nanoTime() once the update has committed. */
    private long suspend(String key) {
        env.portailpro().execute("UPDATE portailpro_account SET status = 'SUSPENDED' WHERE id = '" + id(key) + "'");
        return System.nanoTime();
    }

    private JsonNode sync() {
        AdminApi.Response r = admin.post("/admin/realms/douane/user-storage/" + componentId
                + "/sync?action=triggerChangedUsersSync", Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** Sets these component config keys through the admin API; closing puts the previous values back. */
    private AutoCloseable configure(Map<String, String> settings) {
        JsonNode before = admin.get("/admin/realms/douane/components/" + componentId).json().path("config");
        putConfig(settings);
        return () -> {
            ObjectNode component = (ObjectNode) admin.get("/admin/realms/douane/components/" + componentId).json();
            ObjectNode config = (ObjectNode) component.path("config");
            settings.keySet().forEach(key -> {
                if (before.has(key)) {
                    config.set(key, before.get(key));
                } else {
                    config.remove(key);
                }
            });
            AdminApi.Response r = admin.put("/admin/realms/douane/components/" + componentId, component);
            assertThat(r.status()).as("restoring the component: " + r.body()).isEqualTo(204);
        };
    }

    private void putConfig(Map<String, String> settings) {
        ObjectNode component = (ObjectNode) admin.get("/admin/realms/douane/components/" + componentId).json();
        ObjectNode config = (ObjectNode) component.path("config");
        settings.forEach((key, value) -> config.putArray(key).add(value));
        AdminApi.Response r = admin.put("/admin/realms/douane/components/" + componentId, component);
        assertThat(r.status()).as(r.body()).isEqualTo(204);
    }

    /** Sum of the "updated" counts the provider logged for changed-since runs after {@code mark}. */
    private static int updatedBySynchronisations(Path log, long mark) {
        String logged;
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(mark);
            logged = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher m = Pattern.compile("Portailpro changed-since synchronisation of [^:]+: .*?(\\d+) updated users").matcher(logged);
        int updated = 0;
        while (m.find()) {
            updated += Integer.parseInt(m.group(1));
        }
        return updated;
    }
}
