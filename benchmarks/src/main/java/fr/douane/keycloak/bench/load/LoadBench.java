package fr.douane.keycloak.bench.load;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;

import fr.douane.keycloak.bench.load.Comparison.Goal;
import fr.douane.keycloak.bench.load.Comparison.Target;
import fr.douane.keycloak.bench.load.Scenarios.AccountPool;
import fr.douane.keycloak.bench.load.Scenarios.Realm;
import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.DirectoryLink;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.KeycloakServer;
import fr.douane.keycloak.it.harness.MailServer;
import fr.douane.keycloak.it.harness.Paths;
import fr.douane.keycloak.it.harness.PortailproDatabase;
import fr.douane.keycloak.it.harness.Ports;
import io.gatling.app.Gatling$;
import io.gatling.javaapi.core.ScenarioBuilder;

/**
 * The douane pack against stock Keycloak, side by side, in one run ({@code ./mvnw -Pbench-load
 * verify}). One Keycloak 26.7.3 in production mode over HTTPS on 127.0.0.1 holds both
 * realms; Gatling (Java DSL, in this JVM, with the SMTP sink) drives a closed model of a few
 * virtual users. Every comparison runs warm-up blocks, then measurement blocks alternating
 * baseline / candidate in ABBA order (so a slow drift of the machine weighs on both sides alike),
 * and reads the Keycloak process's CPU time from /proc around each block. B7 compares the douane
 * realm with itself, the Portailpro directory fast and slow ({@link SlowDirectory}); Keycloak reaches
 * the directory through the harness's {@link DirectoryLink} for the whole run.
 *
 * <p>Results: target/bench/{blocks.csv, summary.csv, summary.md, report.html, B7-*-chart.svg}, and
 * the table on the console; {@code -Dbench.b7.chart.copy=docs/img/b7.svg} also copies B7's chart
 * there. A benchmark, not a test: it never fails the build on a figure (the table says
 * PASS/FAIL per target); it fails only when it could not measure.
 */
public final class LoadBench {

    private final int rounds = Integer.getInteger("bench.rounds", 4);
    private final Duration blockTime = Duration.ofSeconds(Integer.getInteger("bench.block.seconds", 15));
    private final Duration warmupTime = Duration.ofSeconds(Integer.getInteger("bench.warmup.seconds", 10));
    /**
     * Warm-up ends when the last warm-up block of both sides spent less than this share of
     * Keycloak's CPU in the JIT compiler (or after {@code bench.warmup.max-rounds} pairs). A fixed
     * warm-up was not enough: with cheap hashing a login is a few milliseconds of Keycloak code, and
     * C2 was still compiling a third of the CPU two minutes into a fresh server, most of it charged
     * to whichever side happened to run.
     */
    private final double steadyJitShare = Double.parseDouble(System.getProperty("bench.warmup.jit-share", "0.05"));
    private final int maxWarmupRounds = Integer.getInteger("bench.warmup.max-rounds", 8);
    private final int pageUsers = Integer.getInteger("bench.users.pages", 4);
    private final int loginUsers = Integer.getInteger("bench.users.login", 4);
    private final int resetUsers = Integer.getInteger("bench.users.reset", 4);
    /** B7: visitors at once, rounds, block length, how late the slow directory answers. */
    private final int slowUsers = Integer.getInteger("bench.slow.users", 50);
    private final int slowRounds = Integer.getInteger("bench.slow.rounds", 2);
    private final Duration slowBlockTime = Duration.ofSeconds(Integer.getInteger("bench.slow.block.seconds", 30));
    private final Duration slowDelay = Duration.ofMillis(Integer.getInteger("bench.slow.delay-ms", 2000));
    private final Set<String> only = Set.of(System.getProperty("bench.only", "B6,B3,B1,B7").split(","));
    /** Which hashing settings B3 and B1 run with: "default", "cheap" or both (B6 hashes nothing). */
    private final Set<String> hashings = Set.of(System.getProperty("bench.hashing", "default,cheap").split(","));
    private final Path out = Paths.buildDir().resolve("bench");
    private final String b7ChartCopy = System.getProperty("bench.b7.chart.copy", "");

    private KeycloakServer keycloak;
    private AdminApi admin;
    private BenchRealms realms;
    private Mailbox mailbox;
    private Realm stock;
    private Realm douane;
    private int hashIterations = Accounts.DEFAULT_ITERATIONS;
    private int accountSeq;
    private PortailproDatabase portailpro;
    private DirectoryLink directoryLink;
    private final List<String> notes = new ArrayList<>();
    private final List<Comparison> comparisons = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        // Before anything loads Gatling's configuration: no analytics call (only 127.0.0.1 is spoken to).
        System.setProperty("gatling.data.enableAnalytics", "false");
        // Gatling says which configuration file it loads at every block, through slf4j-simple on
        // stderr, which then cuts the block lines of stdout in two.
        System.setProperty("org.slf4j.simpleLogger.log.io.gatling.core.config", "warn");
        new LoadBench().run();
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        Machine machine = Machine.describe();
        System.out.println("[bench-load] " + machine.oneLine());
        try (PortailproDatabase portailpro = new PortailproDatabase(Ports.free());
             MailServer mail = new MailServer(Ports.free());
             DirectoryLink link = new DirectoryLink(Ports.free(), portailpro.port())) {
            this.portailpro = portailpro;
            this.directoryLink = link;
            portailpro.execute(Files.readString(Paths.portailproSql("bench-seed.sql"), StandardCharsets.UTF_8));
            portailpro.execute("SELECT portailpro_bench_seed(1000)");
            long t0 = System.currentTimeMillis();
            keycloak = LoadBenchServer.start(out.resolve("server"),
                    DouaneEnvironment.realmEnv(mail, portailpro.jdbcUrl(link.port())), Duration.ofMinutes(8));
            try (KeycloakServer server = keycloak) {
                System.out.printf("[bench-load] Keycloak (build + start --optimized) ready on %s in %d s, pid %d%n",
                        server.baseUrl(), (System.currentTimeMillis() - t0) / 1000, server.javaPid());
                admin = new AdminApi(server.baseUrl(), server.httpClient());
                String redirect = server.baseUrl() + "/bench-callback";
                realms = new BenchRealms(admin, redirect);
                realms.setUp(mail.port());
                stock = new Realm("stock", false, redirect);
                douane = new Realm("douane", true, redirect);
                mailbox = new Mailbox(mail.greenMail());
                BenchSimulation.keycloakPid = server.javaPid();
                BenchSimulation.baseUrl = server.baseUrl();
                measure(machine);
            }
        }
        Report report = new Report(comparisons, machine, settings(), notes);
        report.write(out);
        System.out.println();
        System.out.println(report.table());
        System.out.println("[bench-load] results in " + out);
    }

    private Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("rounds", Integer.toString(rounds));
        s.put("block", blockTime.toSeconds() + " s");
        s.put("warm-up", warmupTime.toSeconds() + " s blocks per side, until JIT < " + Math.round(steadyJitShare * 100)
                + " % of CPU on both sides (at most " + maxWarmupRounds + " rounds)");
        s.put("users", "pages " + pageUsers + ", logins " + loginUsers + ", resets " + resetUsers);
        if (only.contains("B7")) {
            s.put("B7", slowUsers + " users, " + slowRounds + " rounds of " + slowBlockTime.toSeconds() + " s, statements answered "
                    + slowDelay.toMillis() + " ms late");
        }
        return s;
    }

    private void measure(Machine machine) {
        realms.hashing(Accounts.DEFAULT_ITERATIONS);
        if (only.contains("B6")) {
            compare("B6-login", "B6 login page (GET authorization endpoint, new visitor)", "stock keycloak.v2", "douane theme",
                    pageUsers, List.of(new Goal(Target.CPU_AT_MOST, 1.10)),
                    b -> Scenarios.loginPage(b, stock), b -> Scenarios.loginPage(b, douane));
            compare("B6-forgot", "B6 forgot-password page (GET, reloaded)", "stock keycloak.v2", "douane theme",
                    pageUsers, List.of(new Goal(Target.CPU_AT_MOST, 1.10)),
                    b -> Scenarios.forgotPage(b, stock), b -> Scenarios.forgotPage(b, douane));
        }
        if (hashings.contains("default") && only.contains("B3")) {
            logins("default hashing (pbkdf2-sha512, 210,000 iterations)", "");
        }
        if (hashings.contains("default") && only.contains("B1")) {
            resets("default hashing (pbkdf2-sha512, 210,000 iterations)", "", 1.05, 1.10);
        }
        if (hashings.contains("cheap")) {
            hashIterations = 1;
            realms.hashing(1);
            System.out.println("[bench-load] cheap hashing: stock policy = " + realms.policyOf("stock")
                    + " | douane policy = " + realms.policyOf("douane"));
            if (only.contains("B3")) {
                logins("cheap hashing (pbkdf2-sha512, 1 iteration)", "-cheap");
            }
            if (only.contains("B1")) {
                resets("cheap hashing (pbkdf2-sha512, 1 iteration, in both realms)", "-cheap", 1.15, 1.15);
            }
        }
        if (only.contains("B7")) {
            slowDirectory(hashIterations == 1 ? "cheap hashing" : "default hashing");
        }
    }

    /**
     * B7: 50 visitors (local and imported Portailpro logins, forgot requests for both) with the
     * directory fast, then with every statement answered 2 s late, in ABBA rounds. The ratio is on
     * the local logins' p95; the 5xx, the pool's largest size, the recovery time are extra rows.
     */
    private void slowDirectory(String hashing) {
        String password = Accounts.OLD_PASSWORD;
        List<String> local = Accounts.create(admin, "douane", "b7-local", 50, hashIterations);
        // Imported accounts: traffic 101..200, recovery probes 201..400; every 50th is suspended or closed in the seed.
        List<String> imported = realms.portailproUsers(benchAccounts(101, 200), password);
        List<String> probes = realms.portailproUsers(benchAccounts(201, 400), password);
        boolean protection = realms.bruteForce("douane", false);
        ServerMetrics metrics = new ServerMetrics(keycloak.httpClient(), keycloak.managementUrl());
        String id = "B7-slowdir" + (hashIterations == 1 ? "-cheap" : "");
        try (SlowDirectory slow = new SlowDirectory(directoryLink, slowDelay, admin, metrics, douane, local, imported, probes, password)) {
            Comparison c = compare(id, "B7 slow Portailpro directory, " + slowUsers + " visitors, " + hashing,
                    "directory fast", "directory " + slowDelay.toMillis() + " ms", slowUsers,
                    List.of(new Goal(Target.STEP_P95_AT_MOST, 1.2, SlowDirectory.LOCAL_LOGIN)),
                    slow.side(DirectoryLink.State.UP), slow.side(DirectoryLink.State.SLOW), slowRounds, slowBlockTime, true);
            c.extra.addAll(slow.rows(c));
            writeChart(id + "-chart.svg", slow.chart());
        } finally {
            realms.bruteForce("douane", protection);
        }
    }

    /** Writes a chart into the results, and into {@code bench.b7.chart.copy} (under the project root) when set. */
    private void writeChart(String name, String svg) {
        try {
            Files.writeString(out.resolve(name), svg);
            TimeChart.copyIntoProject(out.resolve(name), b7ChartCopy, "[bench-load]");
        } catch (java.io.IOException e) {
            System.out.println("[bench-load] chart " + name + " not written: " + e.getMessage());
        }
    }

    private static List<String> benchAccounts(int from, int to) {
        return IntStream.rangeClosed(from, to).filter(i -> i % 50 != 0).mapToObj(i -> "bench." + i + "@exemple.fr").toList();
    }

    /** B3: a local user against a Portailpro-imported user, both in the douane realm. */
    private void logins(String hashing, String suffix) {
        String password = Accounts.OLD_PASSWORD;
        List<String> local = Accounts.create(admin, "douane", "b3-local" + suffix, 8, hashIterations);
        int firstAccount = suffix.isEmpty() ? 1 : 11;
        List<String> portailpro = realms.portailproUsers(IntStream.range(firstAccount, firstAccount + 8)
                .mapToObj(i -> "bench." + i + "@exemple.fr").toList(), password);
        // Same roles on both sides, or the comparison would weigh the users' data, not the provider.
        var localRoles = realms.effectiveRoles("douane", local.get(0));
        var importedRoles = realms.effectiveRoles("douane", portailpro.get(0));
        if (!localRoles.equals(importedRoles)) {
            throw new IllegalStateException("B3 users differ in roles: local " + localRoles + ", Portailpro " + importedRoles);
        }
        System.out.println("[bench-load] B3 users on both sides hold " + localRoles);
        List<Goal> goals = List.of(new Goal(Target.THROUGHPUT_AT_LEAST, 0.95), new Goal(Target.CPU_AT_MOST, 1.0 / 0.95));
        long queries = directoryQueries();
        int first = comparisons.size();
        boolean protection = realms.bruteForce("douane", false);
        try {
            compare("B3-grant" + suffix, "B3 password login, OIDC password grant, " + hashing, "local user", "Portailpro user",
                    loginUsers, goals,
                    b -> Scenarios.directGrant(b, douane, local, password), b -> Scenarios.directGrant(b, douane, portailpro, password));
            compare("B3-form" + suffix, "B3 password login, browser form (page + POST + code), " + hashing, "local user", "Portailpro user",
                    loginUsers, goals,
                    b -> Scenarios.formLogin(b, douane, local, password), b -> Scenarios.formLogin(b, douane, portailpro, password));
        } finally {
            realms.bruteForce("douane", protection);
        }
        // How often a login of an imported user reaches the Portailpro directory (PostgreSQL's own
        // scan counters of the table; its statistics lag by a fraction of a second).
        sleepQuietly(1500);
        long logins = comparisons.subList(first, comparisons.size()).stream()
                .flatMap(c -> c.blocks.stream()).filter(b -> b.side.equals("Portailpro user")).mapToLong(Block::ok).sum();
        String note = String.format(java.util.Locale.ROOT, "B3%s: %d Portailpro directory queries for %d Portailpro-user logins (%.2f per login)",
                suffix, directoryQueries() - queries, logins, (double) (directoryQueries() - queries) / Math.max(1, logins));
        System.out.println("[bench-load] " + note);
        notes.add(note);
    }

    private long directoryQueries() {
        try (java.sql.Connection c = portailpro.connect(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) FROM pg_stat_user_tables"
                     + " WHERE relname = 'portailpro_account'")) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** B1: the reset procedure end to end, stock realm against douane realm. */
    private void resets(String hashing, String suffix, double cpuLimit, double p95Limit) {
        Map<String, Double> rate = new HashMap<>();
        Function<Realm, Function<Block, ScenarioBuilder>> scenario = realm -> block -> {
            // Fresh accounts for every block: one reset per account, so no per-account limit and
            // no password history is in the way. Sized from the last block's rate, created before
            // the block's CPU window opens.
            // First block: a guess above the cheap-hashing rate (~35 resets/s here), so that the
            // first warm-up block does not run dry.
            double perSecond = rate.getOrDefault(realm.name(), 40.0);
            int size = (int) Math.max(100, perSecond * block.duration.toSeconds() * 2.5);
            AccountPool pool = new AccountPool(Accounts.create(admin, realm.name(),
                    "b1-" + realm.name() + suffix + "-" + (accountSeq++), size, hashIterations));
            block.onEnd = () -> {
                rate.put(realm.name(), Math.max(1.0, block.opsPerSecond()));
                if (pool.remaining() == 0) {
                    System.out.println("[bench-load] WARNING: account pool of " + block.side + " ran out in this block");
                }
            };
            return Scenarios.reset(block, realm, pool, mailbox);
        };
        compare("B1-reset" + suffix, "B1 reset procedure end to end, " + hashing, "stock", "douane", resetUsers,
                List.of(new Goal(Target.CPU_AT_MOST, cpuLimit), new Goal(Target.P95_AT_MOST, p95Limit),
                        new Goal(Target.FORGOT_POST_P95_AT_MOST, 0.5)),
                scenario.apply(stock), scenario.apply(douane));
    }

    private void compare(String id, String title, String baseline, String candidate, int users, List<Goal> goals,
                         Function<Block, ScenarioBuilder> a, Function<Block, ScenarioBuilder> b) {
        compare(id, title, baseline, candidate, users, goals, a, b, rounds, blockTime, false);
    }

    private Comparison compare(String id, String title, String baseline, String candidate, int users, List<Goal> goals,
                               Function<Block, ScenarioBuilder> a, Function<Block, ScenarioBuilder> b,
                               int rounds, Duration blockTime, boolean mixed) {
        Comparison c = new Comparison(id, title, baseline, candidate, goals);
        c.mixed = mixed;
        comparisons.add(c);
        System.out.println("[bench-load] " + title + ": " + baseline + " vs " + candidate + ", " + users + " users");
        warmUp(c, users, a, b);
        for (int round = 1; round <= rounds; round++) {
            // ABBA: A B, B A, A B, B A
            boolean aFirst = round % 2 == 1;
            run(c, new Block(id, aFirst ? baseline : candidate, round, false, users, blockTime, aFirst ? a : b));
            run(c, new Block(id, aFirst ? candidate : baseline, round, false, users, blockTime, aFirst ? b : a));
        }
        return c;
    }

    /** Alternating warm-up blocks (not counted) until the JIT compiler has quietened on both sides. */
    private void warmUp(Comparison c, int users, Function<Block, ScenarioBuilder> a, Function<Block, ScenarioBuilder> b) {
        for (int round = 1; round <= maxWarmupRounds; round++) {
            Block first = new Block(c.id, c.baseline, round, true, users, warmupTime, a);
            Block second = new Block(c.id, c.candidate, round, true, users, warmupTime, b);
            run(c, first);
            run(c, second);
            if (first.jitShare() < steadyJitShare && second.jitShare() < steadyJitShare) {
                System.out.printf(java.util.Locale.ROOT, "[bench-load]   %s: steady after %d warm-up round(s)%n", c.id, round);
                return;
            }
        }
        String note = String.format(java.util.Locale.ROOT, "%s: the JIT compiler still took %.0f %% or more of the CPU after %d warm-up rounds; measured anyway",
                c.id, steadyJitShare * 100, maxWarmupRounds);
        System.out.println("[bench-load]   " + note);
        notes.add(note);
    }

    private void run(Comparison c, Block block) {
        BenchSimulation.current = block;
        int status = Gatling$.MODULE$.fromArgs(new String[] {
                "-s", BenchSimulation.class.getName(),
                "-rf", out.resolve("gatling").toString(),
                "-nr",
                "-rd", block.benchmark + " " + block.side + " " + block.round});
        if (block.onEnd != null) {
            block.onEnd.run();
        }
        c.blocks.add(block);
        System.out.printf("[bench-load]   %-14s %-18s %s ops=%5d errors=%d  %.0f ops/s  CPU %.2f ms/op (JIT %2.0f %%, GC %2.0f %%)  p50 %.1f ms  p95 %.1f ms%s%s%n",
                block.benchmark, block.side, (block.warmup ? "warm-up " : "round   ") + block.round,
                block.ok(), block.errors(), block.opsPerSecond(), block.cpuPerOp(), 100 * block.jitShare(),
                block.cpuMillis == 0 ? 0.0 : 100.0 * block.gcMillis / block.cpuMillis, block.percentile(50), block.percentile(95),
                Double.isNaN(block.forgotPost.percentile(95)) ? ""
                        : String.format(java.util.Locale.ROOT, "  forgot POST p50 %.1f ms p95 %.1f ms", block.forgotPost.percentile(50), block.forgotPost.percentile(95)),
                status == 0 ? "" : "  (gatling status " + status + ")");
        for (String sample : block.errorSamples()) {
            System.out.println("[bench-load]     error: " + sample);
        }
        if (block.ok() == 0) {
            throw new IllegalStateException("block " + block.benchmark + " " + block.side + " completed no operation; "
                    + "errors: " + block.errorSamples() + "\nKeycloak log tail:\n" + keycloak.tail(40));
        }
    }
}
