package fr.douane.keycloak.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * CPU time (user + system) of a process, from /proc/&lt;pid&gt;/stat, and of its JIT-compiler and
 * garbage-collector threads, from /proc/&lt;pid&gt;/task/&lt;tid&gt;/stat. HotSpot names its
 * native threads ("C2 CompilerThre", "GC Thread#0", "G1 Conc#0", …), which is how the split is made.
 */
final class ProcCpu {

    private static final long TICKS_PER_SECOND = clockTicks();

    private ProcCpu() {
    }

    /** What a thread of the JVM spends its CPU on, from its native name. */
    enum Kind {
        JIT, GC, OTHER;

        static Kind of(String threadName) {
            if (threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre")) {
                return JIT;
            }
            if (threadName.startsWith("GC Thread") || threadName.startsWith("G1 ") || threadName.equals("VM Thread")) {
                return GC;
            }
            return OTHER;
        }
    }

    /** CPU ticks of one JIT or GC thread at one instant. */
    record ThreadTicks(Kind kind, long ticks) {
    }

    /**
     * The process's CPU and that of its JIT and GC threads at one instant. A delta between two
     * snapshots counts, per kind, the threads alive at the end (a thread born in between counts from
     * zero; the time of a thread that ended in between is lost, which for compiler and GC threads,
     * long-lived, is rare).
     */
    record Snapshot(long totalMillis, Map<Long, ThreadTicks> threads) {

        long millis(Kind kind, Snapshot earlier) {
            long ticks = 0;
            for (Map.Entry<Long, ThreadTicks> t : threads.entrySet()) {
                if (t.getValue().kind() == kind) {
                    ThreadTicks before = earlier.threads.get(t.getKey());
                    ticks += Math.max(0, t.getValue().ticks() - (before == null ? 0 : before.ticks()));
                }
            }
            return ticks * 1000 / TICKS_PER_SECOND;
        }
    }

    static long millis(long pid) {
        return ticks(Path.of("/proc/" + pid + "/stat")) * 1000 / TICKS_PER_SECOND;
    }

    static Snapshot snapshot(long pid) {
        Map<Long, ThreadTicks> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    Kind kind = Kind.of(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
                    if (kind != Kind.OTHER) {
                        threads.put(Long.parseLong(task.getFileName().toString()), new ThreadTicks(kind, ticks(stat)));
                    }
                } catch (NoSuchFileException threadEnded) {
                    // the thread ended while the directory was read
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Snapshot(millis(pid), threads);
    }

    private static long ticks(Path stat) {
        try {
            return ticks(Files.readString(stat));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long ticks(String stat) {
        // Fields after the command name (which may hold spaces) start after the last ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
