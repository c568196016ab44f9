package fr.douane.keycloak.bench.portailpro;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import fr.douane.keycloak.it.harness.TestClient;

/**
 * Password logins (OIDC direct grant of the test client) in a closed model: one thread per user,
 * each logging in again as soon as it is answered, for a given time. Refused logins are counted,
 * with the last answer, for the caller to report.
 */
final class DirectGrantLoad {

    private final String tokenUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastBody = "";

    DirectGrantLoad(String realmUrl) {
        this.tokenUrl = realmUrl + "/protocol/openid-connect/token";
    }

    /** Logins per second of {@code users} together, each its own thread, for {@code seconds}. */
    double throughput(List<String> users, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(users.size(), r -> {
            Thread t = new Thread(r, "bench-login");
            t.setDaemon(true); // a failure must not keep the JVM (and the build) alive
            return t;
        });
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        List<Future<?>> running = new ArrayList<>();
        for (String user : users) {
            running.add(pool.submit(() -> {
                while (!stop.get()) {
                    if (login(user) == 200) {
                        done.incrementAndGet();
                    } else {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        long counted = done.get();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        stop.set(true);
        try {
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return counted / elapsed;
    }

    /** Refused logins since the last call (the count starts again at 0). */
    long takeFailures() {
        return failures.getAndSet(0);
    }

    String lastRefusal() {
        return lastBody;
    }

    private int login(String username) throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=" + TestClient.ID + "&scope=openid&username=" + BenchAccounts.enc(username)
                + "&password=" + BenchAccounts.enc(BenchAccounts.PASSWORD);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            lastBody = r.body();
        }
        return r.statusCode();
    }
}
