package fr.douane.keycloak.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import fr.douane.keycloak.bench.load.TimeChart.Panel;
import fr.douane.keycloak.bench.load.TimeChart.Series;

/** The soak over time: p95 per step, heap, threads, mail queue and pool, one panel each, marked at the window ends. */
final class SoakChart {

    private SoakChart() {
    }

    static String svg(List<SoakWindow> windows, List<SoakSampler.Point> timeline, List<String> steps) {
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
            p95.add(new Series(step, TimeChart.COLORS[i % TimeChart.COLORS.length], pts, true));
        }
        List<Panel> panels = List.of(
                new Panel("p95 per step and window (ms)", p95),
                new Panel("heap used (MiB): sampled, and live after a full GC at each window's end",
                        List.of(line("heap used", "#aaaaaa", timeline, SoakSampler.Point::heapMiB),
                                new Series("after GC", "#1f77b4",
                                        windows.stream().map(w -> new double[] {w.endSeconds() / 60, w.heapAfterGcMiB()}).toList(), true))),
                new Panel("live threads", List.of(line("threads", "#2ca02c", timeline, SoakSampler.Point::threads))),
                new Panel("mail queue: reset jobs pending, work cache entries (outbox)",
                        List.of(line("jobs pending", "#d62728", timeline, SoakSampler.Point::jobsPending),
                                line("work cache", "#ff7f0e", timeline, SoakSampler.Point::workCache))),
                new Panel("Portailpro pool connections",
                        List.of(line("active", "#9467bd", timeline, SoakSampler.Point::poolActive),
                                line("total", "#8c564b", timeline, SoakSampler.Point::poolTotal))));
        List<TimeChart.Mark> marks = windows.stream()
                .map(w -> new TimeChart.Mark(w.endSeconds() / 60, String.format(Locale.ROOT, "%.0f", w.endSeconds() / 60))).toList();
        return TimeChart.svg(panels, marks, "minutes since the soak started");
    }

    private static Series line(String name, String color, List<SoakSampler.Point> timeline, ToDoubleFunction<SoakSampler.Point> f) {
        return new Series(name, color, timeline.stream().filter(p -> !Double.isNaN(f.applyAsDouble(p)))
                .map(p -> new double[] {p.seconds() / 60, f.applyAsDouble(p)}).toList(), false);
    }
}
