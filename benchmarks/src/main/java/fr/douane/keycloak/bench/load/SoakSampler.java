package fr.douane.keycloak.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/** The soak's timeline: Keycloak's /metrics read every 2 s, each point tagged with its window. */
final class SoakSampler {

    /** One reading; NaN where the endpoint had no such series. */
    record Point(double seconds, int window, double heapMiB, double threads, double jobsPending, double workCache,
                 double poolActive, double poolTotal) {
    }

    /** Per window: the largest values seen, and the threads at its last reading. */
    record Stats(double jobsPendingMax, double workCacheMax, double poolActiveMax, double poolTotalMax, double threadsLast) {
    }

    private final ServerMetrics metrics;
    private final List<Point> points = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private volatile int window;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-sampler");
        t.setDaemon(true);
        return t;
    });

    SoakSampler(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    void start() {
        timer.scheduleWithFixedDelay(this::sample, 0, 2, TimeUnit.SECONDS);
    }

    void stop() {
        timer.shutdownNow();
    }

    void window(int index) {
        window = index;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void sample() {
        try {
            List<ServerMetrics.Sample> s = metrics.read();
            if (s.isEmpty()) {
                return;
            }
            Point p = new Point(elapsedSeconds(), window, heapUsedMiB(s), ServerMetrics.sum(s, "jvm_threads_live_threads"),
                    ServerMetrics.sum(s, "douane_reset_jobs_pending"), cacheEntries(s, "work"),
                    ServerMetrics.portailproPool(s, "hikaricp_connections_active"), ServerMetrics.portailproPool(s, "hikaricp_connections"));
            synchronized (points) {
                points.add(p);
            }
        } catch (RuntimeException e) {
            // one point lost; the next comes in 2 s
        }
    }

    static double heapUsedMiB(List<ServerMetrics.Sample> s) {
        return ServerMetrics.sum(s, "jvm_memory_used_bytes", x -> x.has("area", "heap")) / (1024 * 1024);
    }

    /**
     * Entries of one of Keycloak's caches on this node (Infinispan's statistics as Keycloak exports
     * them); the replicated {@code work} cache holds the mail outbox, beside Keycloak's own few entries.
     */
    static double cacheEntries(List<ServerMetrics.Sample> s, String cache) {
        return s.stream().filter(x -> x.name().endsWith("approximate_entries") && x.has("cache", cache))
                .mapToDouble(ServerMetrics.Sample::value).findFirst().orElse(Double.NaN);
    }

    List<Point> timeline() {
        synchronized (points) {
            return List.copyOf(points);
        }
    }

    Stats windowStats(int index) {
        List<Point> in = timeline().stream().filter(p -> p.window() == index).toList();
        return new Stats(max(in, Point::jobsPending), max(in, Point::workCache), max(in, Point::poolActive), max(in, Point::poolTotal),
                in.isEmpty() ? Double.NaN : in.get(in.size() - 1).threads());
    }

    private static double max(List<Point> in, ToDoubleFunction<Point> f) {
        return in.stream().mapToDouble(f).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }
}
