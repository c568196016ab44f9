package fr.douane.keycloak.it.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.Ports;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.harness.WebSession.Page;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture;

/**
 * Measures whether the forgot-password POST tells existing accounts from unknown ones by its
 * timing: N requests for existing accounts and N for unknown ones, interleaved, each from its own
 * visitor (fresh cookies, own client address, each existing account asked once so no limit is
 * hit), after a warm-up. Prints median and p95 of each and their difference. A benchmark, not a
 * test: run it with {@code ./mvnw -Pbench-reset-timing verify}.
 */
public final class ForgotPasswordTiming {

    private ForgotPasswordTiming() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("bench.requests", 200);
        int warmup = Integer.getInteger("bench.warmup", 40);
        try (DouaneEnvironment env = DouaneEnvironment.start(Ports.free(), Ports.free(), Ports.free())) {
            ResetFlowFixture fixture = new ResetFlowFixture(env);
            List<String> existing = new ArrayList<>();
            for (int i = 0; i < n + warmup; i++) {
                String username = "timing-" + i;
                env.admin().createLocalUser(username, username + "@exemple.fr", "Timing", "Bench", "Ancien-Mot2passe!");
                existing.add(username);
            }
            long[] known = new long[n];
            long[] unknown = new long[n];
            for (int i = 0; i < n + warmup; i++) {
                long k = timeRequest(fixture, existing.get(i), i * 2);
                long u = timeRequest(fixture, "inconnu-" + i + "-" + System.nanoTime(), i * 2 + 1);
                if (i >= warmup) {
                    known[i - warmup] = k;
                    unknown[i - warmup] = u;
                }
            }
            double medianKnown = percentile(known, 50);
            double medianUnknown = percentile(unknown, 50);
            System.out.println();
            System.out.printf("forgot-password POST, %d interleaved requests each after %d warm-up pairs (ms)%n", n, warmup);
            System.out.printf("%-18s %8s %8s%n", "", "median", "p95");
            System.out.printf("%-18s %8.2f %8.2f%n", "existing account", medianKnown, percentile(known, 95));
            System.out.printf("%-18s %8.2f %8.2f%n", "unknown account", medianUnknown, percentile(unknown, 95));
            System.out.printf("median difference (existing - unknown): %.2f ms%n", medianKnown - medianUnknown);
        }
    }

    private static long timeRequest(ResetFlowFixture fixture, String username, int visitor) {
        WebSession web = new WebSession("127.20." + (visitor / 250 % 250) + "." + (visitor % 250 + 1));
        Page forgot = fixture.forgotPage(web);
        long t0 = System.nanoTime();
        Page sent = web.submit(forgot, "douane-reset-request-form", Map.of("douane-reset-mode", "username", "identifier", username));
        long elapsed = System.nanoTime() - t0;
        if (sent.status() != 200) {
            throw new IllegalStateException("status " + sent.status());
        }
        return elapsed;
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1_000_000.0;
    }
}
