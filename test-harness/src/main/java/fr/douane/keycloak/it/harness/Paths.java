package fr.douane.keycloak.it.harness;

import java.nio.file.Path;

/** Where the build put things; set by failsafe (and by the run profile) as system properties. */
public final class Paths {

    private Paths() {
    }

    public static Path projectRoot() {
        return Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    }

    public static Path buildDir() {
        return Path.of(System.getProperty("build.dir", "target")).toAbsolutePath().normalize();
    }

    public static Path keycloakDist() {
        String version = keycloakVersion();
        return Path.of(System.getProperty("keycloak.dist.dir", buildDir().resolve("keycloak-" + version).toString()));
    }

    public static String keycloakVersion() {
        return System.getProperty("keycloak.version", "26.7.3");
    }

    public static Path packJar() {
        return Path.of(System.getProperty("pack.jar"));
    }

    public static Path realmExport() {
        return projectRoot().resolve("realm-export/douane-realm.json");
    }

    public static Path portailproSql(String name) {
        return projectRoot().resolve("docker/portailpro").resolve(name);
    }

    public static Path screenshots() {
        return buildDir().resolve("screenshots");
    }
}
