package fr.douane.keycloak.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the heap keeps at each window's end of the soak, and by class: each window's end takes the
 * Keycloak JVM's class histogram ({@code jcmd GC.class_histogram}, itself after a full GC) into
 * {@code soak-histogram-<window>.txt}; its total is the heap after GC ({@link #liveMiB}), and
 * {@link #growth} compares two of them: a growing heap is a leak only if what grows is not a store
 * filling up to its bound.
 */
final class SoakHeapGrowth {

    /** "Total       2347328      114699440" */
    private static final Pattern TOTAL = Pattern.compile("^Total\\s+\\d+\\s+(\\d+)");
    /** "   1:        123456       7890123  java.lang.String (java.base@17)" */
    private static final Pattern ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    /** Classes whose instances say which store holds the bytes. */
    private static final Pattern OWNERS = Pattern.compile("org\\.keycloak\\.|org\\.infinispan\\.|fr\\.douane\\.");

    private SoakHeapGrowth() {
    }

    /** Writes the class histogram of {@code pid} to {@code file}; false when jcmd could not take it. */
    static boolean take(long pid, Path file) {
        try {
            Process p = new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram")
                    .redirectErrorStream(true).redirectOutput(file.toFile()).start();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            System.out.println("[bench-soak] jcmd GC.class_histogram failed: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The bytes of the live objects a histogram counted, in MiB, or NaN: the heap right after the
     * histogram's full GC. Not the heap pools read afterwards: the server runs between the GC and a
     * read of /metrics, and its young generation fills again by tens of MiB.
     */
    static double liveMiB(Path histogram) {
        try {
            for (String line : Files.readAllLines(histogram, StandardCharsets.UTF_8)) {
                Matcher m = TOTAL.matcher(line);
                if (m.find()) {
                    return Long.parseLong(m.group(1)) / (1024.0 * 1024.0);
                }
            }
        } catch (IOException e) {
            System.out.println("[bench-soak] class histogram unreadable: " + e.getMessage());
        }
        return Double.NaN;
    }

    /**
     * The {@code top} classes whose bytes grew most from {@code before} to {@code after}, then the
     * {@code top} classes of Keycloak, Infinispan and the pack whose instances grew most (the bytes are
     * mostly in arrays, strings and maps; these say whose they are), as Markdown rows.
     */
    static List<String> growth(Path before, Path after, int top) throws IOException {
        Map<String, long[]> was = read(before);
        Map<String, long[]> now = read(after);
        List<Map.Entry<String, long[]>> grown = new ArrayList<>();
        for (Map.Entry<String, long[]> e : now.entrySet()) {
            long[] old = was.getOrDefault(e.getKey(), new long[2]);
            grown.add(Map.entry(e.getKey(), new long[] {e.getValue()[0] - old[0], e.getValue()[1] - old[1]}));
        }
        List<String> rows = new ArrayList<>();
        grown.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        table(rows, grown.stream().limit(top).toList());
        rows.add("");
        grown.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        table(rows, grown.stream().filter(e -> OWNERS.matcher(e.getKey()).lookingAt()).limit(top).toList());
        return rows;
    }

    private static void table(List<String> rows, List<Map.Entry<String, long[]>> classes) {
        rows.add("| class | instances added | KiB added |");
        rows.add("|---|---:|---:|");
        for (Map.Entry<String, long[]> e : classes) {
            rows.add(String.format(Locale.ROOT, "| `%s` | %d | %.1f |", e.getKey(), e.getValue()[0], e.getValue()[1] / 1024.0));
        }
    }

    private static Map<String, long[]> read(Path histogram) throws IOException {
        Map<String, long[]> classes = new HashMap<>();
        for (String line : Files.readAllLines(histogram, StandardCharsets.UTF_8)) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                classes.merge(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))},
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }
        }
        return classes;
    }
}
