package fr.douane.keycloak.bench.portailpro;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import fr.douane.keycloak.it.harness.Paths;

/**
 * The figures of the run: rows of Portailpro against its local baseline (with the ratio) and rows
 * held to a target (PASS/FAIL), printed as a table and written to target/bench/portailpro-scale.csv.
 */
final class ScaleReport {

    private final List<String[]> csv = new ArrayList<>();
    private final List<String> table = new ArrayList<>();

    /** A Portailpro figure beside the same figure for local users. */
    void row(String scale, String metric, double portailpro, double baseline) {
        double ratio = portailpro / baseline;
        csv.add(new String[] {scale, metric, fmt(portailpro), fmt(baseline), fmt(ratio), "", ""});
        table.add(String.format(Locale.ROOT, "%-5s %-72s %10s %10s %8s", scale, metric, fmt(portailpro), fmt(baseline),
                fmt(ratio)));
    }

    /** A figure held to a target. */
    void target(String scale, String metric, double value, String target, boolean pass) {
        csv.add(new String[] {scale, metric, fmt(value), "", "", target, pass ? "PASS" : "FAIL"});
        table.add(String.format(Locale.ROOT, "%-5s %-72s %10s %10s %8s  target %s %s", scale, metric, fmt(value), "", "",
                target, pass ? "PASS" : "FAIL"));
    }

    void print() throws IOException {
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

    /** The percentile of durations in nanoseconds, in milliseconds. */
    static double p(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1_000_000.0;
    }

    static String label(int n) {
        return n >= 1_000_000 ? (n / 1_000_000) + "M" : (n / 1000) + "k";
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
