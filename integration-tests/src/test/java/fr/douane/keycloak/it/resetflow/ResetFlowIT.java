package fr.douane.keycloak.it.resetflow;

import static fr.douane.keycloak.it.resetflow.ResetFlowFixture.address;
import static fr.douane.keycloak.it.resetflow.ResetFlowFixture.normalized;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

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
 * The douane reset flow on the real Keycloak 26.7.3, at the HTTP level: one test (at least) per
 * rule of the flow. Every visitor speaks from its own documentation-range address (sent as
 * X-Forwarded-For) so that the per-address limit of one test does not touch another.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class ResetFlowIT {

    private ResetFlowFixture fx;

    @BeforeEach
    void fixture(DouaneEnvironment env) {
        fx = new ResetFlowFixture(env);
    }

    @Test
    void existingUnknownAndDisabledAccountsGetTheSameConfirmationPageAndStatus() {
        Account known = fx.localAccount("known");
        Account disabled = fx.localAccount("disabled");
        fx.admin.put("/admin/realms/douane/users/" + disabled.id(), Map.of("enabled", false));

        List<Page> pages = new ArrayList<>();
        pages.add(fx.requestReset(new WebSession(address()), "username", known.username()));
        pages.add(fx.requestReset(new WebSession(address()), "username", "personne-" + System.nanoTime()));
        pages.add(fx.requestReset(new WebSession(address()), "email", known.email().toUpperCase()));
        pages.add(fx.requestReset(new WebSession(address()), "email", "personne-" + System.nanoTime() + "@exemple.fr"));
        pages.add(fx.requestReset(new WebSession(address()), "username", disabled.username()));

        for (Page page : pages) {
            assertThat(page.status()).isEqualTo(200);
            assertThat(normalized(page)).isEqualTo(normalized(pages.get(0)));
        }
        assertThat(pages.get(0).text()).contains("Une demande de confirmation pour la réinitialisation de votre mot de passe a été envoyée");
        // Known account: two mails (by identifiant, and by email typed in capitals); disabled: none.
        fx.awaitMail(known.email(), 1);
        assertThat(fx.awaitEvent("SEND_RESET_PASSWORD_ERROR", disabled.id(), "disabled_account")).isTrue();
        assertThat(fx.awaitEvent("SEND_RESET_PASSWORD_ERROR", null, "unknown_account")).isTrue();
        assertThat(fx.mails(disabled.email())).isZero();
    }

    @Test
    void emptyAndHostileInputGetALocalizedErrorOnTheSamePageAndAreNeverEchoed() {
        WebSession web = new WebSession(address());
        Page empty = fx.requestReset(web, "email", "   ");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.document().getElementById("identifier-error").text())
                .isEqualTo("Veuillez renseigner votre identifiant ou votre courrier électronique.");

        String script = "<script>alert('x')</script>@exemple.fr";
        for (String hostile : List.of("a".repeat(10_240), "marie\r\nBcc: victime@exemple.fr", script, "nul\u0000l")) {
            Page page = fx.requestReset(new WebSession(address()), "email", hostile);
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.document().getElementById("identifier-error").text())
                    .startsWith("La valeur saisie n’est pas valide");
            assertThat(page.body()).doesNotContain("<script>alert").doesNotContain("a".repeat(300)).doesNotContain("Bcc: victime");
        }

        Page english = fx.requestReset(fx.visitor(address(), "en"), "username", "");
        assertThat(english.document().getElementById("identifier-error").text()).doesNotContain("Veuillez");
    }

    /**
     * Both mails reach the SMTP server in one write of the mail client (Jakarta Mail buffers 8 KiB).
     * A bigger message leaves in two writes, and the second one waits for the acknowledgement of
     * the first: with Nagle's algorithm and the server's delayed ACK that is a 40 ms stall on Linux
     * (up to 200 ms elsewhere) on every mail, which the load benchmark measured (B1).
     */
    @Test
    void bothMailsFitInOneWriteOfTheSmtpClient() throws Exception {
        Account account = fx.localAccount("mail-size");
        WebSession web = new WebSession(address());
        int before = fx.mails(account.email());
        fx.requestReset(web, "username", account.username());
        MimeMessage linkMail = fx.awaitMail(account.email(), before);
        String link = MailServer.resetLink(linkMail).orElseThrow();
        Page done = fx.setPassword(web, web.get(link), account.username(), "Nouveau-2026!taille", "Nouveau-2026!taille");
        assertThat(done.text()).contains("Votre mot de passe a été modifié");
        MimeMessage notice = fx.awaitMail(account.email(), before + 1);
        for (MimeMessage m : List.of(linkMail, notice)) {
            java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
            m.writeTo(raw);
            System.out.println("[mail-size] " + m.getSubject() + ": " + raw.size() + " bytes");
            // 256 bytes of headroom for a production host name, identifiant and name longer than here.
            assertThat(raw.size()).as(m.getSubject()).isLessThan(8192 - 256);
        }
    }

    @Test
    void aLinkIsSingleUseAndDiesWhenANewerOneIsIssued() {
        Account account = fx.localAccount("single");
        WebSession web = new WebSession(address());
        String older = fx.link(web, account);
        String newer = fx.link(web, account);

        Page superseded = new WebSession(address()).get(older);
        assertThat(superseded.status()).isEqualTo(400);
        assertThat(superseded.text()).contains("Demandez un nouveau lien");

        WebSession holder = new WebSession(address());
        Page form = holder.get(newer);
        assertThat(form.status()).isEqualTo(200);
        Page done = fx.setPassword(holder, form, account.username(), "Nouveau-2026!pass", "Nouveau-2026!pass");
        assertThat(done.text()).contains("Votre mot de passe a été modifié");
        assertThat(fx.passwordWorks(account.username(), "Nouveau-2026!pass")).isTrue();

        Page reused = new WebSession(address()).get(newer);
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.text()).containsAnyOf("déjà été utilisé", "n’est pas valide");
    }

    @Test
    void aTamperedLinkIsRefused() {
        Account account = fx.localAccount("tamper");
        String link = fx.link(new WebSession(address()), account);
        int keyStart = link.indexOf("key=") + 4;
        int dot = link.lastIndexOf('.', link.indexOf('&', keyStart) < 0 ? link.length() : link.indexOf('&', keyStart));
        char c = link.charAt(dot + 5);
        String tampered = link.substring(0, dot + 5) + (c == 'A' ? 'B' : 'A') + link.substring(dot + 6);
        Page page = new WebSession(address()).get(tampered);
        assertThat(page.status()).isEqualTo(400);
        assertThat(fx.passwordWorks(account.username(), account.password())).isTrue();
    }

    @Test
    void aLinkDiesWhenTheAccountEmailChangedAfterItWasIssued() {
        Account account = fx.localAccount("email-change");
        String link = fx.link(new WebSession(address()), account);
        fx.admin.put("/admin/realms/douane/users/" + account.id(), Map.of("email", "autre-" + account.email()));
        assertThat(new WebSession(address()).get(link).status()).isEqualTo(400);
    }

    @Test
    void anotherAccountsIdentifiantIsAGenericErrorCountedUntilTheLinkDies() {
        Account account = fx.localAccount("mismatch");
        Account other = fx.localAccount("other");
        String link = fx.link(new WebSession(address()), account);
        WebSession web = new WebSession(address());
        Page form = web.get(link);
        for (int i = 1; i < 5; i++) {
            form = fx.setPassword(web, form, other.username(), "Nouveau-2026!pass", "Nouveau-2026!pass");
            assertThat(form.status()).isEqualTo(200);
            assertThat(form.text()).contains("L’identifiant saisi ne correspond pas à ce lien de réinitialisation.");
        }
        Page dead = fx.setPassword(web, form, other.username(), "Nouveau-2026!pass", "Nouveau-2026!pass");
        assertThat(dead.status()).isEqualTo(400);
        assertThat(new WebSession(address()).get(link).status()).isEqualTo(400);
        assertThat(fx.passwordWorks(account.username(), account.password())).isTrue();
        assertThat(fx.passwordWorks(other.username(), other.password())).isTrue();
    }

    @Test
    void aPasswordMismatchOrPolicyFailureShowsErrorsAndKeepsTheLink() {
        Account account = fx.localAccount("keeps");
        String link = fx.link(new WebSession(address()), account);
        WebSession web = new WebSession(address());
        Page form = web.get(link);
        Page mismatch = fx.setPassword(web, form, account.username(), "Nouveau-2026!pass", "Autre-2026!pass");
        assertThat(mismatch.text()).contains("La confirmation ne correspond pas au mot de passe saisi.");
        Page weak = fx.setPassword(web, mismatch, account.username(), "abcdef1_", "abcdef1_");
        assertThat(weak.status()).isEqualTo(200);
        assertThat(weak.document().select("#password-new-error, .fr-message--error").text()).isNotBlank();
        Page done = fx.setPassword(web, weak, account.username(), "Nouveau-2026!pass", "Nouveau-2026!pass");
        assertThat(done.text()).contains("Votre mot de passe a été modifié");
    }

    @Test
    void twoConcurrentSubmissionsOfTheSameLinkChangeThePasswordOnce() throws Exception {
        Account account = fx.localAccount("race");
        String link = fx.link(new WebSession(address()), account);
        WebSession a = new WebSession(address());
        WebSession b = new WebSession(address());
        Page formA = a.get(link);
        Page formB = b.get(link);
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Page> first = CompletableFuture.supplyAsync(() -> {
            await(go);
            return fx.setPassword(a, formA, account.username(), "Premier-2026!pass", "Premier-2026!pass");
        });
        CompletableFuture<Page> second = CompletableFuture.supplyAsync(() -> {
            await(go);
            return fx.setPassword(b, formB, account.username(), "Second-2026!pass", "Second-2026!pass");
        });
        go.countDown();
        first.get();
        second.get();
        boolean firstWorks = fx.passwordWorks(account.username(), "Premier-2026!pass");
        boolean secondWorks = fx.passwordWorks(account.username(), "Second-2026!pass");
        assertThat(firstWorks ^ secondWorks).as("exactly one of the two passwords was stored").isTrue();
        assertThat(fx.passwordWorks(account.username(), account.password())).isFalse();
    }

    @Test
    void thePerAccountLimitStopsMailsButNotThePage() {
        Account account = fx.localAccount("limit-account");
        for (int i = 0; i < 3; i++) {
            fx.requestReset(new WebSession(address()), "username", account.username());
        }
        fx.awaitMail(account.email(), 2);
        Page fourth = fx.requestReset(new WebSession(address()), "username", account.username());
        assertThat(fourth.document().getElementById("douane-reset-sent-title")).isNotNull();
        assertThat(fx.awaitEvent("SEND_RESET_PASSWORD_ERROR", account.id(), "rate_limited_account")).isTrue();
        assertThat(fx.mails(account.email())).isEqualTo(3);
    }

    @Test
    void thePerAddressLimitStopsMailsButNotThePage() {
        String crowd = "127.1.2.3";
        for (int i = 0; i < 20; i++) {
            fx.requestReset(new WebSession(crowd), "username", "personne-" + i + "-" + System.nanoTime());
        }
        Account account = fx.localAccount("limit-address");
        Page page = fx.requestReset(new WebSession(crowd), "username", account.username());
        assertThat(page.document().getElementById("douane-reset-sent-title")).isNotNull();
        // Nothing was looked up for the throttled request: its event names no account.
        assertThat(fx.awaitEventFrom("SEND_RESET_PASSWORD_ERROR", crowd, "rate_limited_address")).isPresent();
        ResetFlowFixture.sleepQuietly(1_000);
        assertThat(fx.mails(account.email())).isZero();
    }

    @Test
    void afterTheChangeEverySessionAndOfflineTokenEndsANoticeIsMailedAndNobodyIsLoggedIn() {
        Account account = fx.localAccount("revoke");
        HttpResponse<String> offline = fx.tokenResponse(account.username(), account.password(), "openid offline_access");
        assertThat(offline.statusCode()).as(offline.body()).isEqualTo(200);
        String offlineToken = ResetFlowFixture.json(offline.body()).get("refresh_token").asText();
        HttpResponse<String> online = fx.tokenResponse(account.username(), account.password(), "openid");
        String onlineToken = ResetFlowFixture.json(online.body()).get("refresh_token").asText();

        String link = fx.link(new WebSession(address()), account);
        int before = fx.mails(account.email());
        WebSession web = new WebSession(address());
        Page done = fx.setPassword(web, web.get(link), account.username(), "Nouveau-2026!pass", "Nouveau-2026!pass");
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.document().getElementById("kc-login")).as("back on the login page, not logged in").isNotNull();
        assertThat(done.uri().toString()).doesNotStartWith(ResetFlowFixture.REDIRECT);

        assertThat(fx.refresh(offlineToken).statusCode()).isEqualTo(400);
        assertThat(fx.refresh(onlineToken).statusCode()).isEqualTo(400);
        MimeMessage notice = fx.awaitMail(account.email(), before);
        assertThat(MailServer.body(notice)).doesNotContain("Nouveau-2026!pass");
        assertThat(subjectOf(notice)).contains("modifié");
    }

    @Test
    void theResetVerifiesTheEmailAndClearsAPendingUpdatePasswordAction() {
        Account account = fx.localAccount("pending");
        assertThat(fx.admin.put("/admin/realms/douane/users/" + account.id(),
                Map.of("emailVerified", false, "requiredActions", List.of("UPDATE_PASSWORD"))).status()).isEqualTo(204);

        String link = fx.link(new WebSession(address()), account);
        WebSession web = new WebSession(address());
        Page done = fx.setPassword(web, web.get(link), account.username(), "Nouveau-2026!pass", "Nouveau-2026!pass");
        assertThat(done.document().getElementById("kc-login")).as(done.text()).isNotNull();

        var user = fx.admin.get("/admin/realms/douane/users/" + account.id()).json();
        assertThat(user.get("emailVerified").asBoolean()).as("the link proved the mailbox").isTrue();
        assertThat(user.get("requiredActions")).as("no second password change asked at the next login").isEmpty();
        HttpResponse<String> login = fx.tokenResponse(account.username(), "Nouveau-2026!pass", "openid");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    }

    @Test
    void anExpiredLinkGivesAClearPageWithAWayToAskForANewOne() throws Exception {
        Account account = fx.localAccount("expired");
        try (AutoCloseable ignored = fx.realmPatch(
                Map.of("attributes", Map.of("actionTokenGeneratedByUserLifespan.reset-credentials", "2", "douaneLocaleFromBrowser", "false")),
                Map.of("attributes", Map.of("actionTokenGeneratedByUserLifespan.reset-credentials", "86400", "douaneLocaleFromBrowser", "false")))) {
            String link = fx.link(new WebSession(address()), account);
            ResetFlowFixture.sleepQuietly(3_500);
            Page page = new WebSession(address()).get(link);
            assertThat(page.status()).isEqualTo(400);
            assertThat(page.text()).contains("Ce lien a expiré");
            assertThat(page.document().getElementById("douane-new-link")).isNotNull();
        }
    }

    @Test
    void anSmtpOutageLooksTheSameToThePersonAndIsRecorded() throws Exception {
        Account account = fx.localAccount("smtp-down");
        Map<String, Object> smtp = Map.of("host", "127.0.0.1", "port", Integer.toString(fx.env.mail().port()),
                "from", "ne-pas-repondre@douane.gouv.fr", "fromDisplayName", "douane.gouv.fr");
        Map<String, Object> dead = new java.util.HashMap<>(smtp);
        dead.put("port", "1");
        Page reference = fx.requestReset(new WebSession(address()), "username", "personne-" + System.nanoTime());
        // Retries off, so that the failure is recorded at once (MailRetryIT shows the retries). Keycloak
        // replaces the realm's attributes with the map it is given: all of them are sent.
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = new com.fasterxml.jackson.databind.ObjectMapper()
                .convertValue(fx.admin.get("/admin/realms/douane").json().get("attributes"), Map.class);
        Map<String, Object> noRetry = new java.util.HashMap<>(attributes);
        noRetry.put("douaneMailRetryWindowMinutes", "0");
        try (AutoCloseable ignored = fx.realmPatch(Map.of("smtpServer", dead, "attributes", noRetry),
                Map.of("smtpServer", smtp, "attributes", attributes))) {
            Page page = fx.requestReset(new WebSession(address()), "username", account.username());
            assertThat(page.status()).isEqualTo(200);
            assertThat(normalized(page)).isEqualTo(normalized(reference));
            assertThat(fx.awaitEvent("SEND_RESET_PASSWORD_ERROR", account.id(), "mail_failed")).isTrue();
        }
    }

    @Test
    void aSharedEmailGetsANoticeWithoutALinkAndNothingIsDisclosed() throws Exception {
        try (AutoCloseable ignored = fx.realmPatch(Map.of("duplicateEmailsAllowed", true), Map.of("duplicateEmailsAllowed", false))) {
            String shared = ResetFlowFixture.unique("partage") + "@exemple.fr";
            for (int i = 0; i < 2; i++) {
                fx.admin.post("/admin/realms/douane/users", Map.of("username", ResetFlowFixture.unique("partage"),
                        "email", shared, "enabled", true));
            }
            Page reference = fx.requestReset(new WebSession(address()), "email", "personne-" + System.nanoTime() + "@exemple.fr");
            Page page = fx.requestReset(new WebSession(address()), "email", shared);
            assertThat(normalized(page)).isEqualTo(normalized(reference));
            MimeMessage notice = fx.awaitMail(shared, 0);
            assertThat(MailServer.resetLink(notice)).isEmpty();
            assertThat(MailServer.text(notice)).contains("Identifiant");
        }
    }

    /**
     * CVE-2026-18963 must not come back: without a valid link no step shows or accepts a new
     * password, whether the person asks for another way or posts straight to the password step.
     */
    @Test
    void noPasswordStepWithoutAValidLink() {
        Account account = fx.localAccount("cve");
        WebSession web = new WebSession(address());
        Page forgot = fx.forgotPage(web);
        String action = forgot.action("douane-reset-request-form");

        Page another = web.post(action, Map.of("tryAnotherWay", "on"));
        assertThat(another.body()).doesNotContain("password-new");

        String passwordStep = action.replaceAll("execution=[^&]+", "execution=" + passwordExecutionId());
        Page direct = web.post(passwordStep, Map.of("username", account.username(),
                "password-new", "Pirate-2026!pass", "password-confirm", "Pirate-2026!pass"));
        assertThat(direct.body()).doesNotContain("Votre mot de passe a été modifié");
        assertThat(fx.passwordWorks(account.username(), "Pirate-2026!pass")).isFalse();
        assertThat(fx.passwordWorks(account.username(), account.password())).isTrue();
    }

    /**
     * Keycloak 26.7.3 has no save-time validation hook for authenticator configs: a value an admin
     * mistypes is stored, so the flow must keep working (defaults apply, a warning is logged).
     */
    @Test
    void aMistypedLimitInTheAuthenticatorConfigFallsBackToTheDefaults() {
        String configId = requestExecution().get("authenticationConfig").asText();
        var config = fx.admin.get("/admin/realms/douane/authentication/config/" + configId).json();
        Map<String, Object> broken = Map.of("id", configId, "alias", config.get("alias").asText(),
                "config", Map.of("douaneMailsPerAccountPerHour", "beaucoup", "douaneMailsPerAddressPerHour", "-4"));
        Map<String, Object> restored = Map.of("id", configId, "alias", config.get("alias").asText(),
                "config", Map.of("douaneMailsPerAccountPerHour", "3", "douaneMailsPerAddressPerHour", "20"));
        assertThat(fx.admin.put("/admin/realms/douane/authentication/config/" + configId, broken).status()).isEqualTo(204);
        try {
            Account account = fx.localAccount("bad-config");
            Page page = fx.requestReset(new WebSession(address()), "username", account.username());
            assertThat(page.status()).isEqualTo(200);
            fx.awaitMail(account.email(), 0);
        } finally {
            fx.admin.put("/admin/realms/douane/authentication/config/" + configId, restored);
        }
    }

    private com.fasterxml.jackson.databind.JsonNode requestExecution() {
        var executions = fx.admin.get("/admin/realms/douane/authentication/flows/douane%20reset%20credentials/executions").json();
        for (var e : executions) {
            if ("douane-reset-request".equals(e.path("providerId").asText())) {
                return e;
            }
        }
        throw new AssertionError("no douane-reset-request execution: " + executions);
    }

    private String passwordExecutionId() {
        var executions = fx.admin.get("/admin/realms/douane/authentication/flows/douane%20reset%20credentials/executions").json();
        for (var e : executions) {
            if ("douane-reset-password".equals(e.path("providerId").asText())) {
                return e.get("id").asText();
            }
        }
        throw new AssertionError("no douane-reset-password execution: " + executions);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String subjectOf(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
