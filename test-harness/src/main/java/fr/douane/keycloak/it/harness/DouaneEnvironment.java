package fr.douane.keycloak.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything a test of the pack talks to: the Portailpro PostgreSQL, the SMTP server, and the
 * Keycloak 26.7.3 distribution with the pack and the douane realm. Started once per test run by
 * {@link DouaneKeycloakExtension}, or by {@link LocalRun} for a person.
 */
public final class DouaneEnvironment implements AutoCloseable {

    private final PortailproDatabase portailpro;
    private final DirectoryLink directoryLink;
    private final MailServer mail;
    private final KeycloakUnderTest keycloak;
    private final AdminApi admin;
    private final long keycloakStartMillis;
    private final Map<String, String> realmEnv;

    /**
     * A word the server refuses through the password policy's server option (an extra word list,
     * docs/password-policy.md), which the tests set to a list of their own.
     */
    public static final String EXTRA_BLOCKLIST_WORD = "gabelou";
    static final String EXTRA_BLOCKLIST_ENV = "KC_SPI_PASSWORD_POLICY__DOUANE_PASSAY__BLOCKLIST_FILE";

    private DouaneEnvironment(PortailproDatabase portailpro, DirectoryLink directoryLink, MailServer mail,
                              KeycloakUnderTest keycloak, long keycloakStartMillis, Map<String, String> realmEnv) {
        this.realmEnv = realmEnv;
        this.portailpro = portailpro;
        this.directoryLink = directoryLink;
        this.mail = mail;
        this.keycloak = keycloak;
        this.admin = new AdminApi(keycloak.baseUrl());
        this.keycloakStartMillis = keycloakStartMillis;
    }

    public static DouaneEnvironment start(int keycloakPort, int smtpPort, int postgresPort) {
        return start(keycloakPort, smtpPort, postgresPort, false);
    }

    /** @param trackStatements Portailpro PostgreSQL with pg_stat_statements (benchmarks) */
    public static DouaneEnvironment start(int keycloakPort, int smtpPort, int postgresPort, boolean trackStatements) {
        PortailproDatabase portailpro = new PortailproDatabase(postgresPort, trackStatements);
        DirectoryLink link = new DirectoryLink(Ports.free(), portailpro.port());
        MailServer mail = new MailServer(smtpPort);
        long t0 = System.currentTimeMillis();
        Map<String, String> realmEnv = new HashMap<>(realmEnv(mail, portailpro.jdbcUrl(link.port())));
        // The demo client's exact redirect URI follows the port (the local run may move it off 8080).
        realmEnv.put("DOUANE_PORTAL_REDIRECT_URI", "http://localhost:" + keycloakPort + "/realms/douane/account/");
        Map<String, String> serverEnv = new HashMap<>(realmEnv);
        serverEnv.put(EXTRA_BLOCKLIST_ENV, extraBlocklist().toString());
        KeycloakServer keycloak;
        try {
            // About a minute on a quiet 2-core machine; several times that while other builds share it
            // (-Ddouane.it.start-timeout-seconds gives more).
            keycloak = KeycloakServer.start(keycloakPort, serverEnv,
                    Duration.ofSeconds(Long.getLong("douane.it.start-timeout-seconds", 480)));
        } catch (RuntimeException e) {
            // Nothing of a failed start stays up for the next attempt.
            link.close();
            mail.close();
            closeQuietly(portailpro, e);
            throw e;
        }
        long startMillis = System.currentTimeMillis() - t0;
        System.out.printf("[douane-it] Keycloak %s ready on %s in %d ms%n", Paths.keycloakVersion(), keycloak.baseUrl(), startMillis);
        return new DouaneEnvironment(portailpro, link, mail, keycloak, startMillis, realmEnv);
    }

    private static void closeQuietly(AutoCloseable resource, Exception failure) {
        try {
            resource.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    private static Path extraBlocklist() {
        Path file = Paths.buildDir().resolve("douane-extra-blocklist.txt");
        try {
            Files.writeString(file, "# words refused by the test server on top of the shipped lists\n" + EXTRA_BLOCKLIST_WORD + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * Values for the realm file's ${ENV} placeholders: SMTP and the Portailpro directory on
     * loopback, the directory reached at {@code portailproJdbcUrl}, and no periodic Portailpro
     * synchronisation ({@link #NO_PERIODIC_SYNC}).
     */
    public static Map<String, String> realmEnv(MailServer mail, String portailproJdbcUrl) {
        return Map.of(
                "DOUANE_SMTP_HOST", "127.0.0.1",
                "DOUANE_SMTP_PORT", Integer.toString(mail.port()),
                "PORTAILPRO_JDBC_URL", portailproJdbcUrl,
                "PORTAILPRO_JDBC_USER", PortailproDatabase.USER,
                "PORTAILPRO_JDBC_PASSWORD", PortailproDatabase.PASSWORD,
                NO_PERIODIC_SYNC.getKey(), NO_PERIODIC_SYNC.getValue());
    }

    /**
     * The shipped realm synchronises changed Portailpro accounts every minute. Servers started by
     * the tests and benchmarks do not: tests trigger synchronisations themselves and count what
     * each one added, updated and removed, which a run of the timer in between would take from
     * them. The test that proves the periodic path switches it on for itself.
     */
    public static final Map.Entry<String, String> NO_PERIODIC_SYNC = Map.entry("DOUANE_PORTAILPRO_CHANGED_SYNC_SECONDS", "-1");

    /** The same services, with Keycloak as the official image under Testcontainers (needs Docker). */
    public static DouaneEnvironment startWithContainer() {
        PortailproDatabase portailpro = new PortailproDatabase(Ports.free());
        MailServer mail = new MailServer(Ports.free());
        long t0 = System.currentTimeMillis();
        KeycloakUnderTest keycloak = ContainerKeycloak.start(mail.port(), portailpro.port(),
                PortailproDatabase.USER, PortailproDatabase.PASSWORD);
        String host = "host.testcontainers.internal";
        Map<String, String> realmEnv = Map.of(
                "DOUANE_SMTP_HOST", host,
                "DOUANE_SMTP_PORT", Integer.toString(mail.port()),
                "PORTAILPRO_JDBC_URL", "jdbc:postgresql://" + host + ":" + portailpro.port() + "/postgres",
                "PORTAILPRO_JDBC_USER", PortailproDatabase.USER,
                "PORTAILPRO_JDBC_PASSWORD", PortailproDatabase.PASSWORD,
                NO_PERIODIC_SYNC.getKey(), NO_PERIODIC_SYNC.getValue());
        return new DouaneEnvironment(portailpro, null, mail, keycloak, System.currentTimeMillis() - t0, realmEnv);
    }

    public PortailproDatabase portailpro() {
        return portailpro;
    }

    /**
     * The link Keycloak reaches the directory through, to make it refuse or hang; null under
     * Testcontainers (the container reaches the database directly).
     */
    public DirectoryLink directoryLink() {
        return directoryLink;
    }

    public MailServer mail() {
        return mail;
    }

    public KeycloakUnderTest keycloak() {
        return keycloak;
    }

    public AdminApi admin() {
        return admin;
    }

    /** The environment the realm was imported with (its ${ENV} placeholders). */
    public Map<String, String> realmEnv() {
        return realmEnv;
    }

    public long keycloakStartMillis() {
        return keycloakStartMillis;
    }

    @Override
    public void close() throws Exception {
        keycloak.close();
        if (directoryLink != null) {
            directoryLink.close();
        }
        mail.close();
        portailpro.close();
    }
}
