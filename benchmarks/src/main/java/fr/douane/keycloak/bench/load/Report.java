package fr.douane.keycloak.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The run's results: CSV files, a Markdown summary, an HTML page with SVG charts, the console table. */
final class Report {

    private final List<Comparison> comparisons;
    private final Machine machine;
    private final Map<String, String> settings;
    private final List<String> notes;
    private final String loadAfter = Machine.loadAverage();

    Report(List<Comparison> comparisons, Machine machine, Map<String, String> settings, List<String> notes) {
        this.comparisons = comparisons;
        this.machine = machine;
        this.settings = new TreeMap<>(settings);
        this.notes = List.copyOf(notes);
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("blocks.csv"), blocksCsv(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("summary.csv"), summaryCsv(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("summary.md"), markdown(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), html(), StandardCharsets.UTF_8);
    }

    /** A figure of the tables, "-" when there is none. */
    private static String v(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.3f", v);
    }

    String blocksCsv() {
        StringBuilder b = new StringBuilder("benchmark,side,round,warmup,users,ops,errors,seconds,cpu_ms,jit_cpu_ms,gc_cpu_ms,cpu_ms_per_op,ops_per_s,p50_ms,p95_ms,start_epoch_ms,end_epoch_ms,forgot_post_p50_ms,forgot_post_p95_ms\n");
        for (Comparison c : comparisons) {
            for (Block k : c.blocks) {
                b.append(String.join(",", c.id, "\"" + k.side + "\"", Integer.toString(k.round), Boolean.toString(k.warmup),
                        Integer.toString(k.users), Long.toString(k.ok()), Long.toString(k.errors()), f(k.wallNanos / 1e9),
                        Long.toString(k.cpuMillis), Long.toString(k.jitMillis), Long.toString(k.gcMillis), f(k.cpuPerOp()), f(k.opsPerSecond()), f(k.percentile(50)), f(k.percentile(95)),
                        Long.toString(k.startEpochMillis), Long.toString(k.endEpochMillis),
                        f(k.forgotPost.percentile(50)), f(k.forgotPost.percentile(95))))
                        .append('\n');
            }
        }
        return b.toString();
    }

    String summaryCsv() {
        StringBuilder b = new StringBuilder("benchmark,baseline,candidate,metric,baseline_value,candidate_value,ratio,ratio_ci95_low,ratio_ci95_high,target,result\n");
        for (Comparison c : comparisons) {
            for (Comparison.Row r : c.rows()) {
                b.append(String.join(",", c.id, "\"" + c.baseline + "\"", "\"" + c.candidate + "\"", r.metric(),
                        f(r.baseline()), f(r.candidate()), f(r.ratio()), f(r.low()), f(r.high()), "\"" + r.target() + "\"", r.pass() ? "PASS" : "FAIL")).append('\n');
            }
        }
        return b.toString();
    }

    String table() {
        StringBuilder b = new StringBuilder();
        b.append("=== douane vs stock Keycloak, ratios measured in this run (candidate / baseline) ===\n");
        b.append(machine.oneLine()).append("; load average after: ").append(loadAfter).append('\n');
        b.append(String.format(Locale.ROOT, "%-16s %-34s %-24s %12s %12s %8s %13s %8s  %s%n",
                "benchmark", "baseline -> candidate", "metric", "baseline", "candidate", "ratio", "95% CI", "target", "result"));
        for (Comparison c : comparisons) {
            for (Comparison.Row r : c.rows()) {
                b.append(String.format(Locale.ROOT, "%-16s %-34s %-24s %12s %12s %8s %13s %8s  %s%n",
                        c.id, c.baseline + " -> " + c.candidate, r.metric(), v(r.baseline()), v(r.candidate()),
                        Double.isNaN(r.ratio()) ? "-" : String.format(Locale.ROOT, "%.3f", r.ratio()), r.interval().replace('–', '-'), r.target(),
                        r.pass() ? "PASS" : "FAIL"));
            }
        }
        return b.toString();
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("Machine: ").append(machine.oneLine()).append(" before the run, ").append(loadAfter).append(" after; run started ")
                .append(machine.startedAt()).append(".\nSettings: ").append(settings).append(".\n\n");
        for (String note : notes) {
            b.append("* ").append(note).append('\n');
        }
        b.append('\n');
        b.append("| benchmark | baseline → candidate | metric | baseline | candidate | ratio | 95 % CI (rounds) | target | result |\n");
        b.append("|---|---|---|---:|---:|---:|---:|---|---|\n");
        for (Comparison c : comparisons) {
            for (Comparison.Row r : c.rows()) {
                b.append(String.format(Locale.ROOT, "| %s | %s → %s | %s | %s | %s | %s | %s | %s | %s |%n", c.id, c.baseline, c.candidate,
                        r.metric(), v(r.baseline()), v(r.candidate()),
                        Double.isNaN(r.ratio()) ? "–" : String.format(Locale.ROOT, "%.3f", r.ratio()), r.interval(), r.target(), r.pass() ? "PASS" : "**FAIL**"));
            }
        }
        return b.toString();
    }

    /** One page: the ratio of each target against its limit, then CPU per operation of every block. */
    String html() {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>douane vs stock Keycloak</title>"
                + "<style>body{font-family:sans-serif;margin:2em;max-width:1000px}table{border-collapse:collapse}"
                + "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}.fail{color:#b00}</style></head><body>");
        b.append("<h1>douane pack vs stock Keycloak</h1><p>").append(esc(machine.oneLine())).append("; load average after ")
                .append(esc(loadAfter)).append("</p><p>").append(esc(settings.toString())).append("</p>");
        b.append("<h2>Ratios against targets</h2>").append(ratioChart());
        b.append("<h2>CPU per operation, block by block</h2><p>grey: baseline, blue: candidate; hollow: warm-up</p>");
        for (Comparison c : comparisons) {
            b.append("<h3>").append(esc(c.title)).append("</h3>").append(blockChart(c));
        }
        b.append("<h2>Table</h2><pre>").append(esc(table())).append("</pre></body></html>");
        return b.toString();
    }

    private String ratioChart() {
        List<String[]> bars = new java.util.ArrayList<>();
        for (Comparison c : comparisons) {
            for (Comparison.Row r : c.rows()) {
                if (!Double.isNaN(r.ratio()) && !r.target().equals("-") && !r.target().startsWith("=")) {
                    bars.add(new String[] {c.id + " " + r.metric(), f(r.ratio()), r.target().substring(3), Boolean.toString(r.pass())});
                }
            }
        }
        int rowH = 22;
        int width = 900;
        int left = 260;
        double max = 1.6;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">",
                width, bars.size() * rowH + 30));
        double scale = (width - left - 20) / max;
        for (int i = 0; i < bars.size(); i++) {
            String[] bar = bars.get(i);
            double ratio = Double.parseDouble(bar[1]);
            double limit = Double.parseDouble(bar[2]);
            int y = i * rowH + 5;
            s.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"12\">%s</text>", y + 14, esc(bar[0])));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>",
                    left, y, Math.min(max, ratio) * scale, Boolean.parseBoolean(bar[3]) ? "#3a7" : "#c33"));
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#000\" stroke-width=\"2\"/>",
                    left + limit * scale, left + limit * scale, y - 2, y + 18));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%s (target %s)</text>",
                    left + Math.min(max, ratio) * scale + 6, y + 13, bar[1], bar[2]));
        }
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"%d\" stroke=\"#999\" stroke-dasharray=\"4\"/>",
                left + scale, left + scale, bars.size() * rowH + 5));
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">1.0</text>", left + scale - 8, bars.size() * rowH + 20));
        return s.append("</svg>").toString();
    }

    private String blockChart(Comparison c) {
        int width = 900;
        int height = 180;
        double max = c.blocks.stream().mapToDouble(Block::cpuPerOp).filter(v -> !Double.isNaN(v)).max().orElse(1) * 1.1;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">",
                width, height + 40));
        int n = c.blocks.size();
        double step = (width - 80.0) / Math.max(1, n);
        for (int i = 0; i < n; i++) {
            Block k = c.blocks.get(i);
            double v = k.cpuPerOp();
            double h = Double.isNaN(v) ? 0 : v / max * height;
            String color = k.side.equals(c.baseline) ? "#888" : "#36c";
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" stroke=\"%s\"/>",
                    60 + i * step, height - h + 10, step * 0.7, h, k.warmup ? "none" : color, color));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\">%s</text>", 60 + i * step, height + 24,
                    k.warmup ? "w" : Integer.toString(k.round)));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"9\">%s</text>", 60 + i * step, height - h + 7, f(v)));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"20\" font-size=\"11\">CPU-ms/op</text><text x=\"0\" y=\"%d\" font-size=\"11\">%s %s</text>",
                height + 38, esc(c.baseline + " (grey) vs " + c.candidate + " (blue)"), ""));
        return s.append("</svg>").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
