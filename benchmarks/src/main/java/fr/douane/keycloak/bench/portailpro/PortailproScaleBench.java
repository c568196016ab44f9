package fr.douane.keycloak.bench.portailpro;

import java.util.Arrays;

import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.Ports;
import fr.douane.keycloak.it.harness.TestClient;

/**
 * The Portailpro federation at 100k and then 1M directory accounts, through the real Keycloak
 * 26.7.3, each figure against a local-user baseline measured in the same run, interleaved. Run
 * with {@code ./mvnw -Pbench-portailpro verify}; prints a ratio table with PASS/FAIL per target
 * and writes benchmarks/target/bench/portailpro-scale.csv.
 *
 * <ul>
 *   <li>{@link LookupTimings}: lookup by email, Portailpro cache miss and hit against local users.</li>
 *   <li>{@link PageTimings}: admin search page 500 against page 1.</li>
 *   <li>{@link LoginTimings}: password login throughput, Portailpro against local users.</li>
 *   <li>Directory statements per operation, counted exactly ({@link DirectoryStatements}).</li>
 * </ul>
 */
public final class PortailproScaleBench {

    private PortailproScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        int[] scales = Arrays.stream(System.getProperty("bench.scales", "100000,1000000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        int lookups = Integer.getInteger("bench.lookups", 150);
        int pages = Integer.getInteger("bench.pages", 25);
        int blocks = Integer.getInteger("bench.login-blocks", 10);
        int blockSeconds = Integer.getInteger("bench.login-block-seconds", 10);
        try (DouaneEnvironment env = DouaneEnvironment.start(Ports.free(), Ports.free(), Ports.free(), true)) {
            TestClient.ensure(env.admin()); // the direct-grant client of the login blocks
            AdminApi admin = env.admin().reusingToken();
            BenchAccounts accounts = new BenchAccounts(env, admin);
            ScaleReport report = new ScaleReport();
            ScaleRun run = new ScaleRun(admin, accounts, new DirectoryStatements(env.portailpro()), report);
            LoginTimings loginTimings = new LoginTimings(run, env.keycloak().realmUrl());
            accounts.prepare();
            for (int n : scales) {
                accounts.seed(n);
                LookupTimings.run(run, n, lookups);
                PageTimings.run(run, n, pages);
                loginTimings.run(n, blocks, blockSeconds);
            }
            report.print();
        }
    }
}
