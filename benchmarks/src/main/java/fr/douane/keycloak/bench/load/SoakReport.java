package fr.douane.keycloak.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** The soak's verdicts against its targets, its CSV files, Markdown summary and chart. */
final class SoakReport {

    /** One verdict: what, the figure, the target, PASS / FAIL (n/a: too few windows to tell). */
    record Verdict(String metric, String value, String target, String result) {
    }

    private final Machine machine;
    private final double capacity;
    private final double rate;
    private final double load;
    private final List<String> ramp;
    private final List<SoakWindow> windows;
    private final List<SoakSampler.Point> timeline;
    private final boolean cheap;
    private final String loadAfter = Machine.loadAverage();

    SoakReport(Machine machine, double capacity, double rate, double load, List<String> ramp, List<SoakWindow> windows,
               List<SoakSampler.Point> timeline, boolean cheap) {
        this.machine = machine;
        this.capacity = capacity;
        this.rate = rate;
        this.load = load;
        this.ramp = ramp;
        this.windows = windows;
        this.timeline = timeline;
        this.cheap = cheap;
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String pass(boolean ok) {
        return ok ? "PASS" : "FAIL";
    }

    List<String> steps() {
        TreeSet<String> names = new TreeSet<>();
        windows.forEach(w -> names.addAll(w.block().steps().keySet()));
        return List.copyOf(names);
    }

    List<Verdict> verdicts() {
        List<Verdict> v = new ArrayList<>();
        long errors = windows.stream().mapToLong(w -> w.block().errors()).sum();
        long ops = windows.stream().mapToLong(w -> w.block().ok()).sum();
        v.add(new Verdict("errors", errors + " in " + (ops + errors) + " operations", "= 0", pass(errors == 0)));
        for (String step : steps()) {
            if (windows.size() < 3) {
                v.add(new Verdict("p95 " + step + ", last / second window", "", "<= 1.2", "n/a (fewer than 3 windows)"));
                continue;
            }
            double second = windows.get(1).stepP95().getOrDefault(step, Double.NaN);
            double last = windows.get(windows.size() - 1).stepP95().getOrDefault(step, Double.NaN);
            double ratio = last / second;
            v.add(new Verdict("p95 " + step + ", last / second window",
                    String.format(Locale.ROOT, "%.0f / %.0f ms = %.2f", last, second, ratio), "<= 1.2",
                    Double.isNaN(ratio) ? "n/a (step not in both windows)" : pass(ratio <= 1.2)));
        }
        double slope = heapSlope();
        v.add(new Verdict("heap after GC, slope after the first window", Double.isNaN(slope) ? "" : String.format(Locale.ROOT, "%.3f MiB/min", slope),
                "< 1 MiB/min", Double.isNaN(slope) ? "n/a (fewer than 3 windows)" : pass(slope < 1)));
        return v;
    }

    /** Least-squares slope of heap after GC over time (MiB per minute), windows 2..n; NaN below two points. */
    double heapSlope() {
        List<SoakWindow> w = windows.stream().skip(1).filter(x -> !Double.isNaN(x.heapAfterGcMiB())).toList();
        if (w.size() < 2) {
            return Double.NaN;
        }
        double mx = w.stream().mapToDouble(x -> x.endSeconds() / 60).average().orElseThrow();
        double my = w.stream().mapToDouble(SoakWindow::heapAfterGcMiB).average().orElseThrow();
        double num = w.stream().mapToDouble(x -> (x.endSeconds() / 60 - mx) * (x.heapAfterGcMiB() - my)).sum();
        double den = w.stream().mapToDouble(x -> Math.pow(x.endSeconds() / 60 - mx, 2)).sum();
        return num / den;
    }

    String header() {
        return String.format(Locale.ROOT, "%s; load average after: %s; capacity %.2f ops/s, soak at %.0f %% = %.2f ops/s, %d windows of %d s, %s hashing",
                machine.oneLine(), loadAfter, capacity, load * 100, rate, windows.size(),
                windows.isEmpty() ? 0 : windows.get(0).block().duration.toSeconds(), cheap ? "cheap (pbkdf2-sha512, 1 iteration)" : "default");
    }

    String table() {
        StringBuilder b = new StringBuilder("=== soak: one node over HTTPS, mixed traffic ===\n").append(header()).append('\n');
        for (SoakWindow w : windows) {
            b.append(w.oneLine()).append('\n');
        }
        for (Verdict v : verdicts()) {
            b.append(String.format(Locale.ROOT, "%-52s %-28s %-14s %s%n", v.metric(), v.value(), v.target(), v.result()));
        }
        return b.toString();
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder win = new StringBuilder("window,end_s,ops,errors,ops_per_s,p50_ms,p95_ms,heap_after_gc_mib,threads,"
                + "jobs_pending_max,work_cache_max,pool_active_max,pool_total_max," + String.join(",", SoakWindow.STORES) + "\n");
        StringBuilder steps = new StringBuilder("window,step,count,p50_ms,p95_ms\n");
        for (SoakWindow w : windows) {
            Block k = w.block();
            SoakSampler.Stats s = w.stats();
            win.append(String.join(",", Integer.toString(w.index()), f(w.endSeconds()), Long.toString(k.ok()), Long.toString(k.errors()),
                    f(k.opsPerSecond()), f(k.percentile(50)), f(k.percentile(95)), f(w.heapAfterGcMiB()), f(s.threadsLast()),
                    f(s.jobsPendingMax()), f(s.workCacheMax()), f(s.poolActiveMax()), f(s.poolTotalMax()),
                    String.join(",", SoakWindow.STORES.stream().map(c -> f(w.stores().getOrDefault(c, Double.NaN))).toList()))).append('\n');
            for (Map.Entry<String, Block.Latencies> e : new java.util.TreeMap<>(k.steps()).entrySet()) {
                steps.append(String.join(",", Integer.toString(w.index()), "\"" + e.getKey() + "\"", Integer.toString(e.getValue().values().length),
                        f(e.getValue().percentile(50)), f(e.getValue().percentile(95)))).append('\n');
            }
        }
        StringBuilder points = new StringBuilder("seconds,window,heap_mib,threads,jobs_pending,work_cache,pool_active,pool_total\n");
        for (SoakSampler.Point p : timeline) {
            points.append(String.join(",", f(p.seconds()), Integer.toString(p.window()), f(p.heapMiB()), f(p.threads()), f(p.jobsPending()),
                    f(p.workCache()), f(p.poolActive()), f(p.poolTotal()))).append('\n');
        }
        Files.writeString(dir.resolve("soak-windows.csv"), win, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("soak-steps.csv"), steps, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("soak-timeline.csv"), points, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("soak-summary.md"), markdown(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("soak-chart.svg"), SoakChart.svg(windows, timeline, steps()), StandardCharsets.UTF_8);
    }

    String markdown() {
        StringBuilder b = new StringBuilder(header()).append(", started ").append(machine.startedAt()).append(".\n\nCapacity ramp: ")
                .append(String.join("; ", ramp)).append(".\n\n| metric | value | target | result |\n|---|---|---|---|\n");
        for (Verdict v : verdicts()) {
            b.append("| ").append(v.metric()).append(" | ").append(v.value()).append(" | ").append(v.target()).append(" | ")
                    .append(v.result()).append(" |\n");
        }
        b.append("\n| window | ops/s | errors | p95 ms | heap after GC MiB | threads | jobs pending max | work cache max | pool active max |")
                .append(" auth sessions | users cached | single-use objects | user sessions |\n")
                .append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (SoakWindow w : windows) {
            b.append(String.format(Locale.ROOT, "| %d | %.2f | %d | %.0f | %.1f | %.0f | %.0f | %.0f | %.0f |", w.index(), w.block().opsPerSecond(),
                    w.block().errors(), w.block().percentile(95), w.heapAfterGcMiB(), w.stats().threadsLast(), w.stats().jobsPendingMax(),
                    w.stats().workCacheMax(), w.stats().poolActiveMax()));
            for (String cache : SoakWindow.STORES) {
                b.append(String.format(Locale.ROOT, " %.0f |", w.stores().getOrDefault(cache, Double.NaN)));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
