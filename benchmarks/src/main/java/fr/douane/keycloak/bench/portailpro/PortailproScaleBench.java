package fr.douane.keycloak.bench.portailpro;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.KeycloakServer;
import fr.douane.keycloak.it.harness.Paths;
import fr.douane.keycloak.it.harness.Ports;
import fr.douane.keycloak.it.harness.TestClient;

/**
 * Issue 5 benchmark: the Portailpro federation at 100k and then 1M directory accounts, through the
 * real Keycloak 26.7.3, each figure against a local-user baseline measured in the same run,
 * interleaved. Run with {@code ./mvnw -Pbench-portailpro verify}; prints a ratio table with
 * PASS/FAIL per target and writes integration-tests/target/bench/portailpro-scale.csv.
 *
 * <ul>
 *   <li>Lookup by email as the admin console does it ({@code GET /users?email=x&exact=true}):
 *       Portailpro cache miss (an account never looked up: found in the directory and imported) and
 *       hit (the same account again), against the same lookup of a local user.</li>
 *   <li>Directory statements per miss and per hit, counted exactly by pg_stat_statements in the
 *       Portailpro PostgreSQL (reset before the call, summed after: every statement the provider
 *       sends mentions portailpro_account).</li>
 *   <li>Admin search page 500 against page 1 ({@code search=bench&first=4990|0&max=10}), each a
 *       first view: the users a page imported are removed (admin "remove imported users") before
 *       the next pair, so every page does the same work (directory read + import of 10).</li>
 *   <li>Password login throughput (OIDC direct grant, closed model, {@value #THREADS} threads,
 *       alternating blocks, brute-force protection off during the blocks, see below) of imported
 *       Portailpro users holding a douane password, against local users, with the directory
 *       statements the Portailpro blocks cause.</li>
 * </ul>
 */
public final class PortailproScaleBench {

    static final int THREADS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Douane-2026!Bench";

    private final DouaneEnvironment env;
    private final Admin admin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String[]> csv = new ArrayList<>();
    private final List<String> table = new ArrayList<>();
    private final String componentId;
    private final List<String> localUsers = new ArrayList<>();
    private final Map<String, String> userIds = new java.util.HashMap<>();
    private int nextBench = 1;

    private PortailproScaleBench(DouaneEnvironment env) {
        this.env = env;
        this.admin = new Admin(env.keycloak().baseUrl());
        String found = null;
        for (JsonNode c : admin.get("/admin/realms/douane/components?type=org.keycloak.storage.UserStorageProvider")) {
            if ("douane-portailpro".equals(c.path("providerId").asText())) {
                found = c.get("id").asText();
            }
        }
        this.componentId = found;
    }

    public static void main(String[] args) throws Exception {
        int[] scales = Arrays.stream(System.getProperty("bench.scales", "100000,1000000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int lookups = Integer.getInteger("bench.lookups", 150);
        int pages = Integer.getInteger("bench.pages", 25);
        int blockSeconds = Integer.getInteger("bench.login-block-seconds", 10);
        try (DouaneEnvironment env = DouaneEnvironment.start(Ports.free(), Ports.free(), Ports.free(), true)) {
            TestClient.ensure(env.admin()); // the direct-grant test client
            PortailproScaleBench bench = new PortailproScaleBench(env);
            bench.prepare();
            for (int n : scales) {
                bench.seed(n);
                bench.lookups(n, lookups);
                bench.pages(n, pages);
                bench.logins(n, blockSeconds);
            }
            bench.report();
        }
    }

    // ----- set-up ---------------------------------------------------------------------------------

    private void prepare() throws IOException {
        env.portailpro().execute(Files.readString(Paths.portailproSql("bench-seed.sql"), StandardCharsets.UTF_8));
        for (int i = 0; i < 40; i++) {
            String u = "local-bench-" + i;
            userIds.put(u, env.admin().createLocalUser(u, u + "@exemple.fr", "Local", "Banc", PASSWORD));
            localUsers.add(u);
        }
    }

    private void seed(int n) {
        long t0 = System.nanoTime();
        long inserted = env.portailpro().queryLong("SELECT portailpro_bench_seed(" + n + ")");
        // The visibility map, for index-only scans (autovacuum would do it later in production).
        env.portailpro().execute("VACUUM ANALYZE portailpro_account");
        long rows = env.portailpro().queryLong("SELECT count(*) FROM portailpro_account");
        System.out.printf("%n[bench] %,d accounts in the directory (%,d inserted in %d s), load average %s%n",
                rows, inserted, (System.nanoTime() - t0) / 1_000_000_000L, loadAverage());
        removeImported();
    }

    private void removeImported() {
        int status = admin.post("/admin/realms/douane/user-storage/" + componentId + "/remove-imported-users", "").status;
        if (status != 204) {
            throw new IllegalStateException("remove-imported-users: " + status);
        }
    }

    /** A bench account of the seed that is ACTIVE, has an email and was never looked up in this run. */
    private String freshBenchEmail(int n) {
        while (true) {
            int g = nextBench++;
            if (g > n) {
                throw new IllegalStateException("out of bench accounts");
            }
            if (g % 50 != 0 && g % 100 != 0 && g % 500 != 0) {
                // Spread over the directory, not only its first rows.
                int spread = (int) ((g * 7_919L) % n) + 1;
                if (spread % 50 != 0 && spread % 100 != 0 && spread % 500 != 0) {
                    return "bench." + spread + "@exemple.fr";
                }
            }
        }
    }

    // ----- lookups ----------------------------------------------------------------------------------

    private void lookups(int n, int count) {
        long[] local = new long[count];
        long[] miss = new long[count];
        long[] hit = new long[count];
        long missStatements = 0;
        long hitStatements = 0;
        int maxMiss = 0;
        int maxHit = 0;
        for (int i = -10; i < count; i++) { // 10 warm-up rounds
            String localEmail = localUsers.get(Math.floorMod(i, localUsers.size())) + "@exemple.fr";
            String pp = freshBenchEmail(n);
            long l = timeLookup(localEmail, 1);
            resetStatements();
            long m = timeLookup(pp, 1);
            int ms = statements();
            resetStatements();
            long h = timeLookup(pp, 1);
            int hs = statements();
            if (i >= 0) {
                local[i] = l;
                miss[i] = m;
                hit[i] = h;
                missStatements += ms;
                hitStatements += hs;
                maxMiss = Math.max(maxMiss, ms);
                maxHit = Math.max(maxHit, hs);
            }
        }
        String scale = label(n);
        row(scale, "lookup by email p50, Portailpro miss / local (ms)", p(miss, 50), p(local, 50), null);
        row(scale, "lookup by email p99, Portailpro miss / local (ms)", p(miss, 99), p(local, 99), null);
        row(scale, "lookup by email p50, Portailpro hit / local (ms)", p(hit, 50), p(local, 50), null);
        row(scale, "lookup by email p99, Portailpro hit / local (ms)", p(hit, 99), p(local, 99), null);
        target(scale, "directory statements per cache miss (mean; max " + maxMiss + ")", (double) missStatements / count,
                "<= 2", maxMiss <= 2);
        target(scale, "directory statements per cache hit (mean; max " + maxHit + ")", (double) hitStatements / count,
                "= 0", maxHit == 0);
    }

    private long timeLookup(String email, int expected) {
        long t0 = System.nanoTime();
        JsonNode found = admin.get("/admin/realms/douane/users?exact=true&email=" + enc(email));
        long t = System.nanoTime() - t0;
        if (found.size() != expected) {
            throw new IllegalStateException("lookup " + email + " found " + found.size());
        }
        return t;
    }

    // ----- admin pages ------------------------------------------------------------------------------

    private void pages(int n, int pairs) {
        long[] first = new long[pairs];
        long[] late = new long[pairs];
        long lateStatements = 0;
        long firstStatements = 0;
        for (int i = -3; i < pairs; i++) {
            removeImported();
            boolean lateFirst = Math.floorMod(i, 2) == 1; // alternate which page goes first
            long a;
            long b;
            int sa;
            int sb;
            if (lateFirst) {
                resetStatements();
                b = timePage(4990);
                sb = statements();
                removeImported();
                resetStatements();
                a = timePage(0);
                sa = statements();
            } else {
                resetStatements();
                a = timePage(0);
                sa = statements();
                removeImported();
                resetStatements();
                b = timePage(4990);
                sb = statements();
            }
            if (i >= 0) {
                first[i] = a;
                late[i] = b;
                firstStatements += sa;
                lateStatements += sb;
            }
        }
        String scale = label(n);
        double ratio = p(late, 50) / p(first, 50);
        target(scale, "admin search page 500 / page 1, p50 (" + fmt(p(late, 50)) + " / " + fmt(p(first, 50)) + " ms)",
                ratio, "<= 2", ratio <= 2.0);
        row(scale, "admin search page 500 / page 1, p99 (ms)", p(late, 99), p(first, 99), null);
        row(scale, "directory statements per page, page 500 / page 1", (double) lateStatements / pairs,
                (double) firstStatements / pairs, null);
    }

    private long timePage(int firstResult) {
        long t0 = System.nanoTime();
        JsonNode page = admin.get("/admin/realms/douane/users?briefRepresentation=true&search=bench&first="
                + firstResult + "&max=10");
        long t = System.nanoTime() - t0;
        if (page.size() != 10) {
            throw new IllegalStateException("page at " + firstResult + " has " + page.size() + " users");
        }
        return t;
    }

    // ----- logins -------------------------------------------------------------------------------------

    private void logins(int n, int blockSeconds) throws Exception {
        List<String> portailpro = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            String email = freshBenchEmail(n);
            String id = admin.get("/admin/realms/douane/users?exact=true&email=" + enc(email)).get(0).get("id").asText();
            int status = admin.put("/admin/realms/douane/users/" + id + "/reset-password",
                    Map.of("type", "password", "value", PASSWORD, "temporary", false)).status;
            if (status != 204) {
                throw new IllegalStateException("password of " + email + ": " + status);
            }
            portailpro.add(email);
            userIds.put(email, id);
        }
        List<String> local = localUsers.subList(0, THREADS);
        // Diagnosis kept in the output: with the realm's brute-force protection on, repeated
        // concurrent direct grants of one user get locked out ("user_temporarily_disabled")
        // although every attempt uses the right password; count it for both kinds of user.
        failures.set(0);
        throughput(local, 4);
        long localLockouts = failures.getAndSet(0);
        throughput(portailpro, 4);
        long portailproLockouts = failures.getAndSet(0);
        System.out.printf("[bench] brute-force protection on: refused logins in 4 s, local %d, Portailpro %d (last answer %s)%n",
                localLockouts, portailproLockouts, lastBody);
        // The throughput is measured with the protection off (same for both kinds), then restored.
        JsonNode realm = admin.get("/admin/realms/douane");
        int off = admin.put("/admin/realms/douane", Map.of("bruteForceProtected", false)).status;
        if (off != 204) {
            throw new IllegalStateException("realm update: " + off);
        }
        for (String u : portailpro) {
            clearLockout(u);
        }
        for (String u : local) {
            clearLockout(u);
        }
        throughput(portailpro, 10); // warm-up (the JIT compiles both paths)
        throughput(local, 10);
        double pp = 0;
        double lo = 0;
        long ppLogins = 0;
        long ppStatements = 0;
        int blocks = Integer.getInteger("bench.login-blocks", 10);
        List<Double> pairRatios = new ArrayList<>();
        for (int block = 0; block < blocks; block++) {
            double localRate = 0;
            if (block % 2 == 1) {
                localRate = throughput(local, blockSeconds);
            }
            resetStatements();
            double rate = throughput(portailpro, blockSeconds);
            ppStatements += statements();
            ppLogins += Math.round(rate * blockSeconds);
            if (block % 2 == 0) {
                localRate = throughput(local, blockSeconds);
            }
            pp += rate;
            lo += localRate;
            pairRatios.add(rate / localRate);
        }
        pairRatios.sort(null);
        System.out.printf(Locale.ROOT, "[bench] %s logins: Portailpro / local per pair of blocks: min %.3f, median %.3f, max %.3f%n",
                label(n), pairRatios.get(0), pairRatios.get(pairRatios.size() / 2), pairRatios.get(pairRatios.size() - 1));
        admin.put("/admin/realms/douane", Map.of("bruteForceProtected", realm.path("bruteForceProtected").asBoolean(true)));
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " logins refused with the protection off: " + lastBody);
        }
        String scale = label(n);
        row(scale, "logins refused in 4 s with brute-force protection on, Portailpro / local", portailproLockouts,
                Math.max(localLockouts, 0), null);
        row(scale, "directory statements per Portailpro password login (" + ppLogins + " logins)",
                (double) ppStatements / Math.max(1, ppLogins), 1, null);
        double ratio = pp / lo;
        target(scale, String.format(Locale.ROOT, "password logins/s, Portailpro / local (%.1f / %.1f)", pp / blocks, lo / blocks),
                ratio, ">= 0.95", ratio >= 0.95);
    }

    /** Direct-grant logins per second with {@link #THREADS} threads, each its own user, for {@code seconds}. */
    private double throughput(List<String> users, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, r -> {
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

    private volatile String lastBody = "";
    private final AtomicLong failures = new AtomicLong();

    private void clearLockout(String username) {
        admin.delete("/admin/realms/douane/attack-detection/brute-force/users/" + userIds.get(username));
    }

    private int login(String username) throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=douane-it&scope=openid&username=" + enc(username) + "&password=" + enc(PASSWORD);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(env.keycloak().realmUrl() + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            lastBody = r.body();
        }
        return r.statusCode();
    }

    // ----- statements ------------------------------------------------------------------------------

    private void resetStatements() {
        env.portailpro().queryLong("SELECT count(*) FROM (SELECT pg_stat_statements_reset()) r");
    }

    /** Statements on the directory relation since the last reset (the bench's own never mention it). */
    private int statements() {
        return (int) env.portailpro().queryLong("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements"
                + " WHERE query ILIKE '%portailpro_account%' AND query NOT ILIKE '%pg_stat_statements%'");
    }

    // ----- output ------------------------------------------------------------------------------------

    private void row(String scale, String metric, double portailpro, double baseline, String target) {
        double ratio = portailpro / baseline;
        csv.add(new String[] {scale, metric, fmt(portailpro), fmt(baseline), fmt(ratio), "", ""});
        table.add(String.format(Locale.ROOT, "%-5s %-72s %10s %10s %8s", scale, metric, fmt(portailpro), fmt(baseline),
                fmt(ratio)));
    }

    private void target(String scale, String metric, double value, String target, boolean pass) {
        csv.add(new String[] {scale, metric, fmt(value), "", "", target, pass ? "PASS" : "FAIL"});
        table.add(String.format(Locale.ROOT, "%-5s %-72s %10s %10s %8s  target %s %s", scale, metric, fmt(value), "", "",
                target, pass ? "PASS" : "FAIL"));
    }

    private void report() throws IOException {
        System.out.println();
        System.out.println("Portailpro at scale, Keycloak " + Paths.keycloakVersion() + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, load average " + loadAverage());
        System.out.printf(Locale.ROOT, "%-5s %-72s %10s %10s %8s%n", "scale", "metric", "portailpro", "baseline", "ratio");
        table.forEach(System.out::println);
        Path dir = Paths.buildDir().resolve("bench");
        Files.createDirectories(dir);
        StringBuilder out = new StringBuilder("scale,metric,portailpro,baseline,ratio,target,result\n");
        for (String[] r : csv) {
            out.append(String.join(",", Arrays.stream(r).map(v -> v.contains(",") ? '"' + v + '"' : v).toList())).append('\n');
        }
        Path file = dir.resolve("portailpro-scale.csv");
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
        System.out.println("CSV: " + file);
    }

    private static double p(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1_000_000.0;
    }

    private static String label(int n) {
        return n >= 1_000_000 ? (n / 1_000_000) + "M" : (n / 1000) + "k";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Admin REST with one token reused until shortly before it expires (a token per call would dominate). */
    private static final class Admin {
        private final String base;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private String token;
        private long renewAt;

        Admin(String base) {
            this.base = base;
        }

        record Response(int status, String body) {
        }

        JsonNode get(String path) {
            Response r = send(request(path).GET().build());
            if (r.status != 200) {
                throw new IllegalStateException(path + ": " + r.status + " " + r.body);
            }
            try {
                return JSON.readTree(r.body);
            } catch (IOException e) {
                throw new IllegalStateException(r.body, e);
            }
        }

        Response post(String path, String body) {
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }

        Response delete(String path) {
            return send(request(path).DELETE().build());
        }

        Response put(String path, Object body) {
            try {
                return send(request(path).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private HttpRequest.Builder request(String path) {
            if (token == null || System.currentTimeMillis() > renewAt) {
                String form = "grant_type=password&client_id=admin-cli&username=" + KeycloakServer.ADMIN_USER
                        + "&password=" + KeycloakServer.ADMIN_PASSWORD;
                Response r = send(HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build());
                try {
                    JsonNode t = JSON.readTree(r.body);
                    token = t.get("access_token").asText();
                    renewAt = System.currentTimeMillis() + Math.max(5, t.path("expires_in").asInt(60) - 15) * 1000L;
                } catch (IOException e) {
                    throw new IllegalStateException(r.body, e);
                }
            }
            return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token);
        }

        private Response send(HttpRequest request) {
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                return new Response(r.statusCode(), r.body());
            } catch (IOException e) {
                throw new IllegalStateException(request.uri().toString(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
