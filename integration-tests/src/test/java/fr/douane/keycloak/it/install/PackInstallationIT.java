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
            "storage, douane-portailpro"})
    void everyProviderOfThePackReportsTheBuiltVersionInTheServerInfo(String spi, String id, DouaneEnvironment env) {
        JsonNode info = env.admin().get("/admin/serverinfo").json();
        JsonNode provider = info.path("providers").path(spi).path("providers").path(id);
        assertThat(provider.isMissingNode()).as(spi + "/" + id + " installed").isFalse();
        assertThat(provider.path("operationalInfo").path("Implementation-Version").asText())
                .isEqualTo(System.getProperty("project.version"));
    }

    @Test
    void theRealmExportBindsTheDouaneParts(DouaneEnvironment env) {
        JsonNode realm = env.admin().get("/admin/realms/douane").json();
        assertThat(realm.get("loginTheme").asText()).isEqualTo("douane");
        assertThat(realm.get("emailTheme").asText()).isEqualTo("douane");
        assertThat(realm.get("defaultLocale").asText()).isEqualTo("fr");
        assertThat(realm.get("resetCredentialsFlow").asText()).isEqualTo("douane reset credentials");
        assertThat(realm.get("browserFlow").asText()).isEqualTo("browser");
        assertThat(realm.get("bruteForceProtected").asBoolean()).isTrue();
        assertThat(realm.path("attributes").path("actionTokenGeneratedByUserLifespan.reset-credentials").asText()).isEqualTo("86400");
        JsonNode components = env.admin().get("/admin/realms/douane/components?type=org.keycloak.storage.UserStorageProvider").json();
        assertThat(components.findValuesAsText("providerId")).contains("douane-portailpro");
    }
}
