package fr.douane.keycloak.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import fr.douane.keycloak.policy.RuleSentence;
import org.keycloak.policy.PolicyError;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole policy benchmark in one go: what each policy says about the password mix, the memory of the
 * loaded lists, the share of 10 000 generated real-looking passwords each configuration refuses, the CPU time per
 * validation and per page text in alternating blocks, then JMH (wall time, one PBKDF2 hash), then the table, also
 * written to {@code target/bench/policy.csv}.
 *
 * <p>System properties: {@code bench.out} (output folder), {@code bench.quick=true} (1 warm-up + 1
 * measurement iteration, to try the wiring).
 */
public final class PolicyBenchMain {

    private PolicyBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(System.getProperty("bench.out", "target/bench"));
        boolean quick = Boolean.getBoolean("bench.quick");
        Files.createDirectories(out);

        Path dir = Files.createTempDirectory("douane-policy-bench");
        Path wordList = PolicyFixture.WordList.write(dir);
        PolicyFixture.Factories factories = new PolicyFixture.Factories(dir);
        PolicyFixture.ThemeMessages messages = new PolicyFixture.ThemeMessages();
        PolicyFixture douane = PolicyFixture.of(PolicyFixture.DOUANE_POLICY, factories, messages);
        PolicyFixture douaneFrench = PolicyFixture.of(PolicyFixture.DOUANE_FRENCH_POLICY, factories, messages);
        PolicyFixture stock = PolicyFixture.of(PolicyFixture.STOCK_POLICY, factories, messages);

        System.out.println();
        System.out.println("== douane-passay vs stock policies ==");
        System.out.println("stock chain : " + PolicyFixture.STOCK_POLICY);
        System.out.println("douane      : " + PolicyFixture.DOUANE_POLICY + " (default douane rule, blocklist on)");
        System.out.println("word list   : douane's common list (npm @zxcvbn-ts/language-common + the pack's additions, "
                + Files.readAllLines(wordList).size() + " entries), written one per line to " + wordList + " for the stock Bloom filter");
        System.out.println("theme       : Keycloak 26.7.3 base login messages + the pack's messages (" + messages.size()
                + " keys, en + fr), merged per call as the server does");
        System.out.println();
        System.out.println("What each policy says about the password mix (stock stops at the FIRST failure; douane reports ALL):");
        System.out.printf(Locale.ROOT, "  %-24s %-40s %s%n", "password", "stock (first error)", "douane (unmet rules)");
        for (String p : PolicyFixture.PASSWORDS) {
            PolicyError s = stock.manager.validate(stock.realm, stock.user, p);
            List<String> ids = new ArrayList<>();
            for (RuleSentence r : douane.douane().check(douane.realm, douane.user, p)) {
                ids.add(r.rule().id());
            }
            System.out.printf(Locale.ROOT, "  %-24s %-40s %s%n", p, s == null ? "accepted" : s.getMessage(),
                    ids.isEmpty() ? "accepted" : String.join(", ", ids));
        }
        java.util.Properties page = messages.enhanced(Locale.FRENCH);
        System.out.println("  douane error for 'abc', as the French page shows it: "
                + asShown(page, douane.manager.validate(douane.realm, douane.user, "abc")));

        System.out.println();
        System.out.println("Blocklist memory (outside JMH) ...");
        BlocklistMemory mem = BlocklistMemory.measure(dir);

        System.out.println("Refusals of generated real-looking passwords ...");
        RefusalShare refusals = RefusalShare.measure(10_000, 2026L, stock, douane, douaneFrench);

        System.out.println("Alternating blocks, thread CPU time ...");
        PolicyFixture stockFull = PolicyFixture.of(PolicyFixture.STOCK_FULL_POLICY, factories, messages);
        String[] mix = PolicyFixture.PASSWORDS;
        AlternatingCpuTime alt = new AlternatingCpuTime()
                .add("douane", n -> loop(n, mix, p -> douane.manager.validate(douane.realm, douane.user, p)))
                .add("douaneFrench", n -> loop(n, mix, p -> douaneFrench.manager.validate(douaneFrench.realm, douaneFrench.user, p)))
                .add("stock", n -> loop(n, mix, p -> stock.manager.validate(stock.realm, stock.user, p)))
                .add("stockFull", n -> loop(n, mix, p -> stockFull.manager.validate(stockFull.realm, stockFull.user, p)))
                .add("douaneAsShown", n -> loop(n, mix, p -> asShown(page, douane.manager.validate(douane.realm, douane.user, p))))
                .add("stockAsShown", n -> loop(n, mix, p -> asShown(page, stock.manager.validate(stock.realm, stock.user, p))));
        // 150 warm-up rounds (a few seconds): on a loaded 2-core machine the JIT compiler gets few cycles, and
        // 20 rounds left some variants still interpreted or in C1 code when the measured rounds began.
        Map<String, Double> cpu = alt.measure(quick ? 3 : 150, quick ? 5 : 41, 2000);
        double hashCpu = hashCpuNanos(quick ? 1 : 5);
        double argon2Cpu = argon2CpuNanos(quick ? 3 : 11);
        System.out.println("  medians (CPU ns per validation): " + cpu + "; one pbkdf2 hash: " + fmt(hashCpu)
                + " ns CPU; one argon2 hash (Keycloak 26 default): " + fmt(argon2Cpu) + " ns CPU");

        System.out.println("JMH ...");
        OptionsBuilder ob = new OptionsBuilder();
        ob.include(PolicyBenchmark.class.getName() + "\\.")
                .forks(1)
                .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 1 : 5).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xmx512m")
                .shouldFailOnError(true);
        Options opts = ob.build();
        Collection<RunResult> results = new Runner(opts).run();
        Map<String, double[]> score = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            score.put(name, new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
        }

        double d = cpu.get("douane");
        double dFrench = cpu.get("douaneFrench");
        double s = cpu.get("stock");
        double sFull = cpu.get("stockFull");
        double dShown = cpu.get("douaneAsShown");
        double sShown = cpu.get("stockAsShown");
        double stub = score.get("stubCall")[0];

        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"metric (CPU time, alternating blocks, median)", "douane", "stock", "unit", "ratio douane/stock", "target", "met"});
        rows.add(row("time per validation: manager.validate (douane: all unmet rules; stock: the first)", d, s, "ns", 1.0));
        rows.add(row("same, vs stock + maxLength(128) + notUsername + notEmail", d, sFull, "ns", 1.0));
        rows.add(info("same, douane with the French lists (blocklistFrench=on)", dFrench, s, "ns"));
        rows.add(row("validation + the text the page shows (MessageFormat, fr login messages)", dShown, sShown, "ns", 2.0));
        rows.add(info("common list retained heap, jol (ours exact / stock Bloom filter 1e-4)", mem.commonJol, mem.stockBloomJol, "bytes"));
        rows.add(info("common list retained heap, GC used-heap delta per instance", mem.commonHeapDelta, mem.stockHeapDelta, "bytes"));
        rows.add(new String[] {"common + French lists retained heap, jol (ours)", String.valueOf(mem.frenchJol), "", "bytes", "", "", ""});
        for (String[] r : refusals.rows()) {
            rows.add(r);
        }
        rows.add(new String[] {"douane validation / one argon2id hash (Keycloak 26 default parameters)", fmt(d), fmt(argon2Cpu), "ns",
                String.format(Locale.ROOT, "%.5f%%", 100 * d / argon2Cpu), "<= 1%", String.valueOf(d / argon2Cpu <= 0.01)});
        rows.add(new String[] {"douane validation / one pbkdf2-sha512 hash (210000 it.)", fmt(d), fmt(hashCpu), "ns",
                String.format(Locale.ROOT, "%.5f%%", 100 * d / hashCpu), "<= 1%", String.valueOf(d / hashCpu <= 0.01)});
        rows.add(new String[] {"one stand-in call (stock ~18 per validation, douane ~5), JMH", "", fmt(stub), "ns", "", "", ""});
        rows.add(info("JMH wall time per validation (sequential benchmarks: fragile under load)",
                score.get("douanePassay")[0], score.get("stockChain")[0], "ns"));

        StringBuilder csv = new StringBuilder();
        for (String[] r : rows) {
            csv.append(String.join(",", quote(r))).append('\n');
        }
        Path csvFile = out.resolve("policy.csv");
        Files.writeString(csvFile, csv, StandardCharsets.UTF_8);

        System.out.println();
        System.out.println("== JMH (one run; mean ± 99.9% error; wall time) ==");
        for (String name : new String[] {"douanePassay", "douanePassayAsShown", "douanePassayRulesOnly", "stockChain", "stockChainAsShown", "stockChainFull", "pbkdf2Sha512Hash", "stubCall"}) {
            double[] v = score.get(name);
            System.out.printf(Locale.ROOT, "  %-26s %14.1f ± %.1f ns/op%n", name, v[0], v[1]);
        }
        System.out.printf(Locale.ROOT, "  lists: common %d words, French %d words; jol: common %d B, common + French %d B, stock Bloom "
                        + "filter %d B; heap delta: common %.0f B, stock %.0f B%n", mem.commonWords, mem.frenchWords,
                mem.commonJol, mem.frenchJol, mem.stockBloomJol, mem.commonHeapDelta, mem.stockHeapDelta);
        System.out.println();
        printTable(rows);
        System.out.println();
        System.out.println("Note: the stock chain stops at the first failing policy; douane-passay evaluates every rule and"
                + " returns all unmet ones, one sentence each. The stock Bloom filter matches exact lower-cased entries"
                + " only (false positives 1e-4); douane's lists are exact (no false positive) and its matcher also"
                + " catches decorated variants (Soleil2024!, P@ssw0rd1!).");
        System.out.println("CSV: " + csvFile.toAbsolutePath());
    }

    private static Object loop(int n, String[] mix, java.util.function.Function<String, Object> f) {
        Object last = null;
        for (int i = 0; i < n; i++) {
            Object r = f.apply(mix[i % mix.length]);
            if (r != null) {
                last = r;
            }
        }
        return last;
    }

    private static String asShown(java.util.Properties page, PolicyError e) {
        if (e == null) {
            return null;
        }
        String pattern = page.getProperty(e.getMessage());
        return pattern == null ? e.getMessage() : new java.text.MessageFormat(pattern, Locale.FRENCH).format(e.getParameters());
    }

    /** Median thread CPU time of one PBKDF2-SHA512 hash with Keycloak's default parameters. */
    private static double hashCpuNanos(int times) throws Exception {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        javax.crypto.SecretKeyFactory f = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512");
        double[] t = new double[times];
        java.security.SecureRandom random = new java.security.SecureRandom();
        for (int i = 0; i < times; i++) {
            byte[] salt = new byte[16];
            random.nextBytes(salt);
            long start = mx.getCurrentThreadCpuTime();
            f.generateSecret(new javax.crypto.spec.PBEKeySpec("Kxqmzwpt1!".toCharArray(), salt,
                    PolicyBenchmark.PBKDF2_ITERATIONS, PolicyBenchmark.PBKDF2_KEY_BITS)).getEncoded();
            t[i] = mx.getCurrentThreadCpuTime() - start;
        }
        java.util.Arrays.sort(t);
        return t[times / 2];
    }

    /**
     * Median thread CPU time of one argon2 hash with Keycloak 26.7.3's default parameters (its default
     * password hashing), computed as Keycloak computes it: BouncyCastle's Argon2 generator. The defaults are
     * those of {@code org.keycloak.crypto.hash.Argon2Parameters} in keycloak-crypto-default 26.7.3 (type id,
     * version 1.3, 32-byte hash, 7168 KiB, 5 iterations, parallelism 1); that jar is not served by the Maven
     * registry reachable here, so they are written out.
     */
    private static double argon2CpuNanos(int times) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        org.bouncycastle.crypto.params.Argon2Parameters params = new org.bouncycastle.crypto.params.Argon2Parameters
                .Builder(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_id)
                .withVersion(org.bouncycastle.crypto.params.Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(7168)
                .withIterations(5)
                .withParallelism(1)
                .withSalt(new byte[16]).build();
        double[] t = new double[times];
        for (int i = 0; i < times; i++) {
            org.bouncycastle.crypto.generators.Argon2BytesGenerator g = new org.bouncycastle.crypto.generators.Argon2BytesGenerator();
            long start = mx.getCurrentThreadCpuTime();
            g.init(params);
            byte[] out = new byte[32];
            g.generateBytes("Kxqmzwpt1!".toCharArray(), out);
            t[i] = mx.getCurrentThreadCpuTime() - start;
        }
        java.util.Arrays.sort(t);
        return t[times / 2];
    }

    private static String[] info(String metric, double douane, double stock, String unit) {
        return new String[] {metric, fmt(douane), fmt(stock), unit, String.format(Locale.ROOT, "%.2fx", douane / stock), "", ""};
    }

    private static String[] row(String metric, double douane, double stock, String unit, double target) {
        double ratio = douane / stock;
        return new String[] {metric, fmt(douane), fmt(stock), unit, String.format(Locale.ROOT, "%.2fx", ratio),
                String.format(Locale.ROOT, "<= %.1fx", target), String.valueOf(ratio <= target)};
    }

    private static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String[] quote(String[] r) {
        String[] q = new String[r.length];
        for (int i = 0; i < r.length; i++) {
            q[i] = r[i].contains(",") || r[i].contains("\"") ? "\"" + r[i].replace("\"", "\"\"") + "\"" : r[i];
        }
        return q;
    }

    private static void printTable(List<String[]> rows) {
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (int k = 0; k < rows.size(); k++) {
            StringBuilder sb = new StringBuilder("| ");
            for (int i = 0; i < w.length; i++) {
                String c = rows.get(k)[i];
                sb.append(i == 0 ? pad(c, w[i], false) : pad(c, w[i], true)).append(" | ");
            }
            System.out.println(sb.toString().stripTrailing());
            if (k == 0) {
                StringBuilder sep = new StringBuilder("|");
                for (int x : w) {
                    sep.append("-".repeat(x + 2)).append('|');
                }
                System.out.println(sep);
            }
        }
    }

    private static String pad(String s, int w, boolean right) {
        String spaces = " ".repeat(Math.max(0, w - s.length()));
        return right ? spaces + s : s + spaces;
    }

}
