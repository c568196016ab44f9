package fr.douane.keycloak.bench.portailpro;

import fr.douane.keycloak.it.harness.PortailproDatabase;

/**
 * Statements the provider sends to the Portailpro directory, counted exactly by
 * pg_stat_statements in its PostgreSQL: reset before a call, summed after (every statement the
 * provider sends mentions portailpro_account; the benchmark's own never do).
 */
final class DirectoryStatements {

    private final PortailproDatabase directory;

    DirectoryStatements(PortailproDatabase directory) {
        this.directory = directory;
    }

    void reset() {
        directory.queryLong("SELECT count(*) FROM (SELECT pg_stat_statements_reset()) r");
    }

    /** Statements on the directory relation since the last {@link #reset}. */
    int count() {
        return (int) directory.queryLong("SELECT coalesce(sum(calls), 0) FROM pg_stat_statements"
                + " WHERE query ILIKE '%portailpro_account%' AND query NOT ILIKE '%pg_stat_statements%'");
    }
}
