package fr.douane.keycloak.bench.portailpro;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Password login throughput of imported Portailpro users holding a douane password against local
 * users ({@value #THREADS} threads, alternating blocks), with the directory statements the
 * Portailpro blocks cause. Brute-force protection is off during the blocks (and restored after):
 * with it on, repeated concurrent direct grants of one user get locked out although every attempt
 * uses the right password, which is counted and printed first for both kinds of user.
 */
final class LoginTimings {

    static final int THREADS = 2;
    private static final int LOCKOUT_PROBE_SECONDS = 4;
    private static final int WARMUP_SECONDS = 10;

    private final ScaleRun bench;
    private final DirectGrantLoad load;

    LoginTimings(ScaleRun bench, String realmUrl) {
        this.bench = bench;
        this.load = new DirectGrantLoad(realmUrl);
    }

    void run(int n, int blocks, int blockSeconds) throws Exception {
        List<String> portailpro = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            portailpro.add(bench.accounts().portailproWithPassword(n));
        }
        List<String> local = bench.accounts().localUsers().subList(0, THREADS);
        load.takeFailures();
        load.throughput(local, LOCKOUT_PROBE_SECONDS);
        long localLockouts = load.takeFailures();
        load.throughput(portailpro, LOCKOUT_PROBE_SECONDS);
        long portailproLockouts = load.takeFailures();
        System.out.printf("[bench] brute-force protection on: refused logins in 4 s, local %d, Portailpro %d (last answer %s)%n",
                localLockouts, portailproLockouts, load.lastRefusal());
        JsonNode realm = bench.admin().get("/admin/realms/douane").expect(200).json();
        bench.admin().put("/admin/realms/douane", Map.of("bruteForceProtected", false)).expect(204);
        for (String u : portailpro) {
            bench.accounts().clearLockout(u);
        }
        for (String u : local) {
            bench.accounts().clearLockout(u);
        }
        load.throughput(portailpro, WARMUP_SECONDS); // the JIT compiles both paths
        load.throughput(local, WARMUP_SECONDS);
        double pp = 0;
        double lo = 0;
        long ppLogins = 0;
        long ppStatements = 0;
        List<Double> pairRatios = new ArrayList<>();
        for (int block = 0; block < blocks; block++) {
            double localRate = 0;
            if (block % 2 == 1) {
                localRate = load.throughput(local, blockSeconds);
            }
            bench.statements().reset();
            double rate = load.throughput(portailpro, blockSeconds);
            ppStatements += bench.statements().count();
            ppLogins += Math.round(rate * blockSeconds);
            if (block % 2 == 0) {
                localRate = load.throughput(local, blockSeconds);
            }
            pp += rate;
            lo += localRate;
            pairRatios.add(rate / localRate);
        }
        pairRatios.sort(null);
        String scale = ScaleReport.label(n);
        System.out.printf(Locale.ROOT, "[bench] %s logins: Portailpro / local per pair of blocks: min %.3f, median %.3f, max %.3f%n",
                scale, pairRatios.get(0), pairRatios.get(pairRatios.size() / 2), pairRatios.get(pairRatios.size() - 1));
        bench.admin().put("/admin/realms/douane", Map.of("bruteForceProtected", realm.path("bruteForceProtected").asBoolean(true)));
        long refused = load.takeFailures();
        if (refused > 0) {
            throw new IllegalStateException(refused + " logins refused with the protection off: " + load.lastRefusal());
        }
        bench.report().row(scale, "logins refused in 4 s with brute-force protection on, Portailpro / local", portailproLockouts,
                Math.max(localLockouts, 0));
        bench.report().row(scale, "directory statements per Portailpro password login (" + ppLogins + " logins)",
                (double) ppStatements / Math.max(1, ppLogins), 1);
        double ratio = pp / lo;
        bench.report().target(scale, String.format(Locale.ROOT, "password logins/s, Portailpro / local (%.1f / %.1f)", pp / blocks, lo / blocks),
                ratio, ">= 0.95", ratio >= 0.95);
    }
}
