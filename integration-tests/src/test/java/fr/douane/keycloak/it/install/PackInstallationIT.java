package fr.douane.keycloak.it.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one jar installed into the real Keycloak, and the realm export it comes with. */
@ExtendWith(DouaneKeycloakExtension.class)
class PackInstallationIT {

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({
            "authenticator, douane-reset-request",
            "authenticator, douane-reset-password",
            "actionTokenHandler, douane-reset-credentials",
            "password-policy, douane-passay",
            "storage, douane-portailpro",
            "localeSelector, douane-locale-selector",
            "eventsListener, douane-reset-metrics"})
    void everyProviderOfThePackReportsTheBuiltVersionInTheServerInfo(String spi, String id, DouaneEnvironment env) {
        JsonNode info = env.admin().get("/admin/serverinfo").json();
        JsonNode provider = info.path("providers").path(spi).path("providers").path(id);
        assertThat(provider.isMissingNode()).as(spi + "/" + id + " installed").isFalse();
        assertThat(provider.path("operationalInfo").path("Implementation-Version").asText())
                .isEqualTo(System.getProperty("project.version"));
    }

    /** Each setting the realm export carries, as the server holds it after --import-realm. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"themes", "locales", "resetFlow", "passwordPolicy", "resetLinkLifespan", "bruteForce", "smtp",
            "portailproComponent", "demoClient"})
    void theImportedRealmCarriesEverySettingOfTheExport(String setting, DouaneEnvironment env) throws Throwable {
        RealmExportChecks checks = new RealmExportChecks(env.admin(), env.realmEnv());
        try {
            RealmExportChecks.class.getMethod(setting).invoke(checks);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * The startup upgrade marks a freshly imported realm with the jar's version and finds nothing
     * else to change: the realm export and what Keycloak makes of it are the same settings.
     */
    @Test
    void aFreshImportIsMarkedWithThePacksVersionAndNeedsNoUpgrade(DouaneEnvironment env) throws java.io.IOException {
        JsonNode realm = env.admin().get("/admin/realms/douane").json();
        assertThat(realm.path("attributes").path("douanePackVersion").asText()).isEqualTo(System.getProperty("project.version"));
        String log = java.nio.file.Files.readString(env.keycloak().log(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(log.lines().filter(l -> l.contains("douane pack upgrade:")).toList())
                .singleElement().asString().contains("douane pack upgrade: now at version " + System.getProperty("project.version"));
    }

    @Test
    void theRealmExportLeavesTheOtherFlowsAtKeycloaksDefaults(DouaneEnvironment env) {
        JsonNode realm = env.admin().get("/admin/realms/douane").json();
        assertThat(realm.get("browserFlow").asText()).isEqualTo("browser");
        assertThat(realm.get("registrationFlow").asText()).isEqualTo("registration");
    }
}
