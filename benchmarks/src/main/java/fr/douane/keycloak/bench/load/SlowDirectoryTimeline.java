package fr.douane.keycloak.bench.load;

import java.util.ArrayList;
import java.util.List;

import fr.douane.keycloak.bench.load.TimeChart.Mark;
import fr.douane.keycloak.bench.load.TimeChart.Panel;
import fr.douane.keycloak.bench.load.TimeChart.Series;

/**
 * B7 over time, for its chart: the blocks (directory fast or slow; warm-up ones in lower case), each
 * block's login p95, the Portailpro pool and the reset jobs sampled every 500 ms, and the recovery
 * probes after each slow block. Thread-safe: the sampler, Gatling's end-of-block hook and the
 * recovery probes record from their own threads.
 */
final class SlowDirectoryTimeline {

    private final long started = System.nanoTime();
    private final List<Mark> blocks = new ArrayList<>();
    private final List<double[]> localFast = new ArrayList<>();
    private final List<double[]> localSlow = new ArrayList<>();
    private final List<double[]> portailproFast = new ArrayList<>();
    private final List<double[]> portailproSlow = new ArrayList<>();
    private final List<double[]> probes = new ArrayList<>();
    private final List<double[]> poolTotal = new ArrayList<>();
    private final List<double[]> poolActive = new ArrayList<>();
    private final List<double[]> jobs = new ArrayList<>();

    private double minute() {
        return (System.nanoTime() - started) / 60e9;
    }

    synchronized void blockStarts(boolean slow, boolean warmup) {
        String label = slow ? "S" : "F";
        blocks.add(new Mark(minute(), warmup ? label.toLowerCase(java.util.Locale.ROOT) : label));
    }

    /** The block's p95 of local and Portailpro logins, in ms, at its end. */
    synchronized void blockEnds(boolean slow, Block block) {
        double t = minute();
        add(slow ? localSlow : localFast, t, p95(block, SlowDirectory.LOCAL_LOGIN));
        add(slow ? portailproSlow : portailproFast, t, p95(block, SlowDirectory.PORTAILPRO_LOGIN));
    }

    synchronized void probe(double millis) {
        add(probes, minute(), millis);
    }

    synchronized void sample(double total, double active, double jobsPending) {
        double t = minute();
        add(poolTotal, t, total);
        add(poolActive, t, active);
        add(jobs, t, jobsPending);
    }

    synchronized String svg(double poolLimit) {
        List<Panel> panels = List.of(
                new Panel("local login p95 per block (ms)", List.of(
                        new Series("directory fast", "#1f77b4", List.copyOf(localFast), true),
                        new Series("directory slow", "#d62728", List.copyOf(localSlow), true))),
                new Panel("Portailpro login p95 per block (ms)", List.of(
                        new Series("directory fast", "#1f77b4", List.copyOf(portailproFast), true),
                        new Series("directory slow", "#d62728", List.copyOf(portailproSlow), true))),
                new Panel("recovery probes: a Portailpro login once the directory is fast again (ms)", List.of(
                        new Series("probe", "#2ca02c", List.copyOf(probes), true))),
                new Panel("Portailpro pool connections (maximum " + Comparison.fmt(poolLimit) + ")", List.of(
                        new Series("total", "#8c564b", List.copyOf(poolTotal), false),
                        new Series("active", "#9467bd", List.copyOf(poolActive), false))),
                new Panel("reset jobs pending", List.of(new Series("jobs pending", "#ff7f0e", List.copyOf(jobs), false))));
        return TimeChart.svg(panels, List.copyOf(blocks), String.format(java.util.Locale.ROOT,
                "time, %.1f min in all; block starts: F directory fast, S slow (f, s: warm-up)", minute()));
    }

    private static double p95(Block block, String step) {
        Block.Latencies l = block.steps().get(step);
        return l == null ? Double.NaN : l.percentile(95);
    }

    private static void add(List<double[]> series, double minute, double value) {
        if (!Double.isNaN(value)) {
            series.add(new double[] {minute, value});
        }
    }
}
