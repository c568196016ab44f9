package fr.douane.keycloak.it.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.douane.keycloak.it.harness.Paths;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * No Kubernetes cluster runs where this project is built, so the Operator manifests of deploy/kubernetes
 * are checked against what the build makes instead: the image docker/Dockerfile builds (its name, the
 * pack's version, the options baked in), the realm export (the realm import is generated from it, every
 * placeholder supplied), and the secrets they name.
 */
class KubernetesManifestsTest {

    private static final Path ROOT = Paths.projectRoot();
    private static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
    private static final String OPERATOR_API = "k8s.keycloak.org/v2alpha1";

    private static Map<String, Object> keycloak;
    private static Map<String, Object> serviceMonitor;
    private static Map<String, Object> realmImport;
    private static Map<String, Map<String, Object>> secrets;
    private static Dockerfile dockerfile;

    @BeforeAll
    static void read() throws IOException {
        List<Map<String, Object>> resources = documents(KUBERNETES.resolve("keycloak.yaml"));
        keycloak = kind(resources, "Keycloak");
        serviceMonitor = kind(resources, "ServiceMonitor");
        Path generated = ROOT.resolve("target/kubernetes/douane-realm-import.yaml");
        assertThat(generated).as("written by the root project's build (./mvnw -N generate-resources)").isRegularFile();
        realmImport = kind(documents(generated), "KeycloakRealmImport");
        secrets = new HashMap<>();
        for (Map<String, Object> secret : documents(KUBERNETES.resolve("secrets.example.yaml"))) {
            secrets.put(map(secret.get("metadata")).get("name").toString(), map(secret.get("stringData")));
        }
        dockerfile = Dockerfile.read(ROOT.resolve("docker/Dockerfile"));
    }

    @Test
    void theKeycloakRunsTwoOptimizedInstancesOfThePacksImageAtItsVersion() {
        assertThat(keycloak.get("apiVersion")).isEqualTo(OPERATOR_API);
        Map<String, Object> spec = spec(keycloak);
        assertThat(spec.get("instances")).isEqualTo(2);
        String image = spec.get("image").toString();
        // README builds the image as douane-keycloak; the tag is the pack's version, never latest.
        assertThat(image).endsWith("/douane-keycloak:" + System.getProperty("project.version"));
        // The image ran kc.sh build: starting optimized is what makes it start without a build.
        assertThat(dockerfile.stages()).anyMatch(s -> s.all("RUN").stream().anyMatch(r -> r.contains("kc.sh build")));
        assertThat(spec.get("startOptimized")).isEqualTo(true);
    }

    @Test
    void theDatabaseHealthAndMetricsAreTheOnesTheImageWasBuiltWith() {
        Map<String, String> built = dockerfile.stages().stream()
                .filter(s -> s.all("RUN").stream().anyMatch(r -> r.contains("kc.sh build")))
                .findFirst().orElseThrow().env();
        Map<String, Object> db = map(spec(keycloak).get("db"));
        assertThat(db.get("vendor")).isEqualTo(built.get("KC_DB"));
        Map<String, String> options = new HashMap<>();
        for (Object option : list(spec(keycloak).get("additionalOptions"))) {
            options.put(map(option).get("name").toString(), String.valueOf(map(option).get("value")));
        }
        assertThat(options).containsEntry("health-enabled", built.get("KC_HEALTH_ENABLED"))
                .containsEntry("metrics-enabled", built.get("KC_METRICS_ENABLED"));
        assertThat(built.get("KC_HEALTH_ENABLED")).isEqualTo("true");
        assertThat(built.get("KC_METRICS_ENABLED")).isEqualTo("true");
    }

    @Test
    void thePublicUrlIsFixedServedOverHttpsAndTheProxyHeadersAreRead() {
        Map<String, Object> spec = spec(keycloak);
        Map<String, Object> hostname = map(spec.get("hostname"));
        assertThat(hostname.get("hostname").toString()).startsWith("https://");
        assertThat(hostname.get("strict")).isEqualTo(true);
        Map<String, Object> http = map(spec.get("http"));
        assertThat(http.get("tlsSecret")).isNotNull();
        assertThat(http.get("httpEnabled")).isNotEqualTo(true);
        // The per-address limit of the reset flow reads X-Forwarded-For (README, reverse proxy).
        assertThat(map(spec.get("proxy")).get("headers")).isEqualTo("xforwarded");
    }

    @Test
    void prometheusScrapesTheManagementPortOfThisKeycloak() {
        Map<String, Object> spec = spec(serviceMonitor);
        Map<String, Object> endpoint = map(list(spec.get("endpoints")).get(0));
        assertThat(endpoint).containsEntry("port", "management").containsEntry("path", "/metrics")
                .containsEntry("scheme", "https");
        assertThat(map(map(spec.get("selector")).get("matchLabels")))
                .containsEntry("app.kubernetes.io/instance", name(keycloak));
        String publicHost = URI.create(map(spec(keycloak).get("hostname")).get("hostname").toString()).getHost();
        assertThat(map(endpoint.get("tlsConfig"))).containsEntry("serverName", publicHost)
                .containsEntry("insecureSkipVerify", false);
    }

    @Test
    void theRealmImportIsTheRealmExportForThisKeycloak() throws IOException {
        assertThat(realmImport.get("apiVersion")).isEqualTo(OPERATOR_API);
        Map<String, Object> spec = spec(realmImport);
        assertThat(spec.get("keycloakCRName")).isEqualTo(name(keycloak));
        Object exported = new ObjectMapper().readValue(ROOT.resolve("realm-export/douane-realm.json").toFile(), Map.class);
        assertThat(spec.get("realm")).isEqualTo(exported);
    }

    @Test
    void everyPlaceholderOfTheRealmComesFromASecretThatHasIt() throws IOException {
        Map<String, Object> placeholders = map(spec(realmImport).get("placeholders"));
        assertThat(new TreeSet<>(placeholders.keySet())).isEqualTo(DockerFilesTest.realmPlaceholders());
        placeholders.forEach((placeholder, source) -> assertSecretHas(map(map(source).get("secret"))));
    }

    @Test
    void everySecretTheKeycloakNamesIsInTheExample() {
        Map<String, Object> db = map(spec(keycloak).get("db"));
        assertSecretHas(map(db.get("usernameSecret")));
        assertSecretHas(map(db.get("passwordSecret")));
        Map<String, Object> tls = secrets.get(map(spec(keycloak).get("http")).get("tlsSecret").toString());
        assertThat(tls).as("TLS secret").containsKeys("tls.crt", "tls.key");
        Set<String> names = new TreeSet<>(secrets.keySet());
        assertThat(names).contains("douane-keycloak-db", "douane-realm-settings");
    }

    /** Each ${vault.key} the realm or its settings name is a file of the vault secret, mounted where the vault is read. */
    @Test
    void everyVaultEntryTheRealmNamesIsInTheMountedVaultSecret() throws IOException {
        String vaultDir = null;
        for (Object option : list(spec(keycloak).get("additionalOptions"))) {
            if ("vault-dir".equals(map(option).get("name"))) {
                vaultDir = map(option).get("value").toString();
            }
        }
        assertThat(vaultDir).as("vault-dir option").isNotNull();
        Map<String, Object> pod = map(map(map(spec(keycloak).get("unsupported")).get("podTemplate")).get("spec"));
        Map<String, Object> mount = map(list(map(list(pod.get("containers")).get(0)).get("volumeMounts")).get(0));
        assertThat(mount.get("mountPath")).isEqualTo(vaultDir);
        Map<String, Object> volume = map(list(pod.get("volumes")).get(0));
        assertThat(volume.get("name")).isEqualTo(mount.get("name"));
        Map<String, Object> vault = secrets.get(map(volume.get("secret")).get("secretName").toString());
        assertThat(vault).as("vault secret").isNotNull();

        String realm = Files.readString(ROOT.resolve("realm-export/douane-realm.json"), StandardCharsets.UTF_8)
                + secrets.get("douane-realm-settings").values();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{vault\\.([^}]+)}").matcher(realm);
        Set<String> keys = new TreeSet<>();
        while (m.find()) {
            keys.add("douane_" + m.group(1));
        }
        assertThat(keys).contains("douane_smtp-password", "douane_portailpro-password");
        assertThat(vault).containsKeys(keys.toArray(String[]::new));
    }

    private static void assertSecretHas(Map<String, Object> reference) {
        String secret = reference.get("name").toString();
        assertThat(secrets).as("secret " + secret + " in secrets.example.yaml").containsKey(secret);
        assertThat(secrets.get(secret)).as("key of " + secret).containsKey(reference.get("key").toString());
    }

    private static List<Map<String, Object>> documents(Path file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Object document : new Yaml().loadAll(reader)) {
                documents.add(map(document));
            }
        }
        return documents;
    }

    private static Map<String, Object> kind(List<Map<String, Object>> resources, String kind) {
        return resources.stream().filter(r -> kind.equals(r.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    private static Map<String, Object> spec(Map<String, Object> resource) {
        return map(resource.get("spec"));
    }

    private static String name(Map<String, Object> resource) {
        return map(resource.get("metadata")).get("name").toString();
    }

    private static Map<String, Object> map(Object o) {
        return DockerFilesTest.map(o);
    }

    private static List<Object> list(Object o) {
        return DockerFilesTest.list(o);
    }
}
