package fr.douane.keycloak.bench.load;

import static fr.douane.keycloak.bench.load.Scenarios.DETAIL;
import static fr.douane.keycloak.bench.load.Scenarios.timed;
import static io.gatling.javaapi.core.CoreDsl.css;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.http.HttpDsl.flushCookieJar;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import fr.douane.keycloak.bench.load.Scenarios.AccountPool;
import fr.douane.keycloak.bench.load.Scenarios.Realm;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;

/**
 * Operations mixed at random, each visitor with its own client address (X-Forwarded-For) and no
 * cookie of the last one, every step timed on its own: B7 (slow directory) and the soak.
 */
final class Mixes {

    private Mixes() {
    }

    /**
     * B7: closed model; each operation is a browser login of a local user (40 %) or of an imported
     * Portailpro user (30 %), or a forgot-password request for a local (15 %) or Portailpro (15 %)
     * account. Steps: {@code local login}, {@code Portailpro login} (page + credentials), {@code forgot
     * POST local}, {@code forgot POST Portailpro}.
     */
    static ScenarioBuilder slowDirectory(Block block, Realm realm, List<String> local, List<String> portailpro, String password) {
        ChainBuilder op = visitor().exec(randomSwitch().on(
                percent(40).then(login(block, realm, "local login", cycling(local), password)),
                percent(30).then(login(block, realm, "Portailpro login", cycling(portailpro), password)),
                percent(15).then(forgot(block, realm, "forgot POST local", cycling(local))),
                percent(15).then(forgot(block, realm, "forgot POST Portailpro", cycling(portailpro)))));
        return Scenarios.looping(block, exec(s -> s), op);
    }

    /**
     * The soak's operation (run once per arrival, or looped by the capacity ramp). Logins (local 20 %, Portailpro 20 %) go on
     * with the code exchange, a token refresh and the logout (so sessions do not pile up over the
     * run); forgot requests for local (15 %), Portailpro (10 %) and unknown (10 %) accounts; link
     * completions (25 %): a forgot request for a fresh local account, its mail read from the SMTP
     * sink, the link opened, a new password set.
     */
    static ChainBuilder soak(Block block, Realm realm, List<String> local, List<String> portailpro, List<String> portailproForgot,
                             AccountPool fresh, Mailbox mailbox, String password) {
        AtomicInteger unknown = new AtomicInteger();
        return visitor().exec(randomSwitch().on(
                percent(20).then(session(block, realm, cycling(local), password)),
                percent(20).then(session(block, realm, cycling(portailpro), password)),
                percent(15).then(forgot(block, realm, "forgot POST local", cycling(local))),
                percent(10).then(forgot(block, realm, "forgot POST Portailpro", cycling(portailproForgot))),
                percent(10).then(forgot(block, realm, "forgot POST unknown", () -> "inconnu-" + unknown.incrementAndGet() + "@exemple.fr")),
                percent(25).then(completion(block, realm, fresh, mailbox))));
    }

    private static ChainBuilder visitor() {
        return exec(flushCookieJar()).exec(s -> s.set("xff", Scenarios.nextAddress()));
    }

    private static Supplier<String> cycling(List<String> names) {
        AtomicInteger next = new AtomicInteger();
        return () -> names.get(Math.floorMod(next.getAndIncrement(), names.size()));
    }

    /** Login page and credentials POST, timed together as {@code name}; leaves the redirect in {@code location}. */
    private static ChainBuilder login(Block block, Realm realm, String name, Supplier<String> who, String password) {
        return exec(s -> s.set("user", who.get())).exec(timed(block, name,
                exec(http("login page").get(realm.authPath()).header("X-Forwarded-For", "#{xff}")
                        .check(status().saveAs("st"), DETAIL, status().is(200), css("#kc-form-login", "action").saveAs("action")))
                        .exec(http("credentials").post("#{action}").header("X-Forwarded-For", "#{xff}")
                                .formParam("username", "#{user}").formParam("password", password)
                                .disableFollowRedirect()
                                .check(status().saveAs("st"), DETAIL, status().is(302),
                                        header("Location").transform(Mixes::code).saveAs("code")))));
    }

    /** A login, then the code exchanged for tokens, a refresh, the logout. */
    private static ChainBuilder session(Block block, Realm realm, Supplier<String> who, String password) {
        return login(block, realm, "login", who, password)
                .exec(timed(block, "code exchange", exec(http("code exchange").post(realm.tokenPath())
                        .formParam("grant_type", "authorization_code").formParam("client_id", Scenarios.CLIENT)
                        .formParam("code", "#{code}").formParam("redirect_uri", realm.redirectUri())
                        .check(status().saveAs("st"), jsonPath("$.error_description").optional().saveAs("detail"),
                                status().is(200), jsonPath("$.refresh_token").saveAs("rt")))))
                .exec(timed(block, "refresh", exec(http("refresh").post(realm.tokenPath())
                        .formParam("grant_type", "refresh_token").formParam("client_id", Scenarios.CLIENT)
                        .formParam("refresh_token", "#{rt}")
                        .check(status().saveAs("st"), jsonPath("$.error_description").optional().saveAs("detail"),
                                status().is(200), jsonPath("$.refresh_token").saveAs("rt")))))
                .exec(timed(block, "logout", exec(http("logout").post("/realms/" + realm.name() + "/protocol/openid-connect/logout")
                        .formParam("client_id", Scenarios.CLIENT).formParam("refresh_token", "#{rt}")
                        .check(status().saveAs("st"), status().is(204)))));
    }

    /** Login page, forgot page, then the request for {@code who}, timed as {@code name}. */
    private static ChainBuilder forgot(Block block, Realm realm, String name, Supplier<String> who) {
        return exec(s -> s.set("user", who.get()))
                .exec(timed(block, "login page", exec(http("login page").get(realm.authPath()).header("X-Forwarded-For", "#{xff}")
                        .check(status().saveAs("st"), DETAIL, status().is(200), css("a[href*='reset-credentials']", "href").saveAs("forgot")))))
                .exec(timed(block, "forgot page", exec(http("forgot page").get("#{forgot}").header("X-Forwarded-For", "#{xff}")
                        .check(status().saveAs("st"), DETAIL, status().is(200), css("#douane-reset-request-form", "action").saveAs("action")))))
                .exec(timed(block, name, exec(http("forgot request").post("#{action}").header("X-Forwarded-For", "#{xff}")
                        .formParam("douane-reset-mode", "username").formParam("identifier", "#{user}")
                        .check(status().saveAs("st"), DETAIL, status().is(200), css("#douane-reset-sent-title").exists()))));
    }

    /** A forgot request for a fresh local account, then its mail, its link and a new password. */
    private static ChainBuilder completion(Block block, Realm realm, AccountPool fresh, Mailbox mailbox) {
        Supplier<String> who = () -> {
            String user = fresh.take();
            if (user == null) {
                throw new IllegalStateException("the soak's pool of fresh accounts ran out");
            }
            return user;
        };
        return forgot(block, realm, "forgot POST local", who)
                .exec(s -> s.set("pw", Scenarios.newPassword()))
                .exec(Scenarios.step("mail")).exec(s -> s.remove("link").set("mailWait", System.nanoTime()))
                .asLongAs(s -> !s.contains("link") && System.nanoTime() - s.getLong("mailWait") < Duration.ofSeconds(60).toNanos())
                .on(pause(Duration.ofMillis(20)).exec(s -> {
                    String link = mailbox.resetLink(Accounts.email(s.getString("user")));
                    return link == null ? s : s.set("link", link);
                }))
                // No mail within 60 s: the operation fails at this step (the link check below).
                .exec(s -> {
                    if (s.contains("link")) {
                        block.step("mail").add(System.nanoTime() - s.getLong("mailWait"));
                        return s;
                    }
                    return s.set("detail", "no mail within 60 s").markAsFailed();
                })
                .exec(timed(block, "link", exec(http("link").get("#{link}").header("X-Forwarded-For", "#{xff}")
                        .check(status().saveAs("st"), DETAIL, status().is(200), css("#douane-reset-password-form", "action").saveAs("action")))))
                .exec(timed(block, "new password", exec(http("new password").post("#{action}").header("X-Forwarded-For", "#{xff}")
                        .formParam("username", "#{user}").formParam("password-new", "#{pw}").formParam("password-confirm", "#{pw}")
                        .check(status().saveAs("st"), DETAIL, status().is(200), css("#kc-login").exists()))));
    }

    /** The authorization code in the client redirect, or null (then the check fails). */
    static String code(String location) {
        String query = URI.create(location).getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("code=")) {
                return URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
