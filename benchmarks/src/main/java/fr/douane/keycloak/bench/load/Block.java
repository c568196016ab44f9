package fr.douane.keycloak.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.gatling.javaapi.core.ScenarioBuilder;

/**
 * One measurement block: one side (baseline or candidate) of one benchmark, run by Gatling as a
 * closed model of {@code users} virtual users looping over one operation until {@code duration}
 * is over. The Keycloak process's CPU time is read right before the first user starts and right
 * after the last one ends (Gatling's before/after hooks), so the block's CPU covers exactly the
 * operations it counted, which all completed (a started operation always finishes).
 */
final class Block {

    final String benchmark;
    final String side;
    final int round;
    final boolean warmup;
    final int users;
    final Duration duration;
    final Function<Block, ScenarioBuilder> scenario;

    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final List<String> errorSamples = new ArrayList<>();
    /** Of each operation, start to end. */
    private final Latencies latencies = new Latencies();
    /** B1 only: the forgot-password POST alone, request sent to response checked. */
    final Latencies forgotPost = new Latencies();
    /** Mixed scenarios (B7, soak): each named step of an operation, request sent to response checked. */
    private final Map<String, Latencies> steps = new ConcurrentHashMap<>();
    /** Operations that failed on a 5xx answer. */
    private final AtomicLong serverErrors = new AtomicLong();
    /**
     * Open model (soak): new users per second, each running the operation once; 0 for the closed
     * model of {@code users} looping users.
     */
    double arrivalsPerSecond;
    private volatile long deadlineNanos;
    long cpuMillis;
    /** Of {@link #cpuMillis}: the JVM's JIT-compiler threads, and its garbage-collector threads. */
    long jitMillis;
    long gcMillis;
    /** Run by the driver after the block (bookkeeping that must stay outside the CPU window). */
    Runnable onEnd;
    long wallNanos;
    /** Wall-clock bounds of the CPU window, to line a block up with a flight recording ({@code bench.jfr}). */
    long startEpochMillis;
    long endEpochMillis;
    private long startNanos;
    private ProcCpu.Snapshot cpuStart;

    Block(String benchmark, String side, int round, boolean warmup, int users, Duration duration,
          Function<Block, ScenarioBuilder> scenario) {
        this.benchmark = benchmark;
        this.side = side;
        this.round = round;
        this.warmup = warmup;
        this.users = users;
        this.duration = duration;
        this.scenario = scenario;
    }

    void begin(long keycloakPid) {
        cpuStart = ProcCpu.snapshot(keycloakPid);
        startEpochMillis = System.currentTimeMillis();
        startNanos = System.nanoTime();
        deadlineNanos = startNanos + duration.toNanos();
    }

    void end(long keycloakPid) {
        wallNanos = System.nanoTime() - startNanos;
        ProcCpu.Snapshot cpuEnd = ProcCpu.snapshot(keycloakPid);
        cpuMillis = cpuEnd.totalMillis() - cpuStart.totalMillis();
        jitMillis = cpuEnd.millis(ProcCpu.Kind.JIT, cpuStart);
        gcMillis = cpuEnd.millis(ProcCpu.Kind.GC, cpuStart);
        endEpochMillis = System.currentTimeMillis();
    }

    boolean running() {
        return System.nanoTime() < deadlineNanos;
    }

    void success(long startedNanos) {
        latencies.add(System.nanoTime() - startedNanos);
        ok.incrementAndGet();
    }

    void error(String what) {
        errors.incrementAndGet();
        synchronized (errorSamples) {
            if (errorSamples.size() < 5) {
                errorSamples.add(what);
            }
        }
    }

    void serverError() {
        serverErrors.incrementAndGet();
    }

    long serverErrors() {
        return serverErrors.get();
    }

    /** The latencies of one named step (created at its first use). */
    Latencies step(String name) {
        return steps.computeIfAbsent(name, n -> new Latencies());
    }

    /** The steps recorded so far, by name. */
    Map<String, Latencies> steps() {
        return Map.copyOf(steps);
    }

    long ok() {
        return ok.get();
    }

    long errors() {
        return errors.get();
    }

    List<String> errorSamples() {
        synchronized (errorSamples) {
            return List.copyOf(errorSamples);
        }
    }

    double cpuPerOp() {
        return ok() == 0 ? Double.NaN : (double) cpuMillis / ok();
    }

    /** Share of the block's Keycloak CPU spent compiling: high while the server is still warming up. */
    double jitShare() {
        return cpuMillis == 0 ? 0 : (double) jitMillis / cpuMillis;
    }

    double opsPerSecond() {
        return ok() / (wallNanos / 1e9);
    }

    /** Latency percentile in milliseconds (nearest rank). */
    double percentile(int p) {
        return latencies.percentile(p);
    }

    long[] latencies() {
        return latencies.values();
    }

    /** Elapsed times in nanoseconds, recorded from Gatling's threads. */
    static final class Latencies {
        private long[] values = new long[1024];
        private int count;

        synchronized void add(long nanos) {
            if (count == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[count++] = nanos;
        }

        synchronized long[] values() {
            return Arrays.copyOf(values, count);
        }

        /** Percentile in milliseconds (nearest rank), NaN when nothing was recorded. */
        double percentile(int p) {
            return percentile(values(), p);
        }

        static double percentile(long[] nanos, int p) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
        }
    }
}
