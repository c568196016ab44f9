package fr.douane.keycloak.it.resetflow;

import static fr.douane.keycloak.it.resetflow.ResetFlowFixture.address;
import static fr.douane.keycloak.it.resetflow.ResetFlowFixture.normalized;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import fr.douane.keycloak.it.harness.DirectoryLink;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.harness.WebSession.Page;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture.Account;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The forgot-password POST looks nothing up: it checks the form, takes the per-address slot and
 * answers; the account's lookup (in Keycloak and in the Portailpro directory), its state and the
 * mail come afterwards, in a job. Shown on the real server with the directory up, refusing
 * connections and hung ({@link DirectoryLink}), by what reaches the directory and by the order in
 * which the page and the job's event appear, never by a stopwatch.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class ResetRequestIsolationIT {

    private ResetFlowFixture fx;
    private DouaneEnvironment env;

    @BeforeEach
    void fixture(DouaneEnvironment env) {
        this.env = env;
        fx = new ResetFlowFixture(env);
    }

    @Test
    void aThrottledAddressCausesNoLookupAndNoDirectoryStatement() {
        // Creating a local account asks the directory whether the name is free: done beforehand.
        Account portailpro = fx.portailproAccount("throttled-pp");
        Account local = fx.localAccount("throttled-local");
        String crowd = address();
        for (int i = 0; i < 20; i++) {
            fx.requestReset(new WebSession(crowd), "username", "personne-" + i + "-" + System.nanoTime());
        }
        // The 20 requests within the limit were looked up (unknown, so the directory was asked).
        awaitOutcomes(crowd, "unknown_account", 20);
        long before = quietStatements();

        List<Page> pages = new ArrayList<>();
        pages.add(fx.requestReset(new WebSession(crowd), "email", portailpro.email()));
        pages.add(fx.requestReset(new WebSession(crowd), "username", portailpro.username()));
        pages.add(fx.requestReset(new WebSession(crowd), "username", local.username()));
        pages.add(fx.requestReset(new WebSession(crowd), "username", "personne-" + System.nanoTime()));
        for (Page page : pages) {
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.document().getElementById("douane-reset-sent-title")).isNotNull();
        }
        awaitOutcomes(crowd, "rate_limited_address", 4);
        ResetFlowFixture.sleepQuietly(2_000); // a job, if any had been queued, would have run by now
        assertThat(env.portailpro().providerStatements()).as("directory statements caused by throttled requests")
                .isEqualTo(before);
        for (Map<String, Object> event : fx.eventsFrom("SEND_RESET_PASSWORD_ERROR", crowd)) {
            if ("rate_limited_address".equals(details(event).get("douane_outcome"))) {
                assertThat(event.get("userId")).as("a throttled request designates no user").isNull();
            }
        }
        assertThat(fx.mails(local.email())).isZero();
        assertThat(fx.mails(portailpro.email())).isZero();
        // Nobody was imported: the directory account is still unknown to Keycloak's own store.
        assertThat(env.admin().get("/admin/realms/douane/users?briefRepresentation=true&q=portailproId:" + portailpro.id())
                .json().size()).isZero();
    }

    /**
     * Directory hung: the page comes back at once, before the job that looks the account up has
     * even finished waiting for the directory (its event comes seconds later), identical for a
     * local account, a Portailpro account and an unknown identifiant. The local account gets its
     * mail during the outage: it does not depend on the directory.
     */
    @Test
    void whileTheDirectoryHangsThePageComesBeforeAnyLookupAndLocalAccountsStillGetTheirMail() {
        Account local = fx.localAccount("hung-local");
        Account portailpro = fx.portailproAccount("hung-pp");
        Page reference = fx.requestReset(new WebSession(address()), "username", "personne-" + System.nanoTime());
        env.directoryLink().set(DirectoryLink.State.HUNG);

        String ppAddress = address();
        Page ppPage = fx.requestReset(new WebSession(ppAddress), "email", portailpro.email());
        assertThat(fx.eventsFrom("SEND_RESET_PASSWORD_ERROR", ppAddress))
                .as("the page was answered while the job still waits for the directory").isEmpty();
        String unknownAddress = address();
        Page unknownPage = fx.requestReset(new WebSession(unknownAddress), "username", "personne-" + System.nanoTime());
        assertThat(fx.eventsFrom("SEND_RESET_PASSWORD_ERROR", unknownAddress)).isEmpty();
        Page localPage = fx.requestReset(new WebSession(address()), "username", local.username());

        for (Page page : List.of(ppPage, unknownPage, localPage)) {
            assertThat(page.status()).isEqualTo(200);
            assertThat(normalized(page)).isEqualTo(normalized(reference));
        }
        fx.awaitMail(local.email(), 0);
        assertThat(fx.awaitEventFrom("SEND_RESET_PASSWORD_ERROR", ppAddress, "directory_error")).isPresent();
        assertThat(fx.awaitEventFrom("SEND_RESET_PASSWORD_ERROR", unknownAddress, "directory_error")).isPresent();
        assertThat(fx.mails(portailpro.email())).isZero();
    }

    @Test
    void whileTheDirectoryRefusesConnectionsEveryAccountGetsTheSamePage() {
        Account local = fx.localAccount("refused-local");
        Account portailpro = fx.portailproAccount("refused-pp");
        Page reference = fx.requestReset(new WebSession(address()), "username", "personne-" + System.nanoTime());
        env.directoryLink().set(DirectoryLink.State.REFUSING);

        String ppAddress = address();
        List<Page> pages = List.of(
                fx.requestReset(new WebSession(ppAddress), "email", portailpro.email()),
                fx.requestReset(new WebSession(address()), "username", "personne-" + System.nanoTime()),
                fx.requestReset(new WebSession(address()), "username", local.username()));
        for (Page page : pages) {
            assertThat(page.status()).isEqualTo(200);
            assertThat(normalized(page)).isEqualTo(normalized(reference));
        }
        fx.awaitMail(local.email(), 0);
        assertThat(fx.awaitEventFrom("SEND_RESET_PASSWORD_ERROR", ppAddress, "directory_error")).isPresent();
        env.directoryLink().set(DirectoryLink.State.UP);
        // Back up: the same person asks again and gets the link.
        fx.requestReset(new WebSession(address()), "email", portailpro.email());
        fx.awaitLink(portailpro.email(), 0);
    }

    /**
     * What a person typed for an unknown account may be a password typed in the wrong field: it
     * is never recorded in clear, neither in the events an admin reads nor in the server log, only
     * as a keyed digest that lets the admin see the same value come back.
     */
    @Test
    void whatWasTypedForAnUnknownAccountIsNeverRecordedInClear() throws Exception {
        Path log = env.keycloak().log();
        long mark = Files.size(log);
        String typed = "Secret-" + System.nanoTime() + "!Mdp";
        String first = address();
        String second = address();
        fx.requestReset(new WebSession(first), "username", typed);
        fx.requestReset(new WebSession(second), "email", typed + "@exemple.fr");
        String again = address();
        fx.requestReset(new WebSession(again), "username", typed);

        Map<String, Object> byName = fx.awaitEventFrom("SEND_RESET_PASSWORD_ERROR", first, "unknown_account").orElseThrow();
        Map<String, Object> byEmail = fx.awaitEventFrom("SEND_RESET_PASSWORD_ERROR", second, "unknown_account").orElseThrow();
        Map<String, Object> repeated = fx.awaitEventFrom("SEND_RESET_PASSWORD_ERROR", again, "unknown_account").orElseThrow();
        for (Map<String, Object> event : List.of(byName, byEmail, repeated)) {
            assertThat(event.toString()).doesNotContain(typed);
            assertThat(details(event).get("douane_typed_digest")).asString().matches("[0-9a-f]{32}");
        }
        assertThat(details(repeated).get("douane_typed_digest")).isEqualTo(details(byName).get("douane_typed_digest"));
        assertThat(details(byEmail).get("douane_typed_digest")).isNotEqualTo(details(byName).get("douane_typed_digest"));

        ResetFlowFixture.sleepQuietly(500);
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(mark);
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).doesNotContain(typed);
        }
    }

    @Test
    void aOneMegabyteIdentifiantGetsAClearErrorAndNoServerError() {
        String huge = "a".repeat(1024 * 1024);
        WebSession web = new WebSession(address());
        Page page = fx.requestReset(web, "username", huge);
        assertThat(page.status()).isLessThan(500);
        assertThat(page.body()).doesNotContain("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        if (page.status() == 200) {
            assertThat(page.document().getElementById("identifier-error")).isNotNull();
        }
        // The same visitor goes on normally afterwards.
        Page next = fx.requestReset(new WebSession(address()), "username", "personne-" + System.nanoTime());
        assertThat(next.status()).isEqualTo(200);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Map<String, Object> event) {
        Object d = event.get("details");
        return d instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private void awaitOutcomes(String ipAddress, String outcome, int count) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            long seen = fx.eventsFrom("SEND_RESET_PASSWORD_ERROR", ipAddress).stream()
                    .filter(e -> outcome.equals(details(e).get("douane_outcome"))).count();
            if (seen >= count) {
                return;
            }
            ResetFlowFixture.sleepQuietly(250);
        }
        throw new AssertionError(count + " events " + outcome + " from " + ipAddress + " not seen");
    }

    /** The directory statement count once it has stopped moving (jobs of earlier tests done). */
    private long quietStatements() {
        long previous = -1;
        for (int i = 0; i < 20; i++) {
            long now = env.portailpro().providerStatements();
            if (now == previous) {
                return now;
            }
            previous = now;
            ResetFlowFixture.sleepQuietly(1_000);
        }
        return previous;
    }
}
