package fr.douane.keycloak.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * "Where does one side spend more than the other?" A flight recording of a load-bench run
 * ({@code -Dbench.jfr=…}) holds both sides' samples; this splits them by the measured blocks of
 * one comparison (wall-clock bounds from {@code blocks.csv}) and prints, per side, samples per 1 000
 * operations of each method, largest differences first. JDK only, so it runs without a build:
 *
 * <pre>
 * java benchmarks/src/main/java/fr/douane/keycloak/bench/load/JfrBySide.java \
 *      rec.jfr benchmarks/target/bench/blocks.csv B1-reset-cheap [callees METHOD DEPTH]
 * </pre>
 *
 * With {@code callees}, it prints instead the call paths below the first frame whose name contains
 * METHOD (DEPTH frames), per side: what that method spends its samples on.
 */
public final class JfrBySide {

    private record Window(String side, long ops, long start, long end) {
    }

    private JfrBySide() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: JfrBySide recording.jfr blocks.csv BENCHMARK [callees METHOD DEPTH]");
            System.exit(2);
        }
        List<Window> windows = windows(Path.of(args[1]), args[2]);
        Map<String, Long> ops = new TreeMap<>();
        windows.forEach(w -> ops.merge(w.side(), w.ops(), Long::sum));
        if (ops.size() != 2) {
            throw new IllegalArgumentException("expected two sides of " + args[2] + " in " + args[1] + ", found " + ops.keySet());
        }
        String callee = args.length >= 6 && args[3].equals("callees") ? args[4] : null;
        int depth = callee == null ? 0 : Integer.parseInt(args[5]);

        Map<String, Map<String, Integer>> inclusive = new HashMap<>();
        Map<String, Map<String, Integer>> self = new HashMap<>();
        Map<String, Integer> samples = new HashMap<>();
        try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                    continue;
                }
                long at = event.getStartTime().toEpochMilli();
                Window window = windows.stream().filter(w -> at >= w.start() && at < w.end()).findFirst().orElse(null);
                if (window == null) {
                    continue;
                }
                samples.merge(window.side(), 1, Integer::sum);
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                if (callee != null) {
                    countCallees(frames, callee, depth, inclusive.computeIfAbsent(window.side(), k -> new HashMap<>()));
                    continue;
                }
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < frames.size(); i++) {
                    String name = name(frames.get(i));
                    if (i == 0) {
                        self.computeIfAbsent(window.side(), k -> new HashMap<>()).merge(name, 1, Integer::sum);
                    }
                    if (seen.add(name)) {
                        inclusive.computeIfAbsent(window.side(), k -> new HashMap<>()).merge(name, 1, Integer::sum);
                    }
                }
            }
        }
        List<String> sides = new ArrayList<>(ops.keySet());
        for (String side : sides) {
            System.out.printf(Locale.ROOT, "%s: %d operations, %d samples, %.1f samples per 1000 operations%n",
                    side, ops.get(side), samples.getOrDefault(side, 0), 1000.0 * samples.getOrDefault(side, 0) / ops.get(side));
        }
        print(callee == null ? "inclusive" : "below " + callee, inclusive, sides, ops);
        if (callee == null) {
            print("self", self, sides, ops);
        }
    }

    private static List<Window> windows(Path blocksCsv, String benchmark) throws IOException {
        List<String> lines = Files.readAllLines(blocksCsv);
        List<String> header = List.of(lines.get(0).split(","));
        if (!header.containsAll(List.of("start_epoch_ms", "end_epoch_ms"))) {
            throw new IllegalArgumentException(blocksCsv + " has no block bounds (written by an older bench, before per-block bounds)");
        }
        List<Window> windows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> row = List.of(line.split(","));
            UnaryOperator<String> field = column -> row.get(header.indexOf(column));
            if (field.apply("benchmark").equals(benchmark) && field.apply("warmup").equals("false")) {
                windows.add(new Window(field.apply("side").replace("\"", ""), Long.parseLong(field.apply("ops")),
                        Long.parseLong(field.apply("start_epoch_ms")), Long.parseLong(field.apply("end_epoch_ms"))));
            }
        }
        return windows;
    }

    private static void countCallees(List<RecordedFrame> frames, String method, int depth, Map<String, Integer> counts) {
        // frames.get(0) is the top of the stack: search from the bottom for the outermost match.
        for (int i = frames.size() - 1; i >= 0; i--) {
            if (name(frames.get(i)).contains(method)) {
                StringBuilder path = new StringBuilder();
                for (int j = i - 1; j >= Math.max(0, i - depth); j--) {
                    path.append(" > ").append(name(frames.get(j)).replaceAll("^[a-z0-9_.]*\\.(?=[A-Z])", ""));
                }
                counts.merge(path.length() == 0 ? "(self)" : path.toString(), 1, Integer::sum);
                return;
            }
        }
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void print(String title, Map<String, Map<String, Integer>> counts, List<String> sides, Map<String, Long> ops) {
        String a = sides.get(0);
        String b = sides.get(1);
        Set<String> names = new HashSet<>(counts.getOrDefault(a, Map.of()).keySet());
        names.addAll(counts.getOrDefault(b, Map.of()).keySet());
        System.out.printf("%n== %s: samples per 1000 operations, %s | %s | difference%n", title, a, b);
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(Comparator.comparingDouble((String n) -> -Math.abs(perThousand(counts, b, n, ops) - perThousand(counts, a, n, ops))));
        for (String n : sorted.subList(0, Math.min(40, sorted.size()))) {
            double x = perThousand(counts, a, n, ops);
            double y = perThousand(counts, b, n, ops);
            System.out.printf(Locale.ROOT, "%9.2f %9.2f %+9.2f  %s%n", x, y, y - x, n);
        }
    }

    private static double perThousand(Map<String, Map<String, Integer>> counts, String side, String name, Map<String, Long> ops) {
        return 1000.0 * counts.getOrDefault(side, Map.of()).getOrDefault(name, 0) / ops.get(side);
    }
}
