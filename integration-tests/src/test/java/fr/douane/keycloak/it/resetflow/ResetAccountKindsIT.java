package fr.douane.keycloak.it.resetflow;

import static fr.douane.keycloak.it.resetflow.ResetFlowFixture.address;
import static fr.douane.keycloak.it.resetflow.ResetFlowFixture.normalized;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import fr.douane.keycloak.it.harness.DirectoryLink;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.MailServer;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.harness.WebSession.Page;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture.Account;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The reset flow's promises for every kind of account: Portailpro accounts whose status changes
 * in the directory (read fresh before a link is mailed and when the new password is submitted,
 * failing closed when the directory cannot be read), addresses shared by Portailpro accounts,
 * accounts that can never get a link, a locked-out account, and links that an admin's change or
 * a concurrent submission must kill.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class ResetAccountKindsIT {

    private static final String NEW_PASSWORD = "Nouveau-2026!pass";
    private static final String LINK_USED = "Ce lien a déjà été utilisé ou a été remplacé par un lien plus récent.";

    private ResetFlowFixture fx;
    private DouaneEnvironment env;

    @BeforeEach
    void fixture(DouaneEnvironment env) {
        this.env = env;
        fx = new ResetFlowFixture(env);
    }

    /** A Portailpro account with a douane password, imported and logging in from Keycloak's cache. */
    private Account importedWithPassword(String prefix) {
        Account directory = fx.portailproAccount(prefix);
        String userId = fx.importPortailpro(directory);
        assertThat(fx.admin.put("/admin/realms/douane/users/" + userId + "/reset-password",
                Map.of("type", "password", "value", NEW_PASSWORD, "temporary", false)).status()).isEqualTo(204);
        assertThat(fx.passwordWorks(directory.username(), NEW_PASSWORD)).isTrue();
        assertThat(fx.passwordWorks(directory.username(), NEW_PASSWORD)).isTrue();
        return new Account(directory.id(), directory.username(), directory.email(), NEW_PASSWORD);
    }

    @Test
    void aSuspensionInPortailproStopsTheNextResetRequestAndTheLoginsAtOnce() {
        Account account = importedWithPassword("suspended-now");
        fx.setPortailproStatus(account, "SUSPENDED");
        String from = address();
        Page page = fx.requestReset(new WebSession(from), "email", account.email());
        assertThat(page.document().getElementById("douane-reset-sent-title")).isNotNull();
        assertThat(fx.awaitEventFrom("SEND_RESET_PASSWORD_ERROR", from, "account_blocked")).isPresent();
        assertThat(fx.mails(account.email())).isZero();
        // The fresh read was applied to the imported copy: the cached login stops with it.
        assertThat(fx.passwordWorks(account.username(), account.password())).isFalse();

        fx.setPortailproStatus(account, "ACTIVE");
        fx.requestReset(new WebSession(address()), "username", account.username());
        fx.awaitLink(account.email(), 0);
    }

    @Test
    void aSuspensionBetweenTheMailAndTheLastPageKillsTheLink() {
        Account account = fx.portailproAccount("suspended-later");
        fx.requestReset(new WebSession(address()), "email", account.email());
        String link = fx.awaitLink(account.email(), 0);
        WebSession web = new WebSession(address());
        Page form = web.get(link);
        assertThat(form.status()).isEqualTo(200);
        fx.setPortailproStatus(account, "SUSPENDED");
        Page refused = fx.setPassword(web, form, account.username(), NEW_PASSWORD, NEW_PASSWORD);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text()).contains(LINK_USED);
        fx.setPortailproStatus(account, "ACTIVE");
        assertThat(new WebSession(address()).get(link).status()).as("the link stays dead").isEqualTo(400);
        assertThat(fx.passwordWorks(account.username(), NEW_PASSWORD)).isFalse();
    }

    @Test
    void anUnreadableDirectoryAtTheLastPageChangesNothingAndKeepsTheLink() {
        Account account = fx.portailproAccount("unreadable-last");
        fx.requestReset(new WebSession(address()), "email", account.email());
        String link = fx.awaitLink(account.email(), 0);
        WebSession web = new WebSession(address());
        Page form = web.get(link);
        env.directoryLink().set(DirectoryLink.State.REFUSING);
        Page unavailable = fx.setPassword(web, form, account.username(), NEW_PASSWORD, NEW_PASSWORD);
        assertThat(unavailable.status()).isEqualTo(200);
        assertThat(unavailable.text()).contains("Le service est momentanément indisponible");
        env.directoryLink().set(DirectoryLink.State.UP);
        Page done = fx.setPassword(web, unavailable, account.username(), NEW_PASSWORD, NEW_PASSWORD);
        assertThat(done.text()).contains("Votre mot de passe a été modifié");
        assertThat(fx.passwordWorks(account.username(), NEW_PASSWORD)).isTrue();
    }

    @Test
    void anImportedAccountGetsNoLinkWhileItsDirectoryCannotBeRead() {
        Account account = importedWithPassword("unreadable-request");
        env.directoryLink().set(DirectoryLink.State.HUNG);
        String from = address();
        fx.requestReset(new WebSession(from), "username", account.username());
        assertThat(fx.awaitEventFrom("SEND_RESET_PASSWORD_ERROR", from, "directory_error")).isPresent();
        assertThat(fx.mails(account.email())).isZero();
        // The outage locks nobody out: the douane password lives in Keycloak.
        assertThat(fx.passwordWorks(account.username(), account.password())).isTrue();
    }

    @Test
    void twoPortailproAccountsWithOneAddressGetTheSharedEmailNotice() {
        String shared = ResetFlowFixture.unique("partage-pp") + "@exemple.fr";
        for (int i = 0; i < 2; i++) {
            String id = ResetFlowFixture.unique("partage-pp");
            env.portailpro().execute("INSERT INTO portailpro_account (id, identifiant, email, first_name, last_name, status)"
                    + " VALUES ('" + id + "', '" + id + "', '" + shared + "', 'Partage', 'Portailpro', 'ACTIVE')");
        }
        Page reference = fx.requestReset(new WebSession(address()), "email", "personne-" + System.nanoTime() + "@exemple.fr");
        // Neither account imported yet: the directory's lookup designates two accounts.
        Page page = fx.requestReset(new WebSession(address()), "email", shared);
        assertThat(normalized(page)).isEqualTo(normalized(reference));
        MimeMessage notice = fx.awaitMail(shared, 0);
        assertThat(MailServer.resetLink(notice)).isEmpty();
        assertThat(MailServer.text(notice)).contains("Identifiant");
        // Now both are imported (one of them without the address, which the realm keeps unique):
        // Keycloak's own store finds one, the directory still says the address is shared.
        fx.requestReset(new WebSession(address()), "email", shared);
        MimeMessage second = fx.awaitMail(shared, 1);
        assertThat(MailServer.resetLink(second)).isEmpty();
    }

    @Test
    void accountsWithoutAnAddressAndServiceAccountsGetNoMailAndTheSamePage() {
        Page reference = fx.requestReset(new WebSession(address()), "username", "personne-" + System.nanoTime());
        String noEmail = ResetFlowFixture.unique("sans-courriel");
        assertThat(fx.admin.post("/admin/realms/douane/users", Map.of("username", noEmail, "enabled", true)).status()).isEqualTo(201);
        String clientId = ResetFlowFixture.unique("service");
        assertThat(fx.admin.post("/admin/realms/douane/clients", Map.of("clientId", clientId, "publicClient", false,
                "serviceAccountsEnabled", true, "standardFlowEnabled", false)).status()).isEqualTo(201);

        String fromLocal = address();
        String fromPortailpro = address();
        String fromService = address();
        List<Page> pages = List.of(
                fx.requestReset(new WebSession(fromLocal), "username", noEmail),
                fx.requestReset(new WebSession(fromPortailpro), "username", "sans.courriel.0010"),
                fx.requestReset(new WebSession(fromService), "username", "service-account-" + clientId));
        for (Page page : pages) {
            assertThat(normalized(page)).isEqualTo(normalized(reference));
        }
        assertThat(fx.awaitEventFrom("SEND_RESET_PASSWORD_ERROR", fromLocal, "no_email")).isPresent();
        assertThat(fx.awaitEventFrom("SEND_RESET_PASSWORD_ERROR", fromPortailpro, "no_email")).isPresent();
        assertThat(fx.awaitEventFrom("SEND_RESET_PASSWORD_ERROR", fromService, "service_account")).isPresent();
    }

    /**
     * Decision: a temporary brute-force lockout does not stop a reset, and a successful reset ends
     * it. The link proves the mailbox, which is more than the lockout protects; the person logs
     * in with the new password at once.
     */
    @Test
    void aTemporarilyLockedAccountResetsItsPasswordAndLogsInAtOnce() {
        Account account = fx.localAccount("locked");
        for (int i = 0; i < 10; i++) {
            fx.passwordWorks(account.username(), "Mauvais-" + i + "!Mdp");
        }
        assertThat(fx.passwordWorks(account.username(), account.password())).as("locked out").isFalse();
        String link = fx.link(new WebSession(address()), account);
        WebSession web = new WebSession(address());
        Page done = fx.setPassword(web, web.get(link), account.username(), NEW_PASSWORD, NEW_PASSWORD);
        assertThat(done.text()).contains("Votre mot de passe a été modifié");
        assertThat(fx.passwordWorks(account.username(), NEW_PASSWORD)).isTrue();
    }

    /** The link lives 24 hours (the realm's forgot-password action-token lifespan), by Keycloak's clock. */
    @Test
    void theLinkStillWorksAt23h59AndHasExpiredAt24h01() {
        assumeTrue(env.keycloak().canMoveClock(), "needs the tests-only clock provider");
        Account account = fx.localAccount("lifespan");
        String first = fx.link(new WebSession(address()), account);
        try {
            env.keycloak().setClockOffset(24 * 3600 - 60);
            WebSession web = new WebSession(address());
            Page form = web.get(first);
            assertThat(form.status()).isEqualTo(200);
            Page done = fx.setPassword(web, form, account.username(), NEW_PASSWORD, NEW_PASSWORD);
            assertThat(done.text()).contains("Votre mot de passe a été modifié");
            fx.awaitMail(account.email(), 1); // the "mot de passe modifié" notice, sent after the page

            env.keycloak().setClockOffset(0);
            String second = fx.link(new WebSession(address()), account);
            env.keycloak().setClockOffset(24 * 3600 + 60);
            Page expired = new WebSession(address()).get(second);
            assertThat(expired.status()).isEqualTo(400);
            assertThat(expired.text()).contains("Ce lien a expiré");
        } finally {
            env.keycloak().setClockOffset(0);
        }
        assertThat(fx.passwordWorks(account.username(), NEW_PASSWORD)).isTrue();
    }

    @Test
    void aLinkOpenedAfterAnAdminChangedThePasswordIsRefused() {
        Account account = fx.localAccount("admin-changed");
        String link = fx.link(new WebSession(address()), account);
        assertThat(fx.admin.put("/admin/realms/douane/users/" + account.id() + "/reset-password",
                Map.of("type", "password", "value", "Admin-2026!pass", "temporary", false)).status()).isEqualTo(204);
        assertThat(new WebSession(address()).get(link).status()).isEqualTo(400);
        assertThat(fx.passwordWorks(account.username(), "Admin-2026!pass")).isTrue();
    }

    /**
     * The last wrong identifiant kills the link while another submission of the same link, with
     * the right identifiant and a password the policy refuses, holds the link's claim and then
     * gives it back: the link must stay dead whatever the interleaving.
     */
    @Test
    void aWrongIdentifiantKillIsNotUndoneByAConcurrentPolicyFailure() throws Exception {
        Account other = fx.localAccount("kill-other");
        for (int round = 0; round < 5; round++) {
            Account account = fx.localAccount("kill-" + round);
            String link = fx.link(new WebSession(address()), account);
            WebSession wrong = new WebSession(address());
            Page form = wrong.get(link);
            for (int i = 1; i < 5; i++) {
                form = fx.setPassword(wrong, form, other.username(), NEW_PASSWORD, NEW_PASSWORD);
            }
            WebSession right = new WebSession(address());
            Page rightForm = right.get(link);
            Page lastWrongForm = form;
            CountDownLatch go = new CountDownLatch(1);
            CompletableFuture<Page> weak = CompletableFuture.supplyAsync(() -> {
                await(go);
                return fx.setPassword(right, rightForm, account.username(), "abcdef1_", "abcdef1_");
            });
            CompletableFuture<Page> kill = CompletableFuture.supplyAsync(() -> {
                await(go);
                return fx.setPassword(wrong, lastWrongForm, other.username(), NEW_PASSWORD, NEW_PASSWORD);
            });
            go.countDown();
            weak.get(60, TimeUnit.SECONDS);
            assertThat(kill.get(60, TimeUnit.SECONDS).status()).isEqualTo(400);
            assertThat(new WebSession(address()).get(link).status()).as("round " + round + ": link dead").isEqualTo(400);
            assertThat(fx.passwordWorks(account.username(), account.password())).isTrue();
        }
    }

    /**
     * Directory hung while 50 visitors log in and ask for resets at once: local accounts log in
     * as usual, no page fails, and once the directory is back a Portailpro lookup works again
     * within 10 s (the pool's connections are renewed, none stays stuck).
     */
    @Test
    void fiftyConcurrentVisitorsWhileTheDirectoryHangsAndThePoolRecovers() throws Exception {
        List<Account> locals = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            locals.add(fx.localAccount("hung-load-" + i));
        }
        Account portailpro = fx.portailproAccount("hung-load-pp");
        env.directoryLink().set(DirectoryLink.State.HUNG);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Boolean>> logins = new ArrayList<>();
            List<Future<Integer>> resets = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                Account a = locals.get(i);
                logins.add(pool.submit(() -> fx.passwordWorks(a.username(), a.password())));
                int n = i;
                resets.add(pool.submit(() -> fx.requestReset(new WebSession(address()),
                        n % 2 == 0 ? "username" : "email",
                        n % 3 == 0 ? portailpro.email() : "personne-" + n + "-" + System.nanoTime() + "@exemple.fr").status()));
            }
            for (Future<Boolean> login : logins) {
                assertThat(login.get(60, TimeUnit.SECONDS)).as("local login during the outage").isTrue();
            }
            for (Future<Integer> reset : resets) {
                assertThat(reset.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        env.directoryLink().set(DirectoryLink.State.UP);
        long back = System.nanoTime();
        Account fresh = fx.portailproAccount("hung-load-after");
        long deadline = back + TimeUnit.SECONDS.toNanos(10);
        boolean found = false;
        while (!found && System.nanoTime() < deadline) {
            found = fx.admin.get("/admin/realms/douane/users?exact=true&email=" + fresh.email()).json().size() == 1;
            if (!found) {
                ResetFlowFixture.sleepQuietly(250);
            }
        }
        assertThat(found).as("a Portailpro lookup works within 10 s of the directory coming back").isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
