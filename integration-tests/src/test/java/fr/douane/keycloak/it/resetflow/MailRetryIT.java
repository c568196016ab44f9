package fr.douane.keycloak.it.resetflow;

import static fr.douane.keycloak.it.resetflow.ResetFlowFixture.address;
import static fr.douane.keycloak.it.resetflow.ResetFlowFixture.sleepQuietly;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.MailServer;
import fr.douane.keycloak.it.harness.SmtpLink;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.harness.WebSession.Page;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture.Account;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The reset flow's mails against an SMTP server that is down, refuses, or hangs, on the real
 * server: the realm's SMTP port points at an {@link SmtpLink} in front of the test mail server
 * for each test, with a short retry schedule (first retry after {@link #FIRST_DELAY_SECONDS},
 * then every {@link #MAX_DELAY_SECONDS} at most).
 */
@ExtendWith(DouaneKeycloakExtension.class)
class MailRetryIT {

    /** How long SMTP stays down; the schedule below retries several times within it. */
    static final int OUTAGE_SECONDS = 60;
    static final int FIRST_DELAY_SECONDS = 5;
    static final int MAX_DELAY_SECONDS = 10;
    /** A due mail is picked up within one poll of every node. */
    static final int POLL_SECONDS = 5;
    /** Keycloak's executors have 4 threads unless configured otherwise. */
    static final int MAIL_POOL = 4;
    /** The SMTP read timeout while notices are held: longer than any wait of the test. */
    static final long NOTICE_HOLD_MILLIS = 90_000;
    private static final String NEW_PASSWORD = "Nouveau-2026!retry";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DouaneEnvironment env;
    private ResetFlowFixture fx;
    private SmtpLink smtp;
    private Map<String, Object> smtpServer;
    private Map<String, Object> attributes;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void pointTheRealmAtTheLink(DouaneEnvironment env) {
        this.env = env;
        fx = new ResetFlowFixture(env);
        smtp = new SmtpLink(env.mail().port());
        JsonNode realm = env.admin().get("/admin/realms/douane").json();
        smtpServer = JSON.convertValue(realm.get("smtpServer"), Map.class);
        attributes = JSON.convertValue(realm.get("attributes"), Map.class);
        Map<String, Object> linked = new HashMap<>(smtpServer);
        linked.put("port", Integer.toString(smtp.port()));
        // Keycloak replaces the realm's attributes with the map it is given: all of them are sent.
        Map<String, Object> retry = new HashMap<>(attributes);
        retry.put("douaneMailRetryWindowMinutes", "15");
        retry.put("douaneMailRetryFirstDelaySeconds", Integer.toString(FIRST_DELAY_SECONDS));
        retry.put("douaneMailRetryMaxDelaySeconds", Integer.toString(MAX_DELAY_SECONDS));
        put(Map.of("smtpServer", linked, "attributes", retry));
    }

    @AfterEach
    void putTheRealmBack() {
        put(Map.of("smtpServer", smtpServer, "attributes", attributes));
        smtp.close();
    }

    private void put(Map<String, Object> patch) {
        AdminApi.Response r = env.admin().put("/admin/realms/douane", patch);
        assertThat(r.status()).as(r.body()).isEqualTo(204);
    }

    /**
     * SMTP down for a minute: the reset links (a local account, a Portailpro account never seen
     * before, an imported Portailpro account), the shared-email notice and the password-changed
     * notice that failed meanwhile all arrive once it is back, each exactly once, and every link
     * works; the request's one event says the mail was sent, after several attempts.
     */
    @Test
    void mailsThatFailedDuringAnOutageArriveOnceWhenSmtpIsBackAndTheLinkWorks() {
        Account asker = fx.localAccount("outage-link");
        Account changer = fx.localAccount("outage-notice");
        Account newcomer = fx.portailproAccount("outage-pp-new");
        Account imported = fx.portailproAccount("outage-pp-imported");
        fx.importPortailpro(imported);
        String shared = sharedPortailproAddress();
        WebSession changerWeb = new WebSession(address());
        String changerLink = fx.link(changerWeb, changer);

        smtp.set(SmtpLink.State.REFUSING);
        long downAt = System.currentTimeMillis();
        String askerAddress = address();
        Page sent = fx.requestReset(new WebSession(askerAddress), "username", asker.username());
        assertThat(sent.document().getElementById("douane-reset-sent-title")).isNotNull();
        String sharedAddress = address();
        fx.requestReset(new WebSession(sharedAddress), "email", shared);
        fx.requestReset(new WebSession(address()), "username", newcomer.username());
        fx.requestReset(new WebSession(address()), "email", imported.email());
        Page done = fx.setPassword(changerWeb, changerWeb.get(changerLink), changer.username(), NEW_PASSWORD, NEW_PASSWORD);
        assertThat(done.text()).contains("Votre mot de passe a été modifié");

        sleepQuietly(Math.max(0, downAt + OUTAGE_SECONDS * 1000L - System.currentTimeMillis()));
        assertThat(fx.mails(asker.email())).as("nothing can arrive while SMTP is down").isZero();
        assertThat(fx.mails(shared)).isZero();
        assertThat(fx.mails(newcomer.email())).isZero();
        assertThat(fx.mails(imported.email())).isZero();
        assertThat(fx.mails(changer.email())).as("the link only").isEqualTo(1);
        assertThat(fx.eventsFrom("SEND_RESET_PASSWORD", askerAddress)).as("no outcome before the mail is sent").isEmpty();
        assertThat(fx.eventsFrom("SEND_RESET_PASSWORD_ERROR", askerAddress)).isEmpty();

        smtp.set(SmtpLink.State.UP);
        long upAt = System.currentTimeMillis();
        String link = fx.awaitLink(asker.email(), 0);
        MimeMessage notice = fx.awaitMail(shared, 0);
        assertThat(MailServer.resetLink(notice)).isEmpty();
        fx.awaitMail(changer.email(), 1);
        String newcomerLink = fx.awaitLink(newcomer.email(), 0);
        String importedLink = fx.awaitLink(imported.email(), 0);
        System.out.printf("[mail-retry] outage %d s: every mail arrived %d ms after SMTP came back%n", OUTAGE_SECONDS,
                System.currentTimeMillis() - upAt);

        // Longer than the longest retry delay and a poll: a duplicate would have arrived.
        sleepQuietly((MAX_DELAY_SECONDS + 2L * POLL_SECONDS) * 1000L);
        assertThat(fx.mails(asker.email())).as("the link, once").isEqualTo(1);
        assertThat(fx.mails(shared)).as("the shared-email notice, once").isEqualTo(1);
        assertThat(fx.mails(changer.email())).as("the link and the password-changed notice, once each").isEqualTo(2);
        assertThat(fx.mails(newcomer.email())).as("the Portailpro newcomer's link, once").isEqualTo(1);
        assertThat(fx.mails(imported.email())).as("the imported Portailpro account's link, once").isEqualTo(1);

        Map<Account, String> links = Map.of(asker, link, newcomer, newcomerLink, imported, importedLink);
        links.forEach((account, accountLink) -> {
            WebSession web = new WebSession(address());
            Page changed = fx.setPassword(web, web.get(accountLink), account.username(), NEW_PASSWORD, NEW_PASSWORD);
            assertThat(changed.text()).as(account.username()).contains("Votre mot de passe a été modifié");
            assertThat(fx.passwordWorks(account.username(), NEW_PASSWORD)).as(account.username()).isTrue();
        });

        Map<String, Object> event = fx.awaitEventFrom("SEND_RESET_PASSWORD", askerAddress, "mail_sent").orElseThrow();
        assertThat(Integer.parseInt((String) details(event).get("douane_mail_attempts"))).isGreaterThan(2);
        assertThat(fx.eventsFrom("SEND_RESET_PASSWORD", askerAddress)).as("one event per request").hasSize(1);
        assertThat(fx.awaitEventFrom("SEND_RESET_PASSWORD", sharedAddress, "shared_email_notice_queued")).isPresent();
    }

    /** A permanent refusal (5xx) is not retried: one attempt, one event saying why. */
    @Test
    void aFiveHundredRefusalIsNotRetriedAndIsRecorded() {
        Account account = fx.localAccount("refused-5xx");
        smtp.set(SmtpLink.State.REJECTING);
        String from = address();
        fx.requestReset(new WebSession(from), "username", account.username());
        Map<String, Object> event = fx.awaitEventFrom("SEND_RESET_PASSWORD_ERROR", from, "mail_failed")
                .orElseThrow(() -> new AssertionError("no mail_failed event"));
        assertThat(details(event).get("douane_mail_attempts")).isEqualTo("1");
        assertThat((String) details(event).get("reason")).contains("554");
        // Past the first retry and a poll: no second connection was made.
        sleepQuietly((FIRST_DELAY_SECONDS + 2L * POLL_SECONDS) * 1000L);
        assertThat(smtp.accepted()).as("SMTP connections for the refused mail").isEqualTo(1);
        assertThat(fx.mails(account.email())).isZero();
    }

    /**
     * An SMTP server that accepts connections and never answers: the login page, the
     * forgot-password page and its POST answer as fast as with SMTP up (measured in the same run),
     * the mails hold no more connections than the mail pool has threads, and they all arrive once
     * SMTP answers again.
     */
    @Test
    void anSmtpTarpitSlowsNoPageAndHoldsNoMoreThanTheMailPool() {
        List<Account> accounts = new ArrayList<>();
        for (int i = 0; i < 3 * MAIL_POOL; i++) {
            accounts.add(fx.localAccount("tarpit-" + i));
        }
        fx.localAccount("tarpit-warm-up");
        Timings up = timePages(5);

        smtp.set(SmtpLink.State.TARPIT);
        smtp.resetCounts();
        for (Account account : accounts) {
            Page page = fx.requestReset(new WebSession(address()), "username", account.username());
            assertThat(page.status()).isEqualTo(200);
        }
        sleepQuietly(2_000); // the pool's threads are now inside the tarpit
        Timings tarpit = timePages(5);
        System.out.printf("[mail-retry] median ms with SMTP up / tarpit: login %d / %d, forgot %d / %d, POST %d / %d;"
                        + " max under tarpit %d ms; SMTP connections held at once: %d%n",
                up.login(), tarpit.login(), up.forgot(), tarpit.forgot(), up.post(), tarpit.post(), tarpit.max(),
                smtp.maxOpen());
        assertThat(smtp.accepted()).as("the mails reached the tarpit").isPositive();
        assertThat(smtp.maxOpen()).as("SMTP connections held at once").isLessThanOrEqualTo(MAIL_POOL);
        assertThat(tarpit.max()).as("slowest page under the tarpit, ms").isLessThan(3_000);
        assertThat(tarpit.login()).isLessThanOrEqualTo(3 * up.login() + 250);
        assertThat(tarpit.forgot()).isLessThanOrEqualTo(3 * up.forgot() + 250);
        assertThat(tarpit.post()).isLessThanOrEqualTo(3 * up.post() + 250);

        smtp.set(SmtpLink.State.UP);
        for (Account account : accounts) {
            fx.awaitLink(account.email(), 0);
        }
        sleepQuietly((MAX_DELAY_SECONDS + 2L * POLL_SECONDS) * 1000L);
        for (Account account : accounts) {
            assertThat(fx.mails(account.email())).as(account.username()).isEqualTo(1);
        }
    }

    /**
     * SMTP hung while procedures end: their "mot de passe modifié" notices fill the notices' pool
     * (its threads held in the tarpit, the rest waiting in its queue), and a reset link asked for
     * meanwhile still reaches SMTP at once, on the links' pool. The realm's SMTP read timeout is
     * made far longer than the test waits, so no notice thread is freed meanwhile: on a single
     * pool, the link could not reach SMTP before that timeout.
     */
    @Test
    void aLinkDoesNotWaitBehindThePasswordChangedNoticesOfFinishedProcedures() {
        List<Account> changers = new ArrayList<>();
        Map<Account, WebSession> browsers = new HashMap<>();
        Map<Account, String> links = new HashMap<>();
        for (int i = 0; i < MAIL_POOL + 2; i++) {
            Account changer = fx.localAccount("notice-queue-" + i);
            WebSession web = new WebSession(address());
            changers.add(changer);
            browsers.put(changer, web);
            links.put(changer, fx.link(web, changer));
        }
        Account asker = fx.localAccount("notice-queue-asker");
        Map<String, Object> hungLonger = new HashMap<>(smtpServer);
        hungLonger.put("port", Integer.toString(smtp.port()));
        hungLonger.put("timeout", Long.toString(NOTICE_HOLD_MILLIS));
        put(Map.of("smtpServer", hungLonger));

        smtp.set(SmtpLink.State.TARPIT);
        smtp.resetCounts();
        for (Account changer : changers) {
            WebSession web = browsers.get(changer);
            Page done = fx.setPassword(web, web.get(links.get(changer)), changer.username(), NEW_PASSWORD, NEW_PASSWORD);
            assertThat(done.text()).as(changer.username()).contains("Votre mot de passe a été modifié");
        }
        assertThat(awaitAccepted(MAIL_POOL)).as("notices held in the tarpit").isEqualTo(MAIL_POOL);
        sleepQuietly(1_000);
        assertThat(smtp.accepted()).as("the other notices wait for a thread of their pool").isEqualTo(MAIL_POOL);

        long asked = System.currentTimeMillis();
        fx.requestReset(new WebSession(address()), "username", asker.username());
        assertThat(awaitAccepted(MAIL_POOL + 1)).as("the link's connection, beside the held notices").isEqualTo(MAIL_POOL + 1);
        System.out.printf("[mail-retry] %d notices held or waiting; the link reached SMTP %d ms after the request%n",
                changers.size(), System.currentTimeMillis() - asked);
        assertThat(smtp.maxOpen()).as("SMTP connections held at once: each pool's threads").isEqualTo(MAIL_POOL + 1);
    }

    /** Waits (at most a third of the SMTP timeout above) until the link has accepted {@code count} connections. */
    private int awaitAccepted(int count) {
        long until = System.currentTimeMillis() + NOTICE_HOLD_MILLIS / 3;
        while (smtp.accepted() < count && System.currentTimeMillis() < until) {
            sleepQuietly(100);
        }
        return smtp.accepted();
    }

    /** Medians (and the slowest) of the login page, the forgot-password page and its POST, in ms. */
    private record Timings(long login, long forgot, long post, long max) {
    }

    private Timings timePages(int rounds) {
        List<Long> login = new ArrayList<>();
        List<Long> forgot = new ArrayList<>();
        List<Long> post = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            WebSession web = new WebSession(address());
            Page loginPage = timed(login, () -> fx.loginPage(web));
            String href = loginPage.document().getElementById("douane-forgot-password").absUrl("href");
            Page forgotPage = timed(forgot, () -> web.get(href));
            assertThat(forgotPage.status()).isEqualTo(200);
            Page sent = timed(post, () -> web.submit(forgotPage, "douane-reset-request-form",
                    Map.of("douane-reset-mode", "username", "identifier", "personne-" + System.nanoTime())));
            assertThat(sent.status()).isEqualTo(200);
        }
        long max = java.util.stream.Stream.of(login, forgot, post).flatMap(List::stream).mapToLong(Long::longValue).max().orElse(0);
        return new Timings(median(login), median(forgot), median(post), max);
    }

    private static Page timed(List<Long> into, Supplier<Page> call) {
        long t0 = System.nanoTime();
        Page page = call.get();
        into.add((System.nanoTime() - t0) / 1_000_000);
        return page;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    /** An address two Portailpro accounts share: a request for it gets the shared-email notice. */
    private String sharedPortailproAddress() {
        String shared = ResetFlowFixture.unique("partage-retry") + "@exemple.fr";
        for (int i = 0; i < 2; i++) {
            String id = ResetFlowFixture.unique("partage-retry");
            env.portailpro().execute("INSERT INTO portailpro_account (id, identifiant, email, first_name, last_name, status)"
                    + " VALUES ('" + id + "', '" + id + "', '" + shared + "', 'Partage', 'Portailpro', 'ACTIVE')");
        }
        return shared;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Map<String, Object> event) {
        return (Map<String, Object>) event.get("details");
    }
}
