package fr.douane.keycloak.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The unpacked Keycloak distribution ({@code org.keycloak:keycloak-quarkus-dist}, under target/)
 * made ready for a run: the pack installed, the realm export waiting in data/import, one-shot
 * kc.sh commands ({@code build}, {@code import}), and copies of it for the nodes of a cluster.
 */
public final class KeycloakDistribution {

    private KeycloakDistribution() {
    }

    /** The distribution the build unpacked; fails when it is not there. */
    public static Path home() {
        Path home = Paths.keycloakDist();
        if (!Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("Keycloak distribution not found at " + home + " (run the build: mvn verify)");
        }
        return home;
    }

    /**
     * Installs the pack (and the tests-only providers when the build names them), wipes the dev
     * database so that every run imports the realm afresh, and puts the realm export as shipped
     * into data/import for {@code --import-realm}.
     */
    public static Path prepareSingleNode() throws IOException {
        Path home = home();
        LocalFiles.installPack(home);
        LocalFiles.installTestProviders(home);
        LocalFiles.deleteTree(home.resolve("data/h2"));
        Path imports = home.resolve("data/import");
        LocalFiles.deleteTree(imports);
        Files.createDirectories(imports);
        Files.copy(Paths.realmExport(), imports.resolve("douane-realm.json"), StandardCopyOption.REPLACE_EXISTING);
        return home;
    }

    /**
     * Runs a one-shot kc.sh command ({@code build}, {@code import}) in {@code home} with the
     * bootstrap admin in its environment, and fails with the end of its output if it fails.
     */
    public static void kc(Path home, List<String> args, Map<String, String> env, String heap, Path log, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/kc.sh").toString());
        command.addAll(args);
        Process p = KeycloakServer.process(command, home, env, heap, log);
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout + "\n" + LocalFiles.tail(log, 60));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + "\n" + LocalFiles.tail(log, 60));
        }
    }

    /**
     * Copies the unpacked distribution (without its data/) to {@code target}, installs the pack
     * and runs {@code kc.sh build} there with {@code buildArgs}. Skipped when the copy was already
     * built from the same pack jar (repeated local runs).
     */
    public static void buildCopy(Path target, List<String> buildArgs, Path logDir) throws IOException, InterruptedException {
        Path packJar = Paths.packJar();
        Path marker = target.resolve("douane-cluster-build.txt");
        String stamp = packJar.getFileName() + " " + Files.size(packJar) + " " + Files.getLastModifiedTime(packJar).toMillis();
        if (Files.isRegularFile(marker) && Files.readString(marker).equals(stamp)) {
            return;
        }
        LocalFiles.deleteTree(target);
        copyTree(home(), target, false);
        LocalFiles.installPack(target);
        List<String> build = new ArrayList<>(List.of("build"));
        build.addAll(buildArgs);
        kc(target, build, Map.of(), "-Xms128m -Xmx512m", logDir.resolve("keycloak-cluster-build.log"), Duration.ofMinutes(5));
        Files.writeString(marker, stamp);
    }

    /**
     * A copy of the unpacked distribution (without its data/) at {@code target} with the pack
     * installed, for a server whose database must outlive restarts without touching the shared one.
     */
    public static void copy(Path target) throws IOException {
        LocalFiles.deleteTree(target);
        copyTree(home(), target, false);
        LocalFiles.installPack(target);
    }

    /** Another node's copy: the built one's files through hard links (no second build). */
    public static void linkCopy(Path built, Path target) throws IOException {
        LocalFiles.deleteTree(target);
        copyTree(built, target, true);
    }

    private static void copyTree(Path source, Path target, boolean hardLinks) throws IOException {
        Path data = source.resolve("data");
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : walk.filter(p -> !p.startsWith(data)).toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else if (hardLinks) {
                    try {
                        Files.createLink(to, p);
                    } catch (UnsupportedOperationException | IOException e) {
                        Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } else {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
