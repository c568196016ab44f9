package fr.douane.keycloak.it.cluster;

import fr.douane.keycloak.it.harness.LocalFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import fr.douane.keycloak.it.harness.Ports;

/**
 * One node of a Keycloak cluster: its own copy of the distribution (built once for PostgreSQL,
 * then shared by hard links), started in production mode ({@code start --optimized}, so with
 * the clustered Infinispan caches; {@code start-dev} would force local ones) on loopback, with
 * its own HTTP, management and JGroups ports. Members find each other through the shared
 * database (Keycloak 26's default {@code jdbc-ping} stack).
 */
final class ClusterNode implements AutoCloseable {

    /** Infinispan logs every cluster view it installs: "ISPN000094: Received new cluster view ... (2) [a, b]". */
    private static final Pattern VIEW = Pattern.compile("ISPN000094: Received new cluster view for channel \\S+: \\[[^]]*] \\((\\d+)\\)");
    /** JGroups' FD_SOCK2 listens on the transport port + 50000: both must be free and below 65536. */
    private static final int FD_SOCK2_OFFSET = 50_000;

    private final String name;
    private final Path home;
    private final int httpPort;
    private final int managementPort;
    private final int jgroupsPort;
    private final Path log;
    private Process process;

    ClusterNode(String name, Path home, Path logDir) {
        this.name = name;
        this.home = home;
        this.httpPort = Ports.free();
        this.managementPort = Ports.free();
        this.jgroupsPort = freeTransportPort();
        this.log = logDir.resolve("keycloak-" + name + ".log");
    }

    /**
     * Copies the unpacked distribution (without its data/), installs the pack and runs
     * {@code kc.sh build} once for PostgreSQL with health checks. The build is skipped when the
     * copy was already built from the same pack jar (repeated local runs).
     */
    static void buildDistribution(Path source, Path target, Path packJar, Path logDir) throws IOException, InterruptedException {
        Path marker = target.resolve("douane-cluster-build.txt");
        String stamp = packJar.getFileName() + " " + Files.size(packJar) + " " + Files.getLastModifiedTime(packJar).toMillis();
        if (Files.isRegularFile(marker) && Files.readString(marker).equals(stamp)) {
            return;
        }
        LocalFiles.deleteTree(target);
        copyTree(source, target, false);
        Files.createDirectories(target.resolve("providers"));
        Files.copy(packJar, target.resolve("providers").resolve(packJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        run(List.of(target.resolve("bin/kc.sh").toString(), "build", "--db=postgres", "--health-enabled=true"),
                target, Map.of(), logDir.resolve("keycloak-cluster-build.log"), Duration.ofMinutes(5));
        Files.writeString(marker, stamp);
    }

    /** A second node shares the built distribution's files through hard links (no second build). */
    static void linkDistribution(Path built, Path target) throws IOException {
        LocalFiles.deleteTree(target);
        copyTree(built, target, true);
    }

    /** Runs a one-shot kc.sh command (build, import) and fails with its output if it fails. */
    static void run(List<String> command, Path home, Map<String, String> env, Path log, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx512m");
        Process p = builder.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout + "\n" + LocalFiles.tail(log, 60));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + "\n" + LocalFiles.tail(log, 60));
        }
    }

    /**
     * Starts the node. {@code publicUrl} is the one hostname every node is configured with (what
     * a load balancer would serve): links, form actions and token issuers are the same whichever
     * node builds them, and no node takes its host from a request header.
     *
     * @param proxyHeaders {@code --proxy-headers} value, or {@code null} for none: the node then
     *        takes the client address from the connection and ignores X-Forwarded-For and Forwarded
     */
    void start(String publicUrl, String proxyHeaders, Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                home.resolve("bin/kc.sh").toString(), "start", "--optimized",
                "--cache=ispn",
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + jgroupsPort,
                "--hostname=" + publicUrl,
                "--http-enabled=true",
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--db-pool-max-size=20",
                "--log-level=INFO,fr.douane:DEBUG"));
        if (proxyHeaders != null) {
            command.add("--proxy-headers=" + proxyHeaders);
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx640m");
        process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
    }

    /** Waits for /health/ready on the management port. */
    void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + name + " exited with " + process.exitValue() + "\n" + tail(80));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            LocalFiles.sleep(500);
        }
        throw new IllegalStateException("node " + name + " not ready within " + timeout + "\n" + tail(80));
    }

    /** Waits until the latest cluster view this node logged has {@code members} members. */
    void awaitClusterView(int members, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (clusterSize() == members) {
                return;
            }
            LocalFiles.sleep(250);
        }
        throw new IllegalStateException("node " + name + " never saw a " + members + "-member view\n" + tail(80));
    }

    /** Members in the latest cluster view of the log (0 before the first). */
    int clusterSize() {
        Matcher m = VIEW.matcher(logText());
        int size = 0;
        while (m.find()) {
            size = Integer.parseInt(m.group(1));
        }
        return size;
    }

    String name() {
        return name;
    }

    /** The node itself, for back-channel calls (admin API, token endpoint). */
    String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    int httpPort() {
        return httpPort;
    }

    int jgroupsPort() {
        return jgroupsPort;
    }

    /** The same URL with the public host replaced by this node: what the load balancer does. */
    URI route(URI uri, URI publicUrl) {
        if (publicUrl.getHost().equals(uri.getHost()) && publicUrl.getPort() == uri.getPort()) {
            return URI.create(uri.toString().replaceFirst("^http://[^/]+", "http://localhost:" + httpPort));
        }
        return uri;
    }

    String tail(int lines) {
        return LocalFiles.tail(log, lines);
    }

    Path log() {
        return log;
    }

    private String logText() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        LocalFiles.stop(process, Duration.ofSeconds(30));
    }

    private static int freeTransportPort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(7800, 15000);
            if (Ports.isFree(port) && Ports.isFree(port + FD_SOCK2_OFFSET)) {
                return port;
            }
        }
        throw new IllegalStateException("no free JGroups port pair");
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
