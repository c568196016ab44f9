package fr.douane.keycloak.bench.portailpro;

import fr.douane.keycloak.it.harness.AdminApi;

/** What every measurement of the run works with: the admin API, the accounts, the statement counter, the report. */
record ScaleRun(AdminApi admin, BenchAccounts accounts, DirectoryStatements statements, ScaleReport report) {
}
