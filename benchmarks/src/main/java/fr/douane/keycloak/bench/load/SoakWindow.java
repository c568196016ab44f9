package fr.douane.keycloak.bench.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One window of the soak: its block (operations, errors, steps), and what the server showed; {@code stores}
 * are the entries of Keycloak's caches that hold per-visitor or per-account state ({@link #STORES}) at the
 * window's end, after the GC.
 */
record SoakWindow(int index, Block block, double heapAfterGcMiB, SoakSampler.Stats stats, double endSeconds, Map<String, Double> stores) {

    /**
     * Keycloak's caches whose size follows the traffic: authentication sessions (one per visitor
     * until it logs in or expires), users (bounded), the single-use objects (links used, the pack's
     * link marks and hourly mail slots), user sessions.
     */
    static final List<String> STORES = List.of("authenticationSessions", "users", "actionTokens", "sessions");

    /** p95 in ms of each step of the window, by step name. */
    Map<String, Double> stepP95() {
        Map<String, Double> p95 = new TreeMap<>();
        block.steps().forEach((name, latencies) -> p95.put(name, latencies.percentile(95)));
        return p95;
    }

    String oneLine() {
        return String.format(Locale.ROOT, "window %d: %d ops (%.2f/s), %d errors, p95 %.0f ms, heap after GC %.1f MiB, %.0f threads,"
                        + " jobs pending max %.0f, work cache max %.0f, pool active max %.0f / total %.0f, entries %s",
                index, block.ok(), block.opsPerSecond(), block.errors(), block.percentile(95), heapAfterGcMiB, stats.threadsLast(),
                stats.jobsPendingMax(), stats.workCacheMax(), stats.poolActiveMax(), stats.poolTotalMax(), stores);
    }
}
