package fr.douane.keycloak.bench.portailpro;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.Paths;

/**
 * The accounts the benchmark works with: the seeded Portailpro directory (bench.N@exemple.fr,
 * portailpro_bench_seed of docker/portailpro/bench-seed.sql), the local users of the baseline, and
 * the Keycloak copies of directory accounts, removed between measurements so that each one is a
 * first view.
 */
final class BenchAccounts {

    static final String PASSWORD = "Douane-2026!Bench";
    private static final int LOCAL_USERS = 40;

    private final DouaneEnvironment env;
    private final AdminApi admin;
    private final String componentId;
    private final List<String> localUsers = new ArrayList<>();
    private final Map<String, String> userIds = new HashMap<>();
    private int nextBench = 1;

    BenchAccounts(DouaneEnvironment env, AdminApi admin) {
        this.env = env;
        this.admin = admin;
        String found = null;
        for (var c : admin.get("/admin/realms/douane/components?type=org.keycloak.storage.UserStorageProvider").expect(200).json()) {
            if ("douane-portailpro".equals(c.path("providerId").asText())) {
                found = c.get("id").asText();
            }
        }
        this.componentId = found;
    }

    /** The seeding function in the directory, and the local users of the baseline. */
    void prepare() throws IOException {
        env.portailpro().execute(Files.readString(Paths.portailproSql("bench-seed.sql"), StandardCharsets.UTF_8));
        for (int i = 0; i < LOCAL_USERS; i++) {
            String u = "local-bench-" + i;
            userIds.put(u, env.admin().createLocalUser(u, u + "@exemple.fr", "Local", "Banc", PASSWORD));
            localUsers.add(u);
        }
    }

    /** Fills the directory up to {@code n} accounts; no Keycloak copy of any is left. */
    void seed(int n) {
        long t0 = System.nanoTime();
        long inserted = env.portailpro().queryLong("SELECT portailpro_bench_seed(" + n + ")");
        // The visibility map, for index-only scans (autovacuum would do it later in production).
        env.portailpro().execute("VACUUM ANALYZE portailpro_account");
        long rows = env.portailpro().queryLong("SELECT count(*) FROM portailpro_account");
        System.out.printf("%n[bench] %,d accounts in the directory (%,d inserted in %d s), load average %s%n",
                rows, inserted, (System.nanoTime() - t0) / 1_000_000_000L, ScaleReport.loadAverage());
        removeImported();
    }

    /** The admin's "remove imported users" of the Portailpro provider. */
    void removeImported() {
        admin.post("/admin/realms/douane/user-storage/" + componentId + "/remove-imported-users", "").expect(204);
    }

    /** A bench account of the seed that is ACTIVE, has an email and was never looked up in this run. */
    String freshBenchEmail(int n) {
        while (true) {
            int g = nextBench++;
            if (g > n) {
                throw new IllegalStateException("out of bench accounts");
            }
            if (g % 50 != 0 && g % 100 != 0 && g % 500 != 0) {
                // Spread over the directory, not only its first rows.
                int spread = (int) ((g * 7_919L) % n) + 1;
                if (spread % 50 != 0 && spread % 100 != 0 && spread % 500 != 0) {
                    return "bench." + spread + "@exemple.fr";
                }
            }
        }
    }

    /** A Portailpro account imported by an admin lookup, given the bench password; returns its email. */
    String portailproWithPassword(int n) {
        String email = freshBenchEmail(n);
        String id = admin.get("/admin/realms/douane/users?exact=true&email=" + enc(email)).expect(200).json().get(0).get("id").asText();
        admin.put("/admin/realms/douane/users/" + id + "/reset-password",
                Map.of("type", "password", "value", PASSWORD, "temporary", false)).expect(204);
        userIds.put(email, id);
        return email;
    }

    List<String> localUsers() {
        return localUsers;
    }

    /** Lifts a brute-force lockout of a user this class created or imported. */
    void clearLockout(String username) {
        admin.delete("/admin/realms/douane/attack-detection/brute-force/users/" + userIds.get(username));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
