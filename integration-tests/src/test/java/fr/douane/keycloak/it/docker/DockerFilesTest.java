package fr.douane.keycloak.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.douane.keycloak.it.harness.Paths;
import fr.douane.keycloak.it.install.RealmRedirects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs where this project is built, so the Docker files are checked against the
 * build instead of being run: the same Keycloak version as the pom, the jar the providers module
 * really produces, paths that exist, the realm's placeholders all supplied (and nothing
 * misspelt), health checks, and a fixed public hostname.
 */
class DockerFilesTest {

    private static final Path ROOT = Paths.projectRoot();
    private static final Path DOCKER = ROOT.resolve("docker");
    private static final String OFFICIAL_IMAGE = "keycloak/keycloak";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?}");

    private static Dockerfile dockerfile;
    private static Map<String, Object> compose;
    private static String keycloakVersion;
    private static String projectVersion;
    private static String packArtifactId;

    @BeforeAll
    static void read() throws Exception {
        dockerfile = Dockerfile.read(DOCKER.resolve("Dockerfile"));
        try (Reader reader = Files.newBufferedReader(DOCKER.resolve("compose.yaml"), StandardCharsets.UTF_8)) {
            compose = new Yaml().load(reader);
        }
        Document parent = pom(ROOT.resolve("pom.xml"));
        keycloakVersion = child(child(parent.getDocumentElement(), "properties"), "keycloak.version").getTextContent().trim();
        projectVersion = child(parent.getDocumentElement(), "version").getTextContent().trim();
        packArtifactId = child(pom(ROOT.resolve("providers/pom.xml")).getDocumentElement(), "artifactId").getTextContent().trim();
    }

    @Test
    void everyKeycloakImageIsTheOfficialOneAtThePomVersion() {
        assertThat(dockerfile.globalArgs()).containsEntry("KEYCLOAK_VERSION", keycloakVersion);
        List<String> keycloakImages = dockerfile.stages().stream().map(Dockerfile.Stage::image)
                .filter(image -> image.contains("keycloak")).toList();
        assertThat(keycloakImages).hasSizeGreaterThanOrEqualTo(2)
                .allMatch(image -> image.equals(OFFICIAL_IMAGE + ":${KEYCLOAK_VERSION}"));
        assertThat(dockerfile.last().image()).isEqualTo(OFFICIAL_IMAGE + ":${KEYCLOAK_VERSION}");
        Map<String, Object> build = map(service("keycloak").get("build"));
        assertThat(map(build.get("args"))).containsEntry("KEYCLOAK_VERSION", keycloakVersion);
    }

    @Test
    void theFirstStageBuildsThePackFromSourceAndTheKeycloakStageCopiesTheJarTheBuildProduces() throws IOException {
        Dockerfile.Stage pack = dockerfile.stages().get(0);
        assertThat(pack.all("RUN")).anyMatch(run -> run.matches("\\./mvnw\\b.*-pl providers\\b.*-am\\b.*\\bpackage\\b.*"));

        String producedJar = packArtifactId + "-" + projectVersion + ".jar";
        List<String> copies = dockerfile.stages().stream().flatMap(s -> s.all("COPY").stream())
                .filter(c -> c.startsWith("--from=" + pack.name() + " ")).toList();
        assertThat(copies).hasSize(1);
        String[] copy = copies.get(0).split("\\s+");
        String source = copy[1];
        assertThat(copy[2]).isEqualTo("/opt/keycloak/providers/");
        assertThat(source).startsWith("/src/providers/target/");
        PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + source.substring("/src/".length()));
        assertThat(glob.matches(Path.of("providers/target", producedJar))).as(source + " matches " + producedJar).isTrue();
        // The shade plugin keeps the unshaded jar as original-*.jar: the glob must not take it too.
        assertThat(glob.matches(Path.of("providers/target", "original-" + producedJar))).isFalse();
        // In the reactor (verify) the providers jar is built before this module's tests: then the
        // COPY must take exactly that jar among the files the build really left there.
        Path built = ROOT.resolve("providers/target");
        if (Files.isRegularFile(built.resolve(producedJar))) {
            try (var files = Files.list(built)) {
                List<String> matched = files.map(ROOT::relativize).filter(glob::matches).map(Path::toString).toList();
                assertThat(matched).as("jars the COPY takes from the real build").containsExactly("providers/target/" + producedJar);
            }
        }
    }

    @Test
    void theServerIsBuiltOnceWithPostgresAndHealthThenStartsOptimized() {
        Dockerfile.Stage build = dockerfile.stages().stream()
                .filter(s -> s.all("RUN").stream().anyMatch(r -> r.contains("kc.sh build"))).findFirst()
                .orElseThrow(() -> new AssertionError("no stage runs kc.sh build"));
        assertThat(build.env()).containsEntry("KC_DB", "postgres").containsEntry("KC_HEALTH_ENABLED", "true");
        assertThat(dockerfile.last().all("COPY")).anyMatch(c -> c.equals("--from=" + build.name() + " /opt/keycloak/ /opt/keycloak/"));
        assertThat(dockerfile.stages().indexOf(build)).isLessThan(dockerfile.stages().size() - 1);

        String entrypoint = String.join(" ", dockerfile.last().all("ENTRYPOINT"));
        String cmd = String.join(" ", dockerfile.last().all("CMD"));
        assertThat(entrypoint).contains("/opt/keycloak/bin/kc.sh");
        assertThat(cmd).contains("\"start\"").contains("\"--optimized\"").doesNotContain("start-dev");
    }

    @Test
    void theRealmAndSeedFilesTheDockerFilesReferExist() {
        List<String> realmCopies = dockerfile.last().all("COPY").stream().filter(c -> !c.startsWith("--from")).toList();
        assertThat(realmCopies).containsExactly("realm-export/douane-realm.json /opt/keycloak/data/import/douane-realm.json");
        assertThat(ROOT.resolve("realm-export/douane-realm.json")).isRegularFile();

        Map<String, Object> build = map(service("keycloak").get("build"));
        Path context = DOCKER.resolve((String) build.get("context")).normalize();
        assertThat(context).isEqualTo(ROOT);
        assertThat(context.resolve((String) build.get("dockerfile"))).isEqualTo(DOCKER.resolve("Dockerfile"));

        List<String> seeds = new ArrayList<>();
        for (Object volume : list(service("portailpro-db").get("volumes"))) {
            String[] parts = volume.toString().split(":");
            assertThat(DOCKER.resolve(parts[0]).normalize()).as(volume.toString()).isRegularFile();
            assertThat(parts[1]).startsWith("/docker-entrypoint-initdb.d/");
            seeds.add(Path.of(parts[0]).getFileName().toString());
        }
        assertThat(seeds).containsExactly("01-schema.sql", "02-demo-seed.sql", "03-keycloak-reader.sql");
    }

    @Test
    void everyPlaceholderOfTheRealmIsSuppliedByComposeAndNoOtherVariableIsMeantForIt() throws IOException {
        Set<String> placeholders = realmPlaceholders();
        assertThat(placeholders).contains("DOUANE_SMTP_HOST", "PORTAILPRO_JDBC_URL", "PORTAILPRO_JDBC_PASSWORD");
        Set<String> supplied = map(service("keycloak").get("environment")).keySet().stream()
                .filter(name -> !name.startsWith("KC_")).collect(Collectors.toCollection(TreeSet::new));
        // Both ways: a missing one is imported as the literal "${...}"; an extra one is a typo.
        assertThat(supplied).isEqualTo(placeholders);
    }

    /**
     * No wildcard reaches a client's redirect URIs from the compose file either: every variable
     * that feeds a redirect or post-logout redirect URI of the realm, as compose sets it (its
     * {@code ${VAR:-default}} default included), is an exact URI.
     */
    @Test
    void theRedirectUrisComposeSuppliesHaveNoWildcard() throws IOException {
        JsonNode realm = new ObjectMapper().readTree(ROOT.resolve("realm-export/douane-realm.json").toFile());
        Set<String> redirectVariables = new TreeSet<>();
        for (String uri : RealmRedirects.of(realm)) {
            Matcher m = PLACEHOLDER.matcher(uri);
            while (m.find()) {
                redirectVariables.add(m.group(1));
            }
        }
        assertThat(redirectVariables).contains("DOUANE_PORTAL_REDIRECT_URI");
        Map<String, Object> env = map(service("keycloak").get("environment"));
        for (String name : redirectVariables) {
            assertThat(env).containsKey(name);
            assertThat(String.valueOf(env.get(name))).as(name + " in compose").doesNotContain("*")
                    .matches("\\$\\{" + name + ":-https?://[^}]+}|https?://.+");
        }
    }

    @Test
    void everyServiceHasAHealthCheckAndKeycloakWaitsForTheOthersToBeHealthy() {
        Map<String, Object> services = map(compose.get("services"));
        assertThat(services).containsKeys("keycloak", "keycloak-db", "portailpro-db", "mail");
        for (Map.Entry<String, Object> service : services.entrySet()) {
            Map<String, Object> healthcheck = map(map(service.getValue()).get("healthcheck"));
            assertThat(healthcheck).as(service.getKey() + " healthcheck").isNotNull();
            assertThat(list(healthcheck.get("test"))).as(service.getKey()).isNotEmpty();
        }
        Map<String, Object> dependsOn = map(service("keycloak").get("depends_on"));
        assertThat(dependsOn.keySet()).containsExactlyInAnyOrder("keycloak-db", "portailpro-db", "mail");
        dependsOn.values().forEach(d -> assertThat(map(d)).containsEntry("condition", "service_healthy"));
        String keycloakCheck = String.join(" ", list(map(service("keycloak").get("healthcheck")).get("test")).stream().map(Object::toString).toList());
        // The health endpoints live on the management port (9000) and exist only when built with health.
        assertThat(keycloakCheck).contains("/dev/tcp/127.0.0.1/9000").contains("/health/ready");
    }

    /** A rebuild next year gets the same images: no {@code latest}, no bare major version. */
    @Test
    void everyImageIsPinnedToAFullVersion() {
        Pattern pinned = Pattern.compile("[^:]+:(v?\\d+\\.\\d+\\.\\d+|\\d+\\.\\d+|\\d+\\.\\d+\\.\\d+_\\d+-[a-z]+)");
        List<String> images = new java.util.ArrayList<>();
        dockerfile.stages().stream().map(Dockerfile.Stage::image)
                .map(image -> image.replace("${KEYCLOAK_VERSION}", keycloakVersion)).forEach(images::add);
        map(compose.get("services")).values().stream().map(s -> map(s).get("image")).filter(java.util.Objects::nonNull)
                .map(Object::toString).forEach(images::add);
        assertThat(images).hasSizeGreaterThanOrEqualTo(6).allMatch(image -> pinned.matcher(image).matches(), "pinned");
    }

    @Test
    void theDatabasesAndTheMailCatcherAreTheOnesTheKeycloakServiceTalksTo() {
        Map<String, Object> env = map(service("keycloak").get("environment"));
        assertDatabase(env.get("KC_DB_URL"), env.get("KC_DB_USERNAME"), env.get("KC_DB_PASSWORD"));
        Map<String, Object> portailproEnv = map(service(databaseService(env.get("PORTAILPRO_JDBC_URL"))).get("environment"));
        assertDatabase(env.get("PORTAILPRO_JDBC_URL"), portailproEnv.get("POSTGRES_USER"), portailproEnv.get("POSTGRES_PASSWORD"));

        Map<String, Object> mail = service(env.get("DOUANE_SMTP_HOST").toString());
        assertThat(mail.get("image").toString()).startsWith("axllent/mailpit:");
        // Mailpit: SMTP on 1025, web inbox on 8025.
        assertThat(env.get("DOUANE_SMTP_PORT")).isEqualTo("1025");
        assertThat(list(mail.get("ports"))).anyMatch(p -> p.toString().startsWith("8025:8025"));
    }

    @Test
    void productionSettingsFixThePublicHostname() {
        Map<String, Object> env = map(service("keycloak").get("environment"));
        assertThat(env.get("KC_HOSTNAME").toString()).matches("\\$\\{KC_HOSTNAME(:-https?://[^}]+)?}|https?://.+");
        assertThat(env.get("KC_HOSTNAME_STRICT")).isEqualTo("true");
        assertThat(dockerfile.last().env()).containsEntry("KC_HOSTNAME_STRICT", "true");
        String everything = dockerfile.stages().stream().flatMap(s -> s.instructions().stream())
                .map(Dockerfile.Instruction::arguments).collect(Collectors.joining("\n"));
        assertThat(everything).doesNotContain("hostname-strict=false").doesNotContain("KC_HOSTNAME_STRICT=false");
    }

    /**
     * Keycloak reads the directory as the role the init script creates, which may SELECT the
     * directory relation and nothing else, with a password it takes from its file vault: the
     * compose secret the init script reads is the vault file {@code douane_<key>} of the realm's
     * {@code ${vault.<key>}}.
     */
    @Test
    void keycloakReadsTheDirectoryAsASelectOnlyRoleWhosePasswordComesFromTheVault() throws IOException {
        Map<String, Object> env = map(service("keycloak").get("environment"));
        String role = env.get("PORTAILPRO_JDBC_USER").toString();
        Map<String, Object> db = service(databaseService(env.get("PORTAILPRO_JDBC_URL")));
        assertThat(role).isNotEqualTo(map(db.get("environment")).get("POSTGRES_USER"));

        String script = Files.readString(DOCKER.resolve("portailpro/03-keycloak-reader.sql"), StandardCharsets.UTF_8)
                .replaceAll("(?m)--.*$", "");
        List<String> statements = java.util.Arrays.stream(script.split(";")).map(String::strip)
                .filter(st -> !st.isEmpty()).toList();
        assertThat(statements).anyMatch(st -> st.matches("(?s).*CREATE ROLE " + role + " LOGIN PASSWORD :'(\\w+)'"));
        assertThat(statements).noneMatch(st -> st.matches("(?is).*\\b(SUPERUSER|CREATEDB|CREATEROLE|BYPASSRLS|INHERIT)\\b.*"));
        List<String> grants = statements.stream().filter(st -> st.startsWith("GRANT")).toList();
        assertThat(grants).containsExactlyInAnyOrder("GRANT USAGE ON SCHEMA public TO " + role,
                "GRANT SELECT ON portailpro_account TO " + role);
        Matcher readsSecret = Pattern.compile("`cat /run/secrets/([\\w.-]+)`").matcher(script);
        assertThat(readsSecret.find()).as("the script reads the role's password from a secret file").isTrue();
        String secret = readsSecret.group(1);
        assertThat(list(db.get("secrets"))).contains(secret);

        Matcher vault = Pattern.compile("\\$\\$\\{vault\\.([\\w.-]+)}").matcher(env.get("PORTAILPRO_JDBC_PASSWORD").toString());
        assertThat(vault.matches()).as("PORTAILPRO_JDBC_PASSWORD is a vault reference, escaped for compose").isTrue();
        Map<String, String> mounted = keycloakSecrets();
        assertThat(mounted).containsEntry("douane_" + vault.group(1), secret);
        assertThat(env.get("KC_VAULT_DIR")).isEqualTo("/run/secrets");
        for (String source : mounted.values()) {
            Path file = DOCKER.resolve(map(map(compose.get("secrets")).get(source)).get("file").toString()).normalize();
            assertThat(file).as(source).isRegularFile();
        }
    }

    /** SMTP login and TLS are placeholders supplied by compose; the password is the vault's, mounted as a secret. */
    @Test
    void smtpLoginAndTlsArePlaceholdersAndItsPasswordIsAVaultSecret() throws IOException {
        JsonNode smtp = new ObjectMapper().readTree(ROOT.resolve("realm-export/douane-realm.json").toFile()).path("smtpServer");
        for (String key : List.of("auth", "user", "ssl", "starttls")) {
            assertThat(smtp.path(key).asText()).as("smtpServer." + key).matches("\\$\\{DOUANE_SMTP_[A-Z]+:[^}]*}");
        }
        Matcher vault = Pattern.compile("\\$\\{vault\\.([\\w.-]+)}").matcher(smtp.path("password").asText());
        assertThat(vault.matches()).as("smtpServer.password").isTrue();
        assertThat(keycloakSecrets()).containsKey("douane_" + vault.group(1));
    }

    /** Metrics and the vault are build options, fixed in the image; user-event metrics are on at run time. */
    @Test
    void theImageIsBuiltWithMetricsAndTheFileVaultAndRunsUserEventMetrics() {
        Dockerfile.Stage build = dockerfile.stages().stream()
                .filter(s -> s.all("RUN").stream().anyMatch(r -> r.contains("kc.sh build"))).findFirst().orElseThrow();
        assertThat(build.env()).containsEntry("KC_METRICS_ENABLED", "true").containsEntry("KC_VAULT", "file");
        assertThat(dockerfile.last().env()).containsEntry("KC_EVENT_METRICS_USER_ENABLED", "true");
        assertThat(dockerfile.last().all("EXPOSE").toString()).contains("9000");
    }

    /** target name (file in /run/secrets) to secret name, for the keycloak service. */
    private static Map<String, String> keycloakSecrets() {
        Map<String, String> mounted = new java.util.TreeMap<>();
        for (Object s : list(service("keycloak").get("secrets"))) {
            if (s instanceof Map<?, ?> m) {
                mounted.put(m.get("target").toString(), m.get("source").toString());
            } else {
                mounted.put(s.toString(), s.toString());
            }
        }
        return mounted;
    }

    private static String databaseService(Object jdbcUrl) {
        Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+):5432/(\\w+)").matcher(jdbcUrl.toString());
        assertThat(m.matches()).as(jdbcUrl.toString()).isTrue();
        return m.group(1);
    }

    private static void assertDatabase(Object jdbcUrl, Object user, Object password) {
        Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+):5432/(\\w+)").matcher(jdbcUrl.toString());
        assertThat(m.matches()).as(jdbcUrl.toString()).isTrue();
        Map<String, Object> db = service(m.group(1));
        assertThat(db.get("image").toString()).startsWith("postgres:");
        Map<String, Object> dbEnv = map(db.get("environment"));
        assertThat(dbEnv).containsEntry("POSTGRES_DB", m.group(2)).containsEntry("POSTGRES_USER", user)
                .containsEntry("POSTGRES_PASSWORD", password);
    }

    static Set<String> realmPlaceholders() throws IOException {
        Matcher m = PLACEHOLDER.matcher(Files.readString(ROOT.resolve("realm-export/douane-realm.json"), StandardCharsets.UTF_8));
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Map<String, Object> service(String name) {
        Map<String, Object> service = map(map(compose.get("services")).get(name));
        assertThat(service).as("compose service " + name).isNotNull();
        return service;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private static Document pom(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no <" + name + "> in <" + parent.getTagName() + ">");
    }
}
