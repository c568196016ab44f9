package fr.douane.keycloak.it.harness;

import java.nio.file.Path;

/** The Keycloak the tests talk to: the local distribution, or a Testcontainers container. */
public interface KeycloakUnderTest extends AutoCloseable {

    String baseUrl();

    default String realmUrl() {
        return baseUrl() + "/realms/douane";
    }

    /** Where the server's log is (a file, or a description for a container). */
    Path log();

    String tail(int lines);

    @Override
    void close();
}
