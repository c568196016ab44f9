package fr.douane.keycloak.it.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.douane.keycloak.it.harness.LocalFiles;
import fr.douane.keycloak.it.harness.Paths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What an admin receives with the drop-in jar, checked on the jar the build made: its checksum file, its
 * SBOM, the Maven metadata of the libraries shaded into it (what vulnerability scanners read), its licence,
 * and that a second build of the same sources gives the same bytes.
 */
class ReleaseArtifactsIT {

    private static final Duration REBUILD_TIMEOUT = Duration.ofMinutes(15);

    private final Path jar = Paths.packJar();

    @Test
    void theChecksumFileBesideTheJarHoldsItsSha256() throws IOException {
        Path sumFile = jar.resolveSibling(jar.getFileName() + ".sha256");
        assertThat(Files.readString(sumFile).strip())
                .isEqualTo(sha256(jar) + "  " + jar.getFileName());
    }

    @Test
    void theVersionIsARelease() {
        assertThat(System.getProperty("project.version")).doesNotContain("SNAPSHOT").matches("\\d+\\.\\d+\\.\\d+");
    }

    @ParameterizedTest(name = "{0}:{1}")
    @CsvSource({"org.passay, passay", "com.zaxxer, HikariCP", "org.postgresql, postgresql"})
    void eachShadedLibraryKeepsItsMavenMetadataAndIsInTheSbom(String group, String artifact) throws IOException {
        String version;
        try (JarFile file = new JarFile(jar.toFile())) {
            var entry = file.getJarEntry("META-INF/maven/" + group + "/" + artifact + "/pom.properties");
            assertThat(entry).as("Maven metadata of " + artifact + " in the jar").isNotNull();
            Properties properties = new Properties();
            try (InputStream in = file.getInputStream(entry)) {
                properties.load(in);
            }
            version = properties.getProperty("version");
        }
        JsonNode sbom = sbom();
        assertThat(sbom.path("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(sbom.path("metadata").path("component").path("name").asText()).isEqualTo("douane-keycloak-pack");
        List<String> listed = sbom.path("components").findValues("purl").stream().map(JsonNode::asText).toList();
        assertThat(listed).contains("pkg:maven/" + group + "/" + artifact + "@" + version + "?type=jar");
    }

    /** Keycloak's own jars are the server's: an SBOM that listed them would report what the pack does not ship. */
    @Test
    void theSbomListsNothingTheServerProvides() throws IOException {
        List<String> groups = sbom().path("components").findValues("group").stream().map(JsonNode::asText).toList();
        assertThat(groups).doesNotContain("org.keycloak", "org.jboss.logging", "jakarta.ws.rs");
    }

    @Test
    void theJarCarriesTheLicencesOfThePackAndOfWhatItBundles() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getJarEntry("META-INF/NOTICE")).isNotNull();
            // BSD-2-Clause: binary copies carry the driver's licence.
            assertThat(file.getJarEntry("META-INF/licenses/org.postgresql/postgresql/LICENSE")).isNotNull();
            var entry = file.getJarEntry("META-INF/LICENSE");
            assertThat(entry).isNotNull();
            try (InputStream in = file.getInputStream(entry)) {
                assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                        .isEqualTo(Files.readString(Paths.projectRoot().resolve("LICENSE")));
            }
        }
    }

    /**
     * A copy of the sources (no build output) built again, offline, gives the very same jar: what an admin
     * or a distribution rebuilding the pack can check against the published SHA-256.
     */
    @Test
    void aSecondBuildOfTheSameSourcesGivesTheSameJar() throws Exception {
        Path copy = Paths.buildDir().resolve("rebuild");
        LocalFiles.deleteTree(copy);
        copySources(Paths.projectRoot(), copy);
        Path log = Paths.buildDir().resolve("rebuild.log");
        Process build = new ProcessBuilder(copy.resolve("mvnw").toString(), "-B", "-o",
                "-pl", "build-support/keycloak-storage-spi,themes,providers", "package", "-DskipTests")
                .directory(copy.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean done = build.waitFor(REBUILD_TIMEOUT.toMinutes(), TimeUnit.MINUTES);
        if (!done) {
            build.destroyForcibly();
        }
        assertThat(done && build.exitValue() == 0).as("second build succeeded, see " + log).isTrue();
        Path rebuilt = copy.resolve("providers/target").resolve(jar.getFileName());
        assertThat(sha256(rebuilt)).as("SHA-256 of the rebuilt jar").isEqualTo(sha256(jar));
    }

    private static final Set<String> NOT_SOURCES = Set.of("target", "node_modules", ".git");

    private static void copySources(Path from, Path to) throws IOException {
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path source : (Iterable<Path>) tree::iterator) {
                Path relative = from.relativize(source);
                boolean skipped = false;
                for (Path part : relative) {
                    skipped |= NOT_SOURCES.contains(part.toString());
                }
                if (skipped) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** The CycloneDX Maven plugin does not run offline ({@code -o}): build online to get the SBOM. */
    private JsonNode sbom() throws IOException {
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", ".cdx.json");
        return new ObjectMapper().readTree(jar.resolveSibling(name).toFile());
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
