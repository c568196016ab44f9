package fr.douane.keycloak.bench.portailpro;

import static fr.douane.keycloak.bench.portailpro.ScaleReport.p;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Lookup by email as the admin console does it ({@code GET /users?email=x&exact=true}): a
 * Portailpro cache miss (an account never looked up: found in the directory and imported) and hit
 * (the same account again), against the same lookup of a local user, with the directory
 * statements each causes.
 */
final class LookupTimings {

    private static final int WARMUP = 10;

    private LookupTimings() {
    }

    static void run(ScaleRun bench, int n, int count) {
        long[] local = new long[count];
        long[] miss = new long[count];
        long[] hit = new long[count];
        long missStatements = 0;
        long hitStatements = 0;
        int maxMiss = 0;
        int maxHit = 0;
        for (int i = -WARMUP; i < count; i++) {
            String localEmail = bench.accounts().localUsers().get(Math.floorMod(i, bench.accounts().localUsers().size())) + "@exemple.fr";
            String pp = bench.accounts().freshBenchEmail(n);
            long l = time(bench, localEmail);
            bench.statements().reset();
            long m = time(bench, pp);
            int ms = bench.statements().count();
            bench.statements().reset();
            long h = time(bench, pp);
            int hs = bench.statements().count();
            if (i >= 0) {
                local[i] = l;
                miss[i] = m;
                hit[i] = h;
                missStatements += ms;
                hitStatements += hs;
                maxMiss = Math.max(maxMiss, ms);
                maxHit = Math.max(maxHit, hs);
            }
        }
        String scale = ScaleReport.label(n);
        bench.report().row(scale, "lookup by email p50, Portailpro miss / local (ms)", p(miss, 50), p(local, 50));
        bench.report().row(scale, "lookup by email p99, Portailpro miss / local (ms)", p(miss, 99), p(local, 99));
        bench.report().row(scale, "lookup by email p50, Portailpro hit / local (ms)", p(hit, 50), p(local, 50));
        bench.report().row(scale, "lookup by email p99, Portailpro hit / local (ms)", p(hit, 99), p(local, 99));
        bench.report().target(scale, "directory statements per cache miss (mean; max " + maxMiss + ")", (double) missStatements / count,
                "<= 2", maxMiss <= 2);
        bench.report().target(scale, "directory statements per cache hit (mean; max " + maxHit + ")", (double) hitStatements / count,
                "= 0", maxHit == 0);
    }

    /** One lookup that must find exactly one user; its duration in nanoseconds. */
    private static long time(ScaleRun bench, String email) {
        long t0 = System.nanoTime();
        JsonNode found = bench.admin().get("/admin/realms/douane/users?exact=true&email=" + BenchAccounts.enc(email)).expect(200).json();
        long t = System.nanoTime() - t0;
        if (found.size() != 1) {
            throw new IllegalStateException("lookup " + email + " found " + found.size());
        }
        return t;
    }
}
