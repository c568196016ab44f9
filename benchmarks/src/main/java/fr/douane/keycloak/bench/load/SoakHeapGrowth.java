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
 * What the heap kept between two windows of the soak, by class: a growing heap after GC is a leak
 * only if what grows is not a bounded store filling up (Keycloak's user cache, up to 10 000 entries;
 * the link store's marks, which live as long as a link). Each window's end takes the Keycloak JVM's
 * class histogram ({@code jcmd GC.class_histogram}, itself after a full GC) into
 * {@code soak-histogram-<window>.txt}; {@link #growth} compares two of them.
 */
final class SoakHeapGrowth {

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
