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

    /** True when {@link #setClockOffset} works (the tests-only clock provider is installed). */
    default boolean canMoveClock() {
        return false;
    }

    /** Moves the server's clock by {@code seconds}; 0 puts it back. */
    default void setClockOffset(int seconds) {
        throw new UnsupportedOperationException("this server has no movable clock");
    }

    @Override
    void close();
}
