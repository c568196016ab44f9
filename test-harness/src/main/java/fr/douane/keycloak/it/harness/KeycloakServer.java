package fr.douane.keycloak.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The real Keycloak distribution started as a child process on loopback, in one of the modes of
 * {@link KeycloakOptions} (dev, production over HTTPS, cluster node). Its output goes to a log
 * file, whose end is printed when the server does not come up (and by
 * {@link KeycloakUnderTest#tail} when a test fails). A shutdown hook stops it with the JVM.
 */
public final class KeycloakServer implements KeycloakUnderTest {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private final KeycloakOptions options;
    private final Process process;
    private final HttpClient http;

    private KeycloakServer(KeycloakOptions options, Process process) {
        this.options = options;
        this.process = process;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (options.tls != null) {
            builder.sslContext(options.tls.trust());
        }
        this.http = builder.build();
    }

    /**
     * Dev mode on {@code httpPort} with the pack, the tests-only providers when the build names
     * them, and the douane realm imported afresh; returns once the realm answers.
     *
     * @param env realm placeholders (SMTP, Portailpro JDBC) passed as environment variables
     */
    public static KeycloakServer start(int httpPort, Map<String, String> env, Duration timeout) {
        try {
            KeycloakDistribution.prepareSingleNode();
            java.nio.file.Files.createDirectories(KeycloakOptions.vaultDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return start(KeycloakOptions.dev(httpPort).env(env).readyWithin(timeout));
    }

    /**
     * Starts the server and waits until it is ready. A server that does not come up is stopped
     * before the failure is thrown, so that a second attempt does not find it holding the
     * distribution's database and ports.
     */
    public static KeycloakServer start(KeycloakOptions options) {
        KeycloakServer server = launch(options);
        try {
            server.awaitReady();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Starts the server without waiting (several cluster nodes start side by side). */
    public static KeycloakServer launch(KeycloakOptions options) {
        try {
            KeycloakServer server = new KeycloakServer(options,
                    process(options.command(), options.home, options.env, options.heap, options.log));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A kc.sh process in {@code home}, its output to {@code log}, with the bootstrap admin. */
    static Process process(List<String> command, Path home, Map<String, String> env, String heap, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().put("JAVA_OPTS_KC_HEAP", heap);
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Polls the readiness address of the mode until it answers 200, the process dies, or time runs out. */
    public void awaitReady() {
        Duration timeout = options.readyWithin;
        URI ready = options.readiness();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + " (" + options.log + ")\n" + tail(80));
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
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
        throw new IllegalStateException("Keycloak not ready within " + timeout + " (" + options.log + ")\n" + tail(80));
    }

    /** True when the tests-only clock provider (module test-providers) was installed. */
    @Override
    public boolean canMoveClock() {
        String jar = System.getProperty("test.providers.jar");
        return options.mode == KeycloakOptions.Mode.DEV && jar != null && !jar.isBlank();
    }

    /** Moves the server's clock by {@code seconds} (tests-only provider); 0 puts it back. */
    @Override
    public void setClockOffset(int seconds) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create(baseUrl() + "/realms/master/douane-test-clock/offset/" + seconds))
                    .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200 || !Integer.toString(seconds).equals(r.body().trim())) {
                throw new IllegalStateException("clock offset not set: " + r.statusCode() + " " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String baseUrl() {
        return options.baseUrl();
    }

    public int httpPort() {
        return options.port;
    }

    /** The server's file vault, see {@link KeycloakOptions#vaultDir()}. */
    public static Path vaultDir() {
        return KeycloakOptions.vaultDir();
    }

    /** The management interface ({@code /metrics}, {@code /health}). */
    public String managementUrl() {
        return "http://127.0.0.1:" + options.managementPort;
    }

    /** An HTTP client that reaches this server (over HTTPS: trusting its certificate only). */
    public HttpClient httpClient() {
        return http;
    }

    /** The Keycloak JVM itself (kc.sh runs it as a child): its CPU time is what benchmarks read. */
    public long javaPid() {
        return javaProcesses().mapToLong(ProcessHandle::pid).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Keycloak java process under kc.sh"));
    }

    private java.util.stream.Stream<ProcessHandle> javaProcesses() {
        return process.toHandle().descendants()
                .filter(h -> h.info().command().map(c -> c.endsWith("java")).orElse(false));
    }

    @Override
    public Path log() {
        return options.log;
    }

    /** The last lines of the server log. */
    @Override
    public String tail(int lines) {
        return LocalFiles.tail(options.log, lines);
    }

    /**
     * Kills the server as {@code kill -9} would: SIGKILL to the Keycloak JVM first, then to kc.sh.
     * kc.sh runs the JVM as its child, so killing the script alone would leave the JVM serving and
     * in its cluster. Nothing of the server runs after this: no shutdown hook, no goodbye to the
     * other nodes, whose failure detection has to notice. Returns once the JVM is gone.
     */
    public void kill() {
        List<ProcessHandle> jvms = javaProcesses().toList();
        if (jvms.isEmpty()) {
            throw new IllegalStateException("no Keycloak java process under kc.sh to kill (" + options.log + ")");
        }
        for (ProcessHandle jvm : jvms) {
            jvm.destroyForcibly();
        }
        try {
            for (ProcessHandle jvm : jvms) {
                jvm.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Keycloak JVM still running after SIGKILL (" + options.log + ")", e);
        }
    }

    /** True while the Keycloak JVM (or kc.sh before it has started it) runs. */
    public boolean isAlive() {
        return process.isAlive() || process.toHandle().descendants().anyMatch(ProcessHandle::isAlive);
    }

    @Override
    public void close() {
        LocalFiles.stop(process, Duration.ofSeconds(30));
    }
}
