package fr.douane.keycloak.bench.load;

import static io.gatling.javaapi.core.CoreDsl.css;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.flushCookieJar;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import fr.douane.keycloak.policy.DouaneBlocklist;
import fr.douane.keycloak.policy.DouanePasswordRules;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;

/**
 * The operations the benchmark measures, as Gatling chains. Each operation ends by setting
 * {@code done}; an operation that stopped before (a failed check exits its block) is counted as an
 * error with the step it stopped at and the last HTTP status.
 */
final class Scenarios {

    static final String CLIENT = "bench";

    /** A realm under test: the stock one (keycloak.v2, stock flow) or the douane one (the pack). */
    record Realm(String name, boolean douane, String redirectUri) {
        String authPath() {
            return "/realms/" + name + "/protocol/openid-connect/auth?client_id=" + CLIENT
                    + "&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8)
                    + "&response_type=code&scope=openid";
        }

        String tokenPath() {
            return "/realms/" + name + "/protocol/openid-connect/token";
        }
    }

    /** Accounts handed out once each (B1: a reset per account, so no per-account limit is reached). */
    static final class AccountPool {
        private final List<String> usernames;
        private final AtomicInteger next = new AtomicInteger();

        AccountPool(List<String> usernames) {
            this.usernames = usernames;
        }

        String take() {
            int i = next.getAndIncrement();
            return i < usernames.size() ? usernames.get(i) : null;
        }

        int remaining() {
            return Math.max(0, usernames.size() - next.get());
        }
    }

    /** The first error or alert text of a page, for the error samples (absent on a normal page). */
    static final io.gatling.javaapi.core.CheckBuilder.Final DETAIL =
            css("[id*='error'], [class*='alert'], [class*='feedback'], .fr-message--error").optional().saveAs("detail");

    private Scenarios() {
    }

    /** The closed-model loop around one operation, with success and error accounting. */
    static ScenarioBuilder looping(Block block, ChainBuilder setup, ChainBuilder operation) {
        return scenario(block.benchmark + " " + block.side)
                .exec(setup)
                .asLongAs(s -> block.running()).on(accounted(block, operation));
    }

    /** One run of the operation per user (open model), with the same accounting. */
    static ScenarioBuilder once(Block block, ChainBuilder operation) {
        return scenario(block.benchmark + " " + block.side).exec(accounted(block, operation));
    }

    private static ChainBuilder accounted(Block block, ChainBuilder operation) {
        return exec(s -> s.remove("done").set("step", "start").set("t0", System.nanoTime()).markAsSucceeded())
                .exitBlockOnFail().on(operation.exec(s -> s.set("done", true)))
                .exec(s -> {
                    if (s.contains("done")) {
                        block.success(s.getLong("t0"));
                    } else {
                        if (s.contains("st") && s.getInt("st") >= 500) {
                            block.serverError();
                        }
                        block.error(s.getString("step") + " status=" + (s.contains("st") ? s.get("st") : "?")
                                + (s.contains("detail") ? " \"" + s.getString("detail") + "\"" : ""));
                    }
                    return s.markAsSucceeded();
                });
    }

    /** {@code request} as a named step whose latency the block records when its checks pass. */
    static ChainBuilder timed(Block block, String name, ChainBuilder request) {
        return step(name).exec(s -> s.set("tStep", System.nanoTime()))
                .exec(request)
                .exec(s -> {
                    block.step(name).add(System.nanoTime() - s.getLong("tStep"));
                    return s;
                });
    }

    static ChainBuilder step(String name) {
        return exec(s -> s.set("step", name).remove("st").remove("detail"));
    }

    // ----- B6: pages ----------------------------------------------------------------------------

    /** The login page (authorization endpoint) for a new visitor each time (cookies flushed). */
    static ScenarioBuilder loginPage(Block block, Realm realm) {
        ChainBuilder op = exec(flushCookieJar()).exec(step("login page")).exec(http("login page").get(realm.authPath())
                .check(status().saveAs("st"), DETAIL, status().is(200), css("#kc-form-login").exists()));
        return looping(block, exec(s -> s), op);
    }

    /**
     * The forgot-password page, reloaded by a visitor who came from the login page once (the
     * reset flow needs the authentication session the login page opened).
     */
    static ScenarioBuilder forgotPage(Block block, Realm realm) {
        ChainBuilder setup = exec(http("login page").get(realm.authPath())
                .check(status().is(200), css("a[href*='reset-credentials']", "href").saveAs("forgot")));
        String form = realm.douane() ? "#douane-reset-request-form" : "#kc-reset-password-form";
        ChainBuilder op = exec(step("forgot page")).exec(http("forgot page").get("#{forgot}")
                .check(status().saveAs("st"), DETAIL, status().is(200), css(form).exists()));
        return looping(block, setup, op);
    }

    // ----- B3: password login -------------------------------------------------------------------

    /** OIDC password grant (credential validation, session and tokens; no page). */
    static ScenarioBuilder directGrant(Block block, Realm realm, List<String> usernames, String password) {
        AtomicInteger next = new AtomicInteger();
        ChainBuilder op = exec(s -> s.set("user", usernames.get(Math.floorMod(next.getAndIncrement(), usernames.size())))
                .set("step", "token"))
                .exec(http("token").post(realm.tokenPath())
                        .formParam("grant_type", "password").formParam("client_id", CLIENT)
                        .formParam("scope", "openid").formParam("username", "#{user}").formParam("password", password)
                        .check(status().saveAs("st"), jsonPath("$.error_description").optional().saveAs("detail"),
                                status().is(200), jsonPath("$.access_token").exists()));
        return looping(block, exec(s -> s), op);
    }

    /** The browser form login: login page, credentials POST, redirect to the client with a code. */
    static ScenarioBuilder formLogin(Block block, Realm realm, List<String> usernames, String password) {
        AtomicInteger next = new AtomicInteger();
        ChainBuilder op = exec(flushCookieJar())
                .exec(s -> s.set("user", usernames.get(Math.floorMod(next.getAndIncrement(), usernames.size()))))
                .exec(step("login page")).exec(http("login page").get(realm.authPath())
                        .check(status().saveAs("st"), DETAIL, status().is(200), css("#kc-form-login", "action").saveAs("action")))
                .exec(step("credentials")).exec(http("credentials").post("#{action}")
                        .formParam("username", "#{user}").formParam("password", password)
                        .disableFollowRedirect()
                        .check(status().saveAs("st"), DETAIL, status().is(302), header("Location").transform(l -> l.contains("code=")).is(true)));
        return looping(block, exec(s -> s), op);
    }

    // ----- B1: the reset procedure end to end ---------------------------------------------------

    /**
     * Login page, forgot-password page, request for the user's own account, the mail read from
     * the SMTP sink, the link, the new password. douane: the last page asks the identifiant again
     * and ends on the login page; stock: it ends logged in, redirected to the client with a code.
     * The request's POST is also timed on its own (stock sends the mail before it answers).
     */
    static ScenarioBuilder reset(Block block, Realm realm, AccountPool pool, Mailbox mailbox) {
        String requestForm = realm.douane() ? "#douane-reset-request-form" : "#kc-reset-password-form";
        String passwordForm = realm.douane() ? "#douane-reset-password-form" : "#kc-passwd-update-form";
        ChainBuilder request = exec(http("forgot request").post("#{action}").header("X-Forwarded-For", "#{xff}").formParam("username", "#{user}")
                .check(status().saveAs("st"), DETAIL, status().is(200)));
        if (realm.douane()) {
            request = exec(http("forgot request").post("#{action}").header("X-Forwarded-For", "#{xff}")
                    .formParam("douane-reset-mode", "username").formParam("identifier", "#{user}")
                    .check(status().saveAs("st"), DETAIL, status().is(200), css("#douane-reset-sent-title").exists()));
        }
        ChainBuilder setPassword = realm.douane()
                ? exec(http("new password").post("#{action}").header("X-Forwarded-For", "#{xff}")
                        .formParam("username", "#{user}").formParam("password-new", "#{pw}").formParam("password-confirm", "#{pw}")
                        .check(status().saveAs("st"), DETAIL, status().is(200), css("#kc-login").exists()))
                : exec(http("new password").post("#{action}").header("X-Forwarded-For", "#{xff}")
                        .formParam("password-new", "#{pw}").formParam("password-confirm", "#{pw}")
                        .disableFollowRedirect()
                        .check(status().saveAs("st"), DETAIL, status().is(302), header("Location").transform(l -> l.contains("code=")).is(true)));
        ChainBuilder op = exec(flushCookieJar())
                .exec(s -> {
                    String user = pool.take();
                    // An empty pool ends this virtual user (counted by the driver, not as an error).
                    return user == null ? s.remove("user")
                            : s.set("user", user).set("pw", newPassword()).set("xff", nextAddress());
                })
                .exitHereIf(s -> !s.contains("user"))
                .exec(step("login page")).exec(http("login page").get(realm.authPath()).header("X-Forwarded-For", "#{xff}")
                        .check(status().saveAs("st"), DETAIL, status().is(200), css("a[href*='reset-credentials']", "href").saveAs("forgot")))
                .exec(step("forgot page")).exec(http("forgot page").get("#{forgot}").header("X-Forwarded-For", "#{xff}")
                        .check(status().saveAs("st"), DETAIL, status().is(200), css(requestForm, "action").saveAs("action")))
                .exec(step("forgot request")).exec(s -> s.set("tRequest", System.nanoTime()))
                .exec(request)
                // Reached only when the POST's checks passed (a failed check exits the operation).
                .exec(s -> {
                    block.forgotPost.add(System.nanoTime() - s.getLong("tRequest"));
                    return s;
                })
                .exec(step("mail")).exec(s -> s.remove("link").set("mailWait", System.nanoTime()))
                .asLongAs(s -> !s.contains("link") && System.nanoTime() - s.getLong("mailWait") < Duration.ofSeconds(30).toNanos())
                .on(pause(Duration.ofMillis(10)).exec(s -> {
                    String link = mailbox.resetLink(Accounts.email(s.getString("user")));
                    return link == null ? s : s.set("link", link);
                }))
                .exec(step("link")).exec(http("link").get("#{link}").header("X-Forwarded-For", "#{xff}")
                        .check(status().saveAs("st"), DETAIL, status().is(200), css(passwordForm, "action").saveAs("action")))
                .exec(step("new password")).exec(setPassword);
        return looping(block, exec(s -> s), op);
    }

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    /** A client address per reset (loopback range, sent as X-Forwarded-For only, never contacted). */
    static String nextAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "127." + (n / 62_500 % 250 + 1) + "." + (n / 250 % 250) + "." + (n % 250 + 1);
    }

    /** The douane rule's own blocklist: a random password that happens to hold a common word is drawn again. */
    private static final DouaneBlocklist BLOCKLIST = DouaneBlocklist.shipped(false);

    /**
     * A fresh password each time, meeting both policies (4 classes, no common word, never used
     * before). Ten random letters and digits now and then spell a blocklisted word (about one reset
     * in 10 000, e.g. with "love" or "soleil" inside); the policy then rightly refuses it, which the
     * benchmark would count as an error, so such a draw is replaced before it is used.
     */
    static String newPassword() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        while (true) {
            StringBuilder b = new StringBuilder("Kq7#");
            for (int i = 0; i < 10; i++) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String password = b.toString();
            if (!BLOCKLIST.search(DouanePasswordRules.normalize(password))) {
                return password;
            }
        }
    }
}
