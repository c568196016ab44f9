package fr.douane.keycloak.it.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/** Small helpers shared by the servers the tests and benchmarks start (single node, cluster nodes, load bench). */
public final class LocalFiles {

    private LocalFiles() {
    }

    /** Deletes a folder and everything below it; nothing when it does not exist. */
    /**
     * Puts the pack jar of this build into the distribution's providers/ folder, replacing any
     * douane jar an earlier build left there (a stale jar would be loaded beside the new one).
     */
    public static void installPack(Path keycloakHome) throws IOException {
        Path providers = keycloakHome.resolve("providers");
        Files.createDirectories(providers);
        try (Stream<Path> old = Files.list(providers)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("douane-")).toList()) {
                Files.delete(p);
            }
        }
        Files.copy(Paths.packJar(), providers.resolve(Paths.packJar().getFileName()),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Installs the tests-only providers (a movable clock, module test-providers) when the build
     * names their jar ({@code test.providers.jar}, set for the integration tests only): the run
     * command and the benchmarks never get them.
     */
    public static void installTestProviders(Path keycloakHome) throws IOException {
        String jar = System.getProperty("test.providers.jar");
        if (jar == null || jar.isBlank()) {
            return;
        }
        Path source = Path.of(jar);
        Files.copy(source, keycloakHome.resolve("providers").resolve(source.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The last lines of a server log, or a line saying why there is none. */
    public static String tail(Path log, int lines) {
        try {
            java.util.List<String> all = Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log " + log + ": " + e.getMessage() + ")";
        }
    }

    /**
     * Stops a server process: TERM (kc.sh forwards it to its java child and waits), then, after the grace
     * period, kills the process and whatever it started.
     */
    public static void stop(Process process, java.time.Duration grace) {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps while polling a server; an interrupt ends the wait with an exception, flag kept. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
