package fr.douane.keycloak.bench.portailpro;

import static fr.douane.keycloak.bench.portailpro.ScaleReport.fmt;
import static fr.douane.keycloak.bench.portailpro.ScaleReport.p;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Admin search page 500 against page 1 ({@code search=bench&first=4990|0&max=10}), each a first
 * view: the users a page imported are removed before the next page, so every page does the same
 * work (directory read + import of 10). Which page goes first alternates.
 */
final class PageTimings {

    private static final int WARMUP = 3;
    private static final int LATE = 4990;

    private PageTimings() {
    }

    static void run(ScaleRun bench, int n, int pairs) {
        long[] first = new long[pairs];
        long[] late = new long[pairs];
        long lateStatements = 0;
        long firstStatements = 0;
        for (int i = -WARMUP; i < pairs; i++) {
            bench.accounts().removeImported();
            boolean lateFirst = Math.floorMod(i, 2) == 1;
            long a;
            long b;
            int sa;
            int sb;
            if (lateFirst) {
                b = time(bench, LATE);
                sb = bench.statements().count();
                bench.accounts().removeImported();
                a = time(bench, 0);
                sa = bench.statements().count();
            } else {
                a = time(bench, 0);
                sa = bench.statements().count();
                bench.accounts().removeImported();
                b = time(bench, LATE);
                sb = bench.statements().count();
            }
            if (i >= 0) {
                first[i] = a;
                late[i] = b;
                firstStatements += sa;
                lateStatements += sb;
            }
        }
        String scale = ScaleReport.label(n);
        double ratio = p(late, 50) / p(first, 50);
        bench.report().target(scale, "admin search page 500 / page 1, p50 (" + fmt(p(late, 50)) + " / " + fmt(p(first, 50)) + " ms)",
                ratio, "<= 2", ratio <= 2.0);
        bench.report().row(scale, "admin search page 500 / page 1, p99 (ms)", p(late, 99), p(first, 99));
        bench.report().row(scale, "directory statements per page, page 500 / page 1", (double) lateStatements / pairs,
                (double) firstStatements / pairs);
    }

    /** One page of 10 after a statement counter reset; its duration in nanoseconds. */
    private static long time(ScaleRun bench, int firstResult) {
        bench.statements().reset();
        long t0 = System.nanoTime();
        JsonNode page = bench.admin().get("/admin/realms/douane/users?briefRepresentation=true&search=bench&first="
                + firstResult + "&max=10").expect(200).json();
        long t = System.nanoTime() - t0;
        if (page.size() != 10) {
            throw new IllegalStateException("page at " + firstResult + " has " + page.size() + " users");
        }
        return t;
    }
}
