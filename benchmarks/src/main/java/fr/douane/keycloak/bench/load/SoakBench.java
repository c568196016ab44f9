package fr.douane.keycloak.bench.load;

import static io.gatling.javaapi.core.CoreDsl.exec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import fr.douane.keycloak.bench.load.Scenarios.AccountPool;
import fr.douane.keycloak.bench.load.Scenarios.Realm;
import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.KeycloakServer;
import fr.douane.keycloak.it.harness.MailServer;
import fr.douane.keycloak.it.harness.Paths;
import fr.douane.keycloak.it.harness.PortailproDatabase;
import fr.douane.keycloak.it.harness.Ports;
import io.gatling.app.Gatling$;
import io.gatling.javaapi.core.ChainBuilder;

/**
 * The soak ({@code ./mvnw -Pbench-soak verify}): one Keycloak with the pack in production mode
 * over HTTPS, the douane realm, mixed traffic ({@link Mixes#soak}) for {@code bench.soak.minutes}
 * at {@code bench.soak.load} (one half) of the capacity a short ramp measured first, cut into
 * windows of {@code bench.soak.window.minutes}. Per window: errors, p95 per step, the live heap
 * after a full GC (the class histogram jcmd takes at the window's end), the entries of Keycloak's
 * per-visitor stores, live threads, reset jobs pending, the work cache (the mail outbox lives
 * there), the Portailpro pool; sampled every 2 s in between.
 *
 * <p>Results: target/bench/soak-*.csv, soak-summary.md, soak-chart.svg; with
 * {@code -Dbench.soak.chart.copy=docs/img/soak.svg} (relative to the project root) the chart is
 * copied there. A benchmark: the verdicts say PASS/FAIL, the build fails only when it could not measure.
 */
public final class SoakBench {

    private final Duration total = Duration.ofSeconds(Math.round(Double.parseDouble(System.getProperty("bench.soak.minutes", "30")) * 60));
    private final Duration window = Duration.ofSeconds(Math.round(Double.parseDouble(System.getProperty("bench.soak.window.minutes", "5")) * 60));
    private final double load = Double.parseDouble(System.getProperty("bench.soak.load", "0.5"));
    private final Duration rampStep = Duration.ofSeconds(Integer.getInteger("bench.soak.ramp.seconds", 20));
    private final int[] rampUsers = java.util.Arrays.stream(System.getProperty("bench.soak.ramp.users", "1,2,4,8,16").split(","))
            .mapToInt(Integer::parseInt).toArray();
    private final boolean cheap = !"default".equals(System.getProperty("bench.soak.hashing", "cheap"));
    private final String chartCopy = System.getProperty("bench.soak.chart.copy", "");
    /** The user cache's bound (Keycloak's default: 10 000), reached within the first window; see {@link #boundedWithinTheFirstWindow}. */
    private final int usersCached = Integer.getInteger("bench.soak.users.cached", 1000);
    private final Path out = Paths.buildDir().resolve("bench");

    public static void main(String[] args) throws Exception {
        System.setProperty("gatling.data.enableAnalytics", "false");
        System.setProperty("org.slf4j.simpleLogger.log.io.gatling.core.config", "warn");
        new SoakBench().run();
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        Machine machine = Machine.describe();
        System.out.println("[bench-soak] " + machine.oneLine());
        SoakReport report;
        try (PortailproDatabase portailpro = new PortailproDatabase(Ports.free());
             MailServer mail = new MailServer(Ports.free())) {
            portailpro.execute(Files.readString(Paths.portailproSql("bench-seed.sql")));
            portailpro.execute("SELECT portailpro_bench_seed(2000)");
            try (KeycloakServer server = LoadBenchServer.start(out.resolve("soak-server"),
                    DouaneEnvironment.realmEnv(mail, portailpro.jdbcUrl()), Duration.ofMinutes(8),
                    "--cache-embedded-users-max-count=" + usersCached)) {
                System.out.printf("[bench-soak] Keycloak ready on %s, pid %d%n", server.baseUrl(), server.javaPid());
                report = soak(server, mail, machine);
            }
        }
        report.write(out);
        System.out.println();
        System.out.println(report.table());
        TimeChart.copyIntoProject(out.resolve("soak-chart.svg"), chartCopy, "[bench-soak]");
        System.out.println("[bench-soak] results in " + out);
    }

    private SoakReport soak(KeycloakServer server, MailServer mail, Machine machine) throws Exception {
        AdminApi admin = new AdminApi(server.baseUrl(), server.httpClient());
        String redirect = server.baseUrl() + "/bench-callback";
        BenchRealms realms = new BenchRealms(admin, redirect);
        realms.setUp(mail.port());
        int iterations = cheap ? 1 : Accounts.DEFAULT_ITERATIONS;
        realms.hashing(iterations);
        // Correct logins of the same accounts several times a second trip the brute-force detector
        // (refusals with no failed password before), which would count as errors of the server.
        realms.bruteForce("douane", false);
        boundedWithinTheFirstWindow(admin);
        Realm douane = new Realm("douane", true, redirect);
        Mailbox mailbox = new Mailbox(mail.greenMail());
        String password = Accounts.OLD_PASSWORD;
        List<String> local = Accounts.create(admin, "douane", "soak-local", 50, iterations);
        List<String> imported = realms.portailproUsers(benchAccounts(101, 200), password);
        List<String> forgotten = benchAccounts(201, 2000);
        BenchSimulation.keycloakPid = server.javaPid();
        BenchSimulation.baseUrl = server.baseUrl();
        ServerMetrics metrics = new ServerMetrics(server.httpClient(), server.managementUrl());
        int[] seq = {0};
        java.util.function.IntFunction<AccountPool> freshAccounts = n -> new AccountPool(
                Accounts.create(admin, "douane", "soak-fresh-" + (seq[0]++), n, iterations));

        // Capacity: closed-model steps of more and more users, until the throughput stops growing.
        double capacity = 0;
        List<String> rampLines = new ArrayList<>();
        for (int i = 0; i < rampUsers.length; i++) {
            int users = rampUsers[i];
            AccountPool fresh = freshAccounts.apply(Math.max(200, (int) (Math.max(capacity, 5) * 2 * rampStep.toSeconds() * 0.25 * 2)));
            Block b = new Block("soak-ramp", users + " users", i + 1, false, users, rampStep,
                    k -> Scenarios.looping(k, exec(s -> s), Mixes.soak(k, douane, local, imported, forgotten, fresh, mailbox, password)));
            run(b);
            mailbox.purge();
            String line = String.format(Locale.ROOT, "%d users: %.2f ops/s, p95 %.0f ms, %d errors", users, b.opsPerSecond(), b.percentile(95), b.errors());
            System.out.println("[bench-soak] ramp " + line);
            rampLines.add(line);
            boolean grew = b.opsPerSecond() > capacity * 1.1;
            capacity = Math.max(capacity, b.opsPerSecond());
            if (!grew && i > 0) {
                break;
            }
        }
        double rate = capacity * load;
        System.out.printf(Locale.ROOT, "[bench-soak] capacity %.2f ops/s; soak at %.2f ops/s for %d min in windows of %d s%n",
                capacity, rate, total.toMinutes(), window.toSeconds());

        SoakSampler sampler = new SoakSampler(metrics);
        List<SoakWindow> windows = new ArrayList<>();
        int count = (int) Math.max(1, total.toSeconds() / window.toSeconds());
        sampler.start();
        try {
            for (int i = 1; i <= count; i++) {
                AccountPool fresh = freshAccounts.apply((int) Math.ceil(rate * window.toSeconds() * 0.25 * 1.5) + 50);
                Block b = new Block("soak", "window " + i, i, false, 0, window,
                        k -> Scenarios.once(k, Mixes.soak(k, douane, local, imported, forgotten, fresh, mailbox, password)));
                b.arrivalsPerSecond = rate;
                sampler.window(i);
                run(b);
                Path histogram = out.resolve("soak-histogram-" + i + ".txt");
                double heapAfterGc = SoakHeapGrowth.take(server.javaPid(), histogram) ? SoakHeapGrowth.liveMiB(histogram) : Double.NaN;
                List<ServerMetrics.Sample> now = metrics.read();
                Map<String, Double> stores = new LinkedHashMap<>();
                SoakWindow.STORES.forEach(c -> stores.put(c, SoakSampler.cacheEntries(now, c)));
                SoakWindow w = new SoakWindow(i, b, heapAfterGc, sampler.windowStats(i), sampler.elapsedSeconds(), stores);
                windows.add(w);
                mailbox.purge();
                System.out.println("[bench-soak] " + w.oneLine());
            }
        } finally {
            sampler.stop();
        }
        printHeapGrowth(count);
        return new SoakReport(machine, capacity, rate, load, rampLines, windows, sampler.timeline(), cheap);
    }

    /** The classes that grew most from the second window (the first warms caches up) to the last. */
    private void printHeapGrowth(int count) {
        Path second = out.resolve("soak-histogram-2.txt");
        Path last = out.resolve("soak-histogram-" + count + ".txt");
        if (count < 3 || !Files.isRegularFile(second) || !Files.isRegularFile(last)) {
            return;
        }
        try {
            List<String> rows = SoakHeapGrowth.growth(second, last, 15);
            Files.write(out.resolve("soak-heap-growth.md"), rows);
            System.out.println("[bench-soak] heap kept from window 2 to window " + count + ", by class:");
            rows.forEach(r -> System.out.println("[bench-soak]   " + r));
        } catch (java.io.IOException e) {
            System.out.println("[bench-soak] class histograms unreadable: " + e.getMessage());
        }
    }

    private void run(Block block) {
        BenchSimulation.current = block;
        Gatling$.MODULE$.fromArgs(new String[] {
                "-s", BenchSimulation.class.getName(), "-rf", out.resolve("gatling").toString(), "-nr",
                "-rd", block.benchmark + " " + block.side});
        for (String sample : block.errorSamples()) {
            System.out.println("[bench-soak]     error: " + sample);
        }
        if (block.ok() == 0) {
            throw new IllegalStateException(block.benchmark + " " + block.side + " completed no operation: " + block.errorSamples());
        }
    }

    /**
     * Keycloak keeps state per visitor and per account for fixed times or counts longer than a
     * 30-minute soak can fill: authentication sessions for the realm's login lifespan (30 min), the
     * used links' marks for the link's lifespan (24 h), up to 10 000 users in the user cache (each
     * link completion is a new account). The heap would grow through the whole run by design. So
     * that it reaches its plateau within the first window, and what grows after it is a leak, the
     * soak's realm keeps sessions and links for one window and its server caches at most
     * {@link #usersCached} users; each window's table says how many entries each store holds. The
     * pack's hourly mail slots end with the clock hour, as shipped.
     */
    private void boundedWithinTheFirstWindow(AdminApi admin) {
        int seconds = (int) window.toSeconds();
        admin.updateRealm("douane", Map.of("accessCodeLifespanLogin", seconds, "accessCodeLifespanUserAction", Math.min(seconds, 300),
                "attributes", Map.of("actionTokenGeneratedByUserLifespan.reset-credentials", Integer.toString(seconds))),
                admin.realmAttributes("douane")).expect(204);
    }

    private static List<String> benchAccounts(int from, int to) {
        return IntStream.rangeClosed(from, to).filter(i -> i % 50 != 0).mapToObj(i -> "bench." + i + "@exemple.fr").toList();
    }
}
