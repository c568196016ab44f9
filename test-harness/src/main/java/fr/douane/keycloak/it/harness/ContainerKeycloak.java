package fr.douane.keycloak.it.harness;

import java.nio.file.Path;
import java.util.Map;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.Testcontainers;
import org.testcontainers.utility.MountableFile;

/**
 * The same server, as the official Keycloak image under Testcontainers, for machines that have a
 * Docker engine ({@code -Dkeycloak.target=testcontainers}). The SMTP server and the Portailpro
 * PostgreSQL stay on the host and are reached through Testcontainers' host gateway.
 */
public final class ContainerKeycloak implements KeycloakUnderTest {

    private final KeycloakContainer container;

    private ContainerKeycloak(KeycloakContainer container) {
        this.container = container;
    }

    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    public static ContainerKeycloak start(int smtpPort, int postgresPort, String jdbcUser, String jdbcPassword) {
        Testcontainers.exposeHostPorts(smtpPort, postgresPort);
        String host = "host.testcontainers.internal";
        KeycloakContainer container = new KeycloakContainer("keycloak/keycloak:" + Paths.keycloakVersion())
                .withAdminUsername(KeycloakServer.ADMIN_USER)
                .withAdminPassword(KeycloakServer.ADMIN_PASSWORD)
                .withCopyFileToContainer(MountableFile.forHostPath(Paths.packJar()), "/opt/keycloak/providers/douane-keycloak-pack.jar")
                .withCopyFileToContainer(MountableFile.forHostPath(Paths.realmExport()), "/opt/keycloak/data/import/douane-realm.json")
                .withEnv(Map.of(
                        "DOUANE_SMTP_HOST", host,
                        "DOUANE_SMTP_PORT", Integer.toString(smtpPort),
                        "PORTAILPRO_JDBC_URL", "jdbc:postgresql://" + host + ":" + postgresPort + "/postgres",
                        "PORTAILPRO_JDBC_USER", jdbcUser,
                        "PORTAILPRO_JDBC_PASSWORD", jdbcPassword,
                        DouaneEnvironment.NO_PERIODIC_SYNC.getKey(), DouaneEnvironment.NO_PERIODIC_SYNC.getValue()))
                .withAccessToHost(true);
        container.start();
        return new ContainerKeycloak(container);
    }

    @Override
    public String baseUrl() {
        return container.getAuthServerUrl().replaceAll("/$", "");
    }

    @Override
    public Path log() {
        return Path.of("container:" + container.getContainerId());
    }

    @Override
    public String tail(int lines) {
        String[] all = container.getLogs().split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    @Override
    public void close() {
        container.stop();
    }
}
