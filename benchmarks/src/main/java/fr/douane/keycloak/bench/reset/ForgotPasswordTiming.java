package fr.douane.keycloak.bench.reset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

import fr.douane.keycloak.it.harness.DirectoryLink;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.Ports;
import fr.douane.keycloak.it.harness.TestClient;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.harness.WebSession.Page;

/**
 * Measures whether the forgot-password POST tells one kind of account from an unknown
 * identifiant by its timing, for every kind of account the flow serves and every state of the
 * Portailpro directory: for each kind, N requests for that kind and N for unknown identifiants,
 * interleaved, each from its own visitor (fresh cookies, own client address), after a warm-up;
 * with the directory up, refusing connections and hung ({@link DirectoryLink}). Prints median,
 * p95 and maximum of each side and the difference of the medians, against the limits (|difference|
 * under 5 ms, no POST over 200 ms). A benchmark, not a test: {@code ./mvnw -Pbench-reset-timing verify}.
 */
public final class ForgotPasswordTiming {

    private static final double MAX_MEDIAN_DIFFERENCE_MS = 5.0;
    private static final double MAX_POST_MS = 200.0;

    private ForgotPasswordTiming() {
    }

    /** One kind of account: the identifiant to type for its i-th request, prepared beforehand. */
    private record Kind(String name, IntFunction<String> identifiant) {
    }

    private record Row(String state, String kind, double[] known, double[] unknown) {
        double difference() {
            return percentile(known, 50) - percentile(unknown, 50);
        }

        double max() {
            return Math.max(percentile(known, 100), percentile(unknown, 100));
        }

        boolean meets() {
            return Math.abs(difference()) < MAX_MEDIAN_DIFFERENCE_MS && max() <= MAX_POST_MS;
        }
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("bench.requests", 200);
        int warmup = Integer.getInteger("bench.warmup", 40);
        List<DirectoryLink.State> states = Arrays.stream(System.getProperty("bench.states", "UP,REFUSING,HUNG").split(","))
                .map(String::trim).map(DirectoryLink.State::valueOf).toList();
        int per = n + warmup;
        try (DouaneEnvironment env = DouaneEnvironment.start(Ports.free(), Ports.free(), Ports.free())) {
            TestClient.ensure(env.admin());
            String realmUrl = env.keycloak().realmUrl();
            System.out.println("[bench] preparing accounts ...");
            List<String> local = new ArrayList<>();
            List<String> disabled = new ArrayList<>();
            for (int i = 0; i < per; i++) {
                local.add(localUser(env, "timing-" + i, true));
                disabled.add(localUser(env, "timing-off-" + i, false));
            }
            // Imported Portailpro accounts, and imported ones suspended afterwards (the directory
            // says SUSPENDED, Keycloak's store still holds the account as last seen ACTIVE).
            insertPortailpro(env, "tim-imp", per, "ACTIVE");
            insertPortailpro(env, "tim-sus", per, "ACTIVE");
            for (int i = 0; i < per; i++) {
                importOne(env, "tim-imp", i);
                importOne(env, "tim-sus", i);
            }
            env.portailpro().execute("UPDATE portailpro_account SET status = 'SUSPENDED' WHERE id LIKE 'tim-sus-%'");

            List<Row> rows = new ArrayList<>();
            int visitor = 0;
            for (DirectoryLink.State state : states) {
                // Never-imported accounts: fresh rows for every state (a request imports its account).
                String neverPrefix = "tim-new-" + state.name().toLowerCase(Locale.ROOT);
                insertPortailpro(env, neverPrefix, per, "ACTIVE");
                List<Kind> kinds = List.of(
                        new Kind("local existing", local::get),
                        new Kind("Portailpro never imported", i -> email(neverPrefix, i)),
                        new Kind("Portailpro imported", i -> email("tim-imp", i)),
                        new Kind("Portailpro suspended", i -> email("tim-sus", i)),
                        new Kind("disabled", disabled::get),
                        new Kind("unknown", i -> "inconnu-" + i + "-" + System.nanoTime() + "@exemple.fr"));
                env.directoryLink().set(state);
                for (Kind kind : kinds) {
                    double[] known = new double[n];
                    double[] unknown = new double[n];
                    for (int i = 0; i < per; i++) {
                        String typed = kind.identifiant().apply(i);
                        // The unknown side is typed with the same option (Identifiant or Courriel).
                        String stranger = "inconnu-" + i + "-" + System.nanoTime() + (typed.contains("@") ? "@exemple.fr" : "");
                        double k = timeRequest(realmUrl, typed, visitor++);
                        double u = timeRequest(realmUrl, stranger, visitor++);
                        if (i >= warmup) {
                            known[i - warmup] = k;
                            unknown[i - warmup] = u;
                        }
                    }
                    Row row = new Row(state.name(), kind.name(), known, unknown);
                    rows.add(row);
                    System.out.printf("[bench] %-9s %-26s median %6.2f vs %6.2f ms, difference %+6.2f ms, max %6.1f ms%n",
                            state, kind.name(), percentile(known, 50), percentile(unknown, 50), row.difference(), row.max());
                }
                env.directoryLink().set(DirectoryLink.State.UP);
            }
            print(rows, n, warmup);
        }
    }

    private static void print(List<Row> rows, int n, int warmup) {
        System.out.println();
        System.out.printf("forgot-password POST, %d + %d interleaved requests per line after %d warm-up pairs (ms);"
                + " limits: |median difference| < %.0f ms, every POST <= %.0f ms%n", n, n, warmup, MAX_MEDIAN_DIFFERENCE_MS, MAX_POST_MS);
        System.out.printf("| directory | account | median | p95 | unknown median | unknown p95 | difference | max | result |%n");
        System.out.printf("|---|---|---|---|---|---|---|---|---|%n");
        boolean all = true;
        for (Row r : rows) {
            all &= r.meets();
            System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f | %.2f | %+.2f | %.1f | %s |%n", r.state(), r.kind(),
                    percentile(r.known(), 50), percentile(r.known(), 95), percentile(r.unknown(), 50),
                    percentile(r.unknown(), 95), r.difference(), r.max(), r.meets() ? "met" : "MISSED");
        }
        System.out.println(all ? "ALL TARGETS MET" : "SOME TARGETS MISSED");
    }

    private static String localUser(DouaneEnvironment env, String username, boolean enabled) {
        String id = env.admin().createLocalUser(username, username + "@exemple.fr", "Timing", "Bench", "Ancien-Mot2passe!");
        if (!enabled) {
            env.admin().put("/admin/realms/douane/users/" + id, Map.of("enabled", false));
        }
        return username;
    }

    private static String email(String prefix, int i) {
        return prefix + "-" + i + "@exemple.fr";
    }

    private static void insertPortailpro(DouaneEnvironment env, String prefix, int count, String status) {
        env.portailpro().execute("INSERT INTO portailpro_account (id, identifiant, email, first_name, last_name, status)"
                + " SELECT '" + prefix + "-' || g, '" + prefix + "-' || g || '@exemple.fr', '" + prefix + "-' || g || '@exemple.fr',"
                + " 'Timing', 'Portailpro', '" + status + "' FROM generate_series(0, " + (count - 1) + ") g");
    }

    private static void importOne(DouaneEnvironment env, String prefix, int i) {
        int found = env.admin().get("/admin/realms/douane/users?exact=true&email=" + email(prefix, i)).json().size();
        if (found != 1) {
            throw new IllegalStateException("not imported: " + email(prefix, i));
        }
    }

    /** One visitor: login page, forgot page (not timed), then the timed POST. */
    private static double timeRequest(String realmUrl, String typed, int visitor) {
        WebSession web = new WebSession("127.20." + (visitor / 250 % 250) + "." + (visitor % 250 + 1));
        Page forgot = TestClient.forgotPage(web, realmUrl);
        long t0 = System.nanoTime();
        Page sent = web.submit(forgot, "douane-reset-request-form", Map.of("douane-reset-mode", mode(typed), "identifier", typed));
        long elapsed = System.nanoTime() - t0;
        if (sent.status() != 200) {
            throw new IllegalStateException("status " + sent.status());
        }
        return elapsed / 1_000_000.0;
    }

    /** Portailpro identifiants and unknown values are typed as Courriel, local identifiants as Identifiant. */
    private static String mode(String typed) {
        return typed.contains("@") ? "email" : "username";
    }

    static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
