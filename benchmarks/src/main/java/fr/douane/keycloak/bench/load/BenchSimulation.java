package fr.douane.keycloak.bench.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.Simulation;

/**
 * The one Gatling simulation class: Gatling instantiates it by name for each block, and it runs
 * the block the driver ({@link LoadBench}) put in {@link #current}. The users all start at once
 * and loop (closed model: a fixed number of users, each starting its next operation when the last
 * one ended, no think time), or, for a block that names an arrival rate, an open model (that many
 * new users a second, each running the operation once). Connections are shared between users, as a pool of keep-alive
 * connections behind a reverse proxy would be, so that TLS handshakes do not weigh on the figures.
 */
public final class BenchSimulation extends Simulation {

    static volatile Block current;
    static volatile long keycloakPid;
    static volatile String baseUrl;

    private final Block block = current;

    public BenchSimulation() {
        setUp(block.scenario.apply(block).injectOpen(block.arrivalsPerSecond > 0
                        ? constantUsersPerSec(block.arrivalsPerSecond).during(block.duration)
                        : atOnceUsers(block.users)))
                .protocols(http.baseUrl(baseUrl)
                        .acceptHeader("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                        .acceptLanguageHeader("fr")
                        .userAgentHeader("douane-load-bench")
                        .shareConnections())
                .maxDuration(block.duration.plusSeconds(180));
    }

    @Override
    public void before() {
        block.begin(keycloakPid);
    }

    @Override
    public void after() {
        block.end(keycloakPid);
    }
}
