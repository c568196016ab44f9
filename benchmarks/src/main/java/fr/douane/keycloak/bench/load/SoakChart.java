package fr.douane.keycloak.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The soak over time as one SVG: stacked panels sharing the time axis (minutes since the soak started). */
final class SoakChart {

    private static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
        "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39"};
    private static final int WIDTH = 900;
    private static final int PLOT_LEFT = 60;
    private static final int PLOT_WIDTH = 560;
    private static final int PANEL_HEIGHT = 150;
    private static final int PLOT_HEIGHT = 110;

    /** A line (or, with {@code dots}, points joined by a line) of (minute, value) pairs. */
    private record Series(String name, String color, List<double[]> points, boolean dots) {
    }

    private SoakChart() {
    }

    static String svg(List<SoakWindow> windows, List<SoakSampler.Point> timeline, List<String> steps) {
        double end = Math.max(1e-9, Math.max(
                timeline.stream().mapToDouble(SoakSampler.Point::seconds).max().orElse(0),
                windows.stream().mapToDouble(SoakWindow::endSeconds).max().orElse(0)) / 60);
        List<List<Series>> panels = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        List<Series> p95 = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            String step = steps.get(i);
            List<double[]> pts = new ArrayList<>();
            for (SoakWindow w : windows) {
                Double v = w.stepP95().get(step);
                if (v != null && !v.isNaN()) {
                    pts.add(new double[] {w.endSeconds() / 60, v});
                }
            }
            p95.add(new Series(step, COLORS[i % COLORS.length], pts, true));
        }
        titles.add("p95 per step and window (ms)");
        panels.add(p95);
        titles.add("heap used (MiB): sampled, and after a full GC at each window's end");
        panels.add(List.of(line("heap used", "#aaaaaa", timeline, SoakSampler.Point::heapMiB),
                new Series("after GC", "#1f77b4", windows.stream().map(w -> new double[] {w.endSeconds() / 60, w.heapAfterGcMiB()}).toList(), true)));
        titles.add("live threads");
        panels.add(List.of(line("threads", "#2ca02c", timeline, SoakSampler.Point::threads)));
        titles.add("mail queue: reset jobs pending, work cache entries (outbox)");
        panels.add(List.of(line("jobs pending", "#d62728", timeline, SoakSampler.Point::jobsPending),
                line("work cache", "#ff7f0e", timeline, SoakSampler.Point::workCache)));
        titles.add("Portailpro pool connections");
        panels.add(List.of(line("active", "#9467bd", timeline, SoakSampler.Point::poolActive),
                line("total", "#8c564b", timeline, SoakSampler.Point::poolTotal)));

        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>", WIDTH, panels.size() * PANEL_HEIGHT + 30));
        for (int i = 0; i < panels.size(); i++) {
            panel(s, i * PANEL_HEIGHT + 20, titles.get(i), panels.get(i), end, windows);
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">minutes since the soak started</text>",
                PLOT_LEFT + PLOT_WIDTH / 2 - 80, panels.size() * PANEL_HEIGHT + 22));
        return s.append("</svg>\n").toString();
    }

    private static Series line(String name, String color, List<SoakSampler.Point> timeline, ToDoubleFunction<SoakSampler.Point> f) {
        return new Series(name, color, timeline.stream().filter(p -> !Double.isNaN(f.applyAsDouble(p)))
                .map(p -> new double[] {p.seconds() / 60, f.applyAsDouble(p)}).toList(), false);
    }

    private static void panel(StringBuilder s, int top, String title, List<Series> series, double end, List<SoakWindow> windows) {
        double max = series.stream().flatMap(x -> x.points().stream()).mapToDouble(p -> p[1]).filter(v -> !Double.isNaN(v)).max().orElse(1);
        max = max <= 0 ? 1 : max * 1.1;
        int y0 = top + 15;
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>", PLOT_LEFT, top + 8, esc(title)));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#ccc\"/>",
                PLOT_LEFT, y0, PLOT_WIDTH, PLOT_HEIGHT));
        for (int t = 0; t <= 2; t++) {
            double v = max * t / 2;
            double y = y0 + PLOT_HEIGHT - PLOT_HEIGHT * t / 2.0;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", PLOT_LEFT - 4, y + 4,
                    v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v)));
        }
        for (SoakWindow w : windows) {
            double x = PLOT_LEFT + w.endSeconds() / 60 / end * PLOT_WIDTH;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>", x, y0, x, y0 + PLOT_HEIGHT));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#888\">%.0f</text>",
                    x, y0 + PLOT_HEIGHT + 11, w.endSeconds() / 60));
        }
        for (int i = 0; i < series.size(); i++) {
            Series x = series.get(i);
            StringBuilder path = new StringBuilder();
            for (double[] p : x.points()) {
                double px = PLOT_LEFT + p[0] / end * PLOT_WIDTH;
                double py = y0 + PLOT_HEIGHT - p[1] / max * PLOT_HEIGHT;
                path.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                if (x.dots()) {
                    s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>", px, py, x.color()));
                }
            }
            s.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.2\"/>",
                    path.toString().trim(), x.color()));
            int ly = y0 + 8 + (i % 9) * 12;
            int lx = PLOT_LEFT + PLOT_WIDTH + 12 + (i / 9) * 145;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"8\" height=\"8\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>",
                    lx, ly - 8, x.color(), lx + 12, ly, esc(x.name())));
        }
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
