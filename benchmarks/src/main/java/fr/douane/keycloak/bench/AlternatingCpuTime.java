package fr.douane.keycloak.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ratios that survive a shared machine: the variants run in short alternating blocks (the order rotates every
 * round), each block timed with the CPU time of the measuring thread, and each variant's figure is the median of
 * its blocks.
 *
 * <p>Why beside JMH: JMH runs one benchmark after the other, so when other jobs start or stop in between, the
 * ratio between two benchmarks measures the machine as much as the code (seen here: ±300 % error bars with a
 * load average of 6 on 2 CPUs). Thread CPU time does not count the time the thread waits for a core, and
 * alternation exposes every variant to the same conditions.
 */
final class AlternatingCpuTime {

    /** One variant: runs {@code n} validations of the mix and returns something to keep alive. */
    interface Variant {
        Object run(int n);
    }

    private final Map<String, Variant> variants = new LinkedHashMap<>();

    AlternatingCpuTime add(String name, Variant v) {
        variants.put(name, v);
        return this;
    }

    /**
     * @param rounds number of rounds (each runs every variant once)
     * @param perBlock validations per block
     * @return the median CPU nanoseconds per validation of each variant
     */
    Map<String, Double> measure(int warmupRounds, int rounds, int perBlock) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String[] names = variants.keySet().toArray(new String[0]);
        Map<String, double[]> samples = new LinkedHashMap<>();
        for (String n : names) {
            samples.put(n, new double[rounds]);
        }
        long sink = 0;
        for (int round = -warmupRounds; round < rounds; round++) {
            for (int k = 0; k < names.length; k++) {
                String name = names[Math.floorMod(k + round, names.length)];
                Variant v = variants.get(name);
                long start = mx.getCurrentThreadCpuTime();
                Object out = v.run(perBlock);
                long cpu = mx.getCurrentThreadCpuTime() - start;
                sink += System.identityHashCode(out);
                if (round >= 0) {
                    samples.get(name)[round] = (double) cpu / perBlock;
                }
            }
        }
        if (sink == 42) {
            System.out.print("");
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        samples.forEach((name, s) -> {
            double[] sorted = s.clone();
            Arrays.sort(sorted);
            medians.put(name, sorted[sorted.length / 2]);
        });
        return medians;
    }
}
