package fr.douane.keycloak.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import fr.douane.keycloak.bench.load.Comparison.Row;
import fr.douane.keycloak.bench.load.Scenarios.Realm;
import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.DirectoryLink;
import io.gatling.javaapi.core.ScenarioBuilder;

/**
 * B7, a slow Portailpro directory under load: the same mix of visitors with the directory fast
 * (baseline) and with every statement answered {@code delay} late (candidate), through the
 * harness's {@link DirectoryLink}. Besides the blocks' latencies it watches the Portailpro pool on
 * the management {@code /metrics} (largest size seen per side, and the configured maximum), clears
 * Keycloak's user cache every {@code CACHE_CLEAR_SECONDS} on both sides (so Portailpro logins keep
 * reaching the directory, not only their first one after a start), and after each slow block
 * measures how long the first Portailpro login takes to come back under its usual latency.
 */
final class SlowDirectory implements AutoCloseable {

    static final String LOCAL_LOGIN = "local login";
    static final String PORTAILPRO_LOGIN = "Portailpro login";
    private static final int CACHE_CLEAR_SECONDS = 15;
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(60);

    private final DirectoryLink link;
    private final AdminApi admin;
    private final ServerMetrics metrics;
    private final Realm realm;
    private final List<String> local;
    private final List<String> portailpro;
    private final List<String> probes;
    private final String password;
    private final AtomicInteger nextProbe = new AtomicInteger();
    private final Map<String, Double> poolMax = new ConcurrentHashMap<>();
    private final Map<String, Double> jobsMax = new ConcurrentHashMap<>();
    private volatile double poolLimit = Double.NaN;
    private final List<Double> usual = new ArrayList<>();
    private final List<Double> recoveries = new ArrayList<>();
    private final SlowDirectoryTimeline timeline = new SlowDirectoryTimeline();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "b7-sampler");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param probes imported Portailpro accounts used only by the recovery probes: enough that none
     *               is probed twice within the provider's 10 s validation memo
     */
    SlowDirectory(DirectoryLink link, Duration delay, AdminApi admin, ServerMetrics metrics, Realm realm,
                  List<String> local, List<String> portailpro, List<String> probes, String password) {
        this.link = link;
        this.admin = admin;
        this.metrics = metrics;
        this.realm = realm;
        this.local = local;
        this.portailpro = portailpro;
        this.probes = probes;
        this.password = password;
        link.slowDelay(delay);
        AtomicInteger ticks = new AtomicInteger();
        sampler.scheduleWithFixedDelay(() -> {
            sample();
            if (ticks.incrementAndGet() % (CACHE_CLEAR_SECONDS * 2) == 0) {
                clearUserCache();
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** One side's scenario: the link switched, the user cache cleared, and what to do after the block. */
    Function<Block, ScenarioBuilder> side(DirectoryLink.State state) {
        return block -> {
            link.set(state);
            clearUserCache();
            boolean slow = state == DirectoryLink.State.SLOW;
            timeline.blockStarts(slow, block.warmup);
            block.onEnd = () -> {
                timeline.blockEnds(slow, block);
                if (state == DirectoryLink.State.SLOW) {
                    recover(block.warmup);
                } else if (!block.warmup) {
                    for (int i = 0; i < 5; i++) {
                        double ms = probe();
                        synchronized (usual) {
                            usual.add(ms);
                        }
                        sleep(300);
                    }
                }
            };
            return Mixes.slowDirectory(block, realm, local, portailpro, password);
        };
    }

    private void sample() {
        try {
            List<ServerMetrics.Sample> s = metrics.read();
            Block current = BenchSimulation.current;
            if (s.isEmpty() || current == null || !current.benchmark.startsWith("B7")) {
                return;
            }
            double pool = ServerMetrics.portailproPool(s, "hikaricp_connections");
            if (!Double.isNaN(pool)) {
                poolMax.merge(current.side, pool, Math::max);
            }
            double jobs = ServerMetrics.sum(s, "douane_reset_jobs_pending");
            if (!Double.isNaN(jobs)) {
                jobsMax.merge(current.side, jobs, Math::max);
            }
            timeline.sample(pool, ServerMetrics.portailproPool(s, "hikaricp_connections_active"), jobs);
            double limit = ServerMetrics.portailproPool(s, "hikaricp_connections_max");
            if (!Double.isNaN(limit)) {
                poolLimit = limit;
            }
        } catch (RuntimeException e) {
            // one sample lost; the next one comes in 500 ms
        }
    }

    /** The directory fast again: seconds until a Portailpro login is back under its usual latency. */
    private void recover(boolean warmup) {
        long t0 = System.nanoTime();
        link.set(DirectoryLink.State.UP);
        if (warmup) {
            return;
        }
        double threshold = usualMillis();
        double seconds = Double.NaN;
        while (System.nanoTime() - t0 < RECOVERY_LIMIT.toNanos()) {
            double ms = probe();
            timeline.probe(ms);
            if (!Double.isNaN(ms) && (Double.isNaN(threshold) || ms <= threshold)) {
                seconds = (System.nanoTime() - t0) / 1e9;
                break;
            }
            sleep(100);
        }
        System.out.printf(java.util.Locale.ROOT, "[bench-load]   B7 recovery: %.1f s (usual Portailpro login %.0f ms)%n", seconds, threshold);
        synchronized (recoveries) {
            recoveries.add(seconds);
        }
    }

    /** A Portailpro password login (OIDC grant) that reaches the directory (user cache cleared first); ms, or NaN if refused. */
    private double probe() {
        clearUserCache();
        String user = probes.get(Math.floorMod(nextProbe.getAndIncrement(), probes.size()));
        long t = System.nanoTime();
        try {
            admin.passwordGrant(realm.name(), Scenarios.CLIENT, user, password);
            return (System.nanoTime() - t) / 1e6;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** p95 of the probes after the fast blocks. */
    private double usualMillis() {
        synchronized (usual) {
            return Block.Latencies.percentile(usual.stream().filter(v -> !Double.isNaN(v)).mapToLong(v -> (long) (v * 1e6)).toArray(), 95);
        }
    }

    private void clearUserCache() {
        try {
            admin.post("/admin/realms/" + realm.name() + "/clear-user-cache", Map.of());
        } catch (RuntimeException e) {
            // the next clear comes soon; a missed one only means fewer directory statements
        }
    }

    /** The rows that are not ratios of the blocks, with their targets. */
    List<Row> rows(Comparison c) {
        List<Row> rows = new ArrayList<>();
        long fast5xx = c.serverErrors(c.baseline);
        long slow5xx = c.serverErrors(c.candidate);
        rows.add(new Row("Portailpro login p95 ms", c.stepPercentile(c.baseline, PORTAILPRO_LOGIN, 95),
                c.stepPercentile(c.candidate, PORTAILPRO_LOGIN, 95),
                c.stepPercentile(c.candidate, PORTAILPRO_LOGIN, 95) / c.stepPercentile(c.baseline, PORTAILPRO_LOGIN, 95), "-", true));
        rows.add(new Row("errors (any)", c.errors(c.baseline), c.errors(c.candidate), Double.NaN, "-", true));
        rows.add(new Row("5xx", fast5xx, slow5xx, Double.NaN, "= 0", fast5xx + slow5xx == 0));
        double fastPool = poolMax.getOrDefault(c.baseline, Double.NaN);
        double slowPool = poolMax.getOrDefault(c.candidate, Double.NaN);
        boolean poolOk = !Double.isNaN(poolLimit) && !Double.isNaN(slowPool) && Math.max(fastPool, slowPool) <= poolLimit;
        rows.add(new Row("pool max connections", fastPool, slowPool, Double.NaN, "<= " + (Double.isNaN(poolLimit) ? "?" : Comparison.fmt(poolLimit)), poolOk));
        rows.add(new Row("reset jobs pending max", jobsMax.getOrDefault(c.baseline, Double.NaN),
                jobsMax.getOrDefault(c.candidate, Double.NaN), Double.NaN, "-", true));
        double worst;
        synchronized (recoveries) {
            worst = recoveries.isEmpty() || recoveries.stream().anyMatch(v -> Double.isNaN(v)) ? Double.NaN
                    : recoveries.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
        rows.add(new Row("recovery s (worst)", Double.NaN, worst, Double.NaN, "<= 10", !Double.isNaN(worst) && worst <= 10));
        rows.add(new Row("usual Portailpro login ms", usualMillis(), Double.NaN, Double.NaN, "-", true));
        return rows;
    }

    /** The run over time as SVG: blocks, login p95 per block, recovery probes, pool, reset jobs. */
    String chart() {
        return timeline.svg(poolLimit);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        link.set(DirectoryLink.State.UP);
    }
}
