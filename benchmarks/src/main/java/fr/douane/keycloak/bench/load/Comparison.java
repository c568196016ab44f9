package fr.douane.keycloak.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/**
 * One side-by-side comparison: warm-up blocks, then measurement blocks alternating between the
 * baseline and the candidate, and the ratios candidate / baseline with their targets.
 */
final class Comparison {

    /** What is compared to what, and what counts as a pass. */
    enum Target {
        /** CPU per operation at most {@code limit} times the baseline's. */
        CPU_AT_MOST,
        /** p95 latency at most {@code limit} times the baseline's. */
        P95_AT_MOST,
        /** Throughput at least {@code limit} times the baseline's. */
        THROUGHPUT_AT_LEAST,
        /** p95 latency of the forgot-password POST alone (B1) at most {@code limit} times the baseline's. */
        FORGOT_POST_P95_AT_MOST,
        /** p95 latency of one named step of a mixed scenario (B7) at most {@code limit} times the baseline's. */
        STEP_P95_AT_MOST
    }

    /** {@code step}: the step a STEP_ target is about, null otherwise. */
    record Goal(Target target, double limit, String step) {
        Goal(Target target, double limit) {
            this(target, limit, null);
        }
    }

    /**
     * {@code low}..{@code high}: the 95 % confidence interval of the ratio from the rounds taken as
     * pairs (each round's candidate block over its baseline block, geometric mean, Student's t),
     * NaN where it does not apply. The pass/fail is on the pooled ratio; the interval says how far
     * the machine's noise lets a single run be trusted.
     */
    record Row(String metric, double baseline, double candidate, double ratio, double low, double high, String target, boolean pass) {

        Row(String metric, double baseline, double candidate, double ratio, String target, boolean pass) {
            this(metric, baseline, candidate, ratio, Double.NaN, Double.NaN, target, pass);
        }

        String interval() {
            return Double.isNaN(low) ? "" : String.format(java.util.Locale.ROOT, "%.3f–%.3f", low, high);
        }
    }

    /** Two-sided 95 % quantiles of Student's t for 1..30 degrees of freedom. */
    private static final double[] T95 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    final String id;
    final String title;
    final String baseline;
    final String candidate;
    final List<Goal> goals;
    final List<Block> blocks = new ArrayList<>();
    /**
     * A mix of operations (B7): no p50 over all operations, and the error rows are
     * {@link #extra} ones. Rows that are not ratios of the blocks (counts, maxima, times) go in
     * {@link #extra}.
     */
    boolean mixed;
    final List<Row> extra = new ArrayList<>();

    Comparison(String id, String title, String baseline, String candidate, List<Goal> goals) {
        this.id = id;
        this.title = title;
        this.baseline = baseline;
        this.candidate = candidate;
        this.goals = goals;
    }

    List<Block> measured(String side) {
        return blocks.stream().filter(b -> !b.warmup && b.side.equals(side)).toList();
    }

    double cpuPerOp(String side) {
        List<Block> m = measured(side);
        long cpu = m.stream().mapToLong(b -> b.cpuMillis).sum();
        long ops = m.stream().mapToLong(Block::ok).sum();
        return ops == 0 ? Double.NaN : (double) cpu / ops;
    }

    double opsPerSecond(String side) {
        List<Block> m = measured(side);
        long ops = m.stream().mapToLong(Block::ok).sum();
        double seconds = m.stream().mapToDouble(b -> b.wallNanos / 1e9).sum();
        return ops / seconds;
    }

    double percentile(String side, int p) {
        return Block.Latencies.percentile(measured(side).stream().flatMapToLong(b -> LongStream.of(b.latencies())).toArray(), p);
    }

    double forgotPostPercentile(String side, int p) {
        return Block.Latencies.percentile(measured(side).stream().flatMapToLong(b -> LongStream.of(b.forgotPost.values())).toArray(), p);
    }

    double stepPercentile(String side, String step, int p) {
        return Block.Latencies.percentile(measured(side).stream().flatMapToLong(b -> LongStream.of(b.step(step).values())).toArray(), p);
    }

    long serverErrors(String side) {
        return measured(side).stream().mapToLong(Block::serverErrors).sum();
    }

    /** The 95 % interval {low, high} of candidate/baseline over the rounds, or NaNs below 2 rounds. */
    double[] pairedInterval(java.util.function.ToDoubleFunction<Block> metric) {
        List<Double> logs = new ArrayList<>();
        for (Block b : measured(candidate)) {
            measured(baseline).stream().filter(a -> a.round == b.round).findFirst().ifPresent(a -> {
                double r = metric.applyAsDouble(b) / metric.applyAsDouble(a);
                if (r > 0 && !Double.isInfinite(r)) {
                    logs.add(Math.log(r));
                }
            });
        }
        int n = logs.size();
        if (n < 2) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double mean = logs.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double variance = logs.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / (n - 1);
        double half = T95[Math.min(n - 1, T95.length) - 1] * Math.sqrt(variance / n);
        return new double[] {Math.exp(mean - half), Math.exp(mean + half)};
    }

    long errors(String side) {
        return measured(side).stream().mapToLong(Block::errors).sum();
    }

    long ops(String side) {
        return measured(side).stream().mapToLong(Block::ok).sum();
    }

    /** The rows of the console table and of summary.csv. */
    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        String a = baseline;
        String b = candidate;
        for (Goal goal : goals) {
            switch (goal.target()) {
                case CPU_AT_MOST -> {
                    double r = cpuPerOp(b) / cpuPerOp(a);
                    double[] ci = pairedInterval(Block::cpuPerOp);
                    rows.add(new Row("CPU-ms/op", cpuPerOp(a), cpuPerOp(b), r, ci[0], ci[1], "<= " + fmt(goal.limit()), r <= goal.limit()));
                }
                case P95_AT_MOST -> {
                    double r = percentile(b, 95) / percentile(a, 95);
                    double[] ci = pairedInterval(k -> k.percentile(95));
                    rows.add(new Row("p95 ms", percentile(a, 95), percentile(b, 95), r, ci[0], ci[1], "<= " + fmt(goal.limit()), r <= goal.limit()));
                }
                case THROUGHPUT_AT_LEAST -> {
                    double r = opsPerSecond(b) / opsPerSecond(a);
                    double[] ci = pairedInterval(Block::opsPerSecond);
                    rows.add(new Row("ops/s", opsPerSecond(a), opsPerSecond(b), r, ci[0], ci[1], ">= " + fmt(goal.limit()), r >= goal.limit()));
                }
                case FORGOT_POST_P95_AT_MOST -> {
                    double r = forgotPostPercentile(b, 95) / forgotPostPercentile(a, 95);
                    double[] ci = pairedInterval(k -> k.forgotPost.percentile(95));
                    rows.add(new Row("forgot POST p95 ms", forgotPostPercentile(a, 95), forgotPostPercentile(b, 95), r, ci[0], ci[1],
                            "<= " + fmt(goal.limit()), r <= goal.limit()));
                }
                case STEP_P95_AT_MOST -> {
                    String step = goal.step();
                    double r = stepPercentile(b, step, 95) / stepPercentile(a, step, 95);
                    double[] ci = pairedInterval(k -> k.step(step).percentile(95));
                    rows.add(new Row(step + " p50 ms", stepPercentile(a, step, 50), stepPercentile(b, step, 50),
                            stepPercentile(b, step, 50) / stepPercentile(a, step, 50), "-", true));
                    rows.add(new Row(step + " p95 ms", stepPercentile(a, step, 95), stepPercentile(b, step, 95), r, ci[0], ci[1],
                            "<= " + fmt(goal.limit()), r <= goal.limit()));
                }
            }
        }
        rows.addAll(extra);
        if (mixed) {
            return rows;
        }
        rows.add(new Row("p50 ms", percentile(a, 50), percentile(b, 50), percentile(b, 50) / percentile(a, 50), "-", true));
        long errors = errors(a) + errors(b);
        rows.add(new Row("errors", errors(a), errors(b), Double.NaN, "= 0", errors == 0));
        return rows;
    }

    static String fmt(double limit) {
        return String.format(java.util.Locale.ROOT, "%.3f", limit).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    boolean pass() {
        return rows().stream().allMatch(Row::pass);
    }
}
