package fr.douane.keycloak.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

import fr.douane.keycloak.it.harness.Paths;

/**
 * A benchmark over time as one SVG: stacked panels of series sharing the time axis (minutes since
 * the start), with labelled vertical marks (the soak's window ends, B7's blocks). Drawn by hand: a
 * few polylines need no charting library in the benchmarks' class path.
 */
final class TimeChart {

    /** A line (or, with {@code dots}, points joined by a line) of (minute, value) pairs. */
    record Series(String name, String color, List<double[]> points, boolean dots) {
    }

    record Panel(String title, List<Series> series) {
    }

    record Mark(double minute, String label) {
    }

    static final String[] COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
        "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39"};
    private static final int WIDTH = 900;
    private static final int PLOT_LEFT = 60;
    private static final int PLOT_WIDTH = 560;
    private static final int PANEL_HEIGHT = 150;
    private static final int PLOT_HEIGHT = 110;

    private TimeChart() {
    }

    /** Copies {@code chart} to {@code relative} under the project root (the docs' image), when it is set. */
    static void copyIntoProject(Path chart, String relative, String tag) {
        if (relative.isBlank()) {
            return;
        }
        try {
            Path target = Paths.projectRoot().resolve(relative);
            Files.createDirectories(target.getParent());
            Files.copy(chart, target, StandardCopyOption.REPLACE_EXISTING);
            System.out.println(tag + " chart copied to " + target);
        } catch (IOException e) {
            System.out.println(tag + " chart not copied to " + relative + ": " + e.getMessage());
        }
    }

    static String svg(List<Panel> panels, List<Mark> marks, String axis) {
        double end = Math.max(1e-9, Math.max(
                panels.stream().flatMap(p -> p.series().stream()).flatMap(x -> x.points().stream()).mapToDouble(p -> p[0]).max().orElse(0),
                marks.stream().mapToDouble(Mark::minute).max().orElse(0)));
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>", WIDTH, panels.size() * PANEL_HEIGHT + 30));
        for (int i = 0; i < panels.size(); i++) {
            panel(s, i * PANEL_HEIGHT + 20, panels.get(i), end, marks);
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>",
                PLOT_LEFT + PLOT_WIDTH / 2 - 80, panels.size() * PANEL_HEIGHT + 22, esc(axis)));
        return s.append("</svg>\n").toString();
    }

    private static void panel(StringBuilder s, int top, Panel panel, double end, List<Mark> marks) {
        List<Series> series = panel.series();
        double max = series.stream().flatMap(x -> x.points().stream()).mapToDouble(p -> p[1]).filter(v -> !Double.isNaN(v)).max().orElse(1);
        max = max <= 0 ? 1 : max * 1.1;
        int y0 = top + 15;
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>", PLOT_LEFT, top + 8, esc(panel.title())));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#ccc\"/>",
                PLOT_LEFT, y0, PLOT_WIDTH, PLOT_HEIGHT));
        for (int t = 0; t <= 2; t++) {
            double v = max * t / 2;
            double y = y0 + PLOT_HEIGHT - PLOT_HEIGHT * t / 2.0;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", PLOT_LEFT - 4, y + 4,
                    v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v)));
        }
        for (Mark m : marks) {
            double x = PLOT_LEFT + m.minute() / end * PLOT_WIDTH;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>", x, y0, x, y0 + PLOT_HEIGHT));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#888\">%s</text>",
                    x, y0 + PLOT_HEIGHT + 11, esc(m.label())));
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
