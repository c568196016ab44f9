package fr.douane.keycloak.it.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.MailServer;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.harness.WebSession.Page;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The douane-passay policy on the real server: the realm export selects it, and every unmet rule
 * is reported at once on the reset page (French and English) and through the admin REST API.
 */
@ExtendWith(DouaneKeycloakExtension.class)
class DouanePasswordPolicyIT {

    @Test
    void theRealmUsesTheDouanePolicy(DouaneEnvironment env) {
        String policy = env.admin().get("/admin/realms/douane").json().get("passwordPolicy").asText();
        assertThat(policy).contains("douane-passay");
    }

    @Test
    void theResetPageListsEveryUnmetRuleInFrenchAndInEnglish(DouaneEnvironment env) {
        Page fr = weakPasswordOnTheResetPage(env, "fr", "policy-fr");
        assertThat(fr.text()).contains("Le mot de passe ne respecte pas les règles suivantes")
                .contains("au moins 8 caractères").contains("au moins une lettre majuscule")
                .contains("au moins un chiffre").contains("au moins un caractère spécial");

        Page en = weakPasswordOnTheResetPage(env, "en", "policy-en");
        assertThat(en.text()).contains("The password does not meet the following rules")
                .contains("at least 8 characters").contains("at least one special character");
    }

    @Test
    void underscoreIsNotASpecialCharacterOnTheResetPage(DouaneEnvironment env) {
        Page page = passwordOnTheResetPage(env, "fr", "policy-underscore", "Abcdef1_");
        String errors = page.document().select(".fr-message--error, .fr-alert--error").text();
        assertThat(errors).contains("au moins un caractère spécial").doesNotContain("au moins 8 caractères")
                .doesNotContain("majuscule").doesNotContain("chiffre");
    }

    @Test
    void theAdminApiListsEveryUnmetRule(DouaneEnvironment env) {
        String id = env.admin().createLocalUser("policy-admin-" + System.nanoTime(), "policy-admin-" + System.nanoTime() + "@exemple.fr",
                "Policy", "Admin", "Ancien-Mot2passe!");
        AdminApi.Response r = env.admin().put("/admin/realms/douane/users/" + id + "/reset-password",
                Map.of("type", "password", "value", "abc", "temporary", false));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("The password does not meet the following rules: at least 8 characters; at least one "
                + "upper-case letter; at least one digit; at least one special character (for example ! ? @ # $ % * €; "
                + "the underscore _ does not count as a special character).");
    }

    /**
     * The admin REST API formats the error with the language of the admin's token ({@code locale} claim): an
     * admin whose account is in French reads the list in French. (The harness's admin-cli token is lightweight
     * and carries no locale, hence a client and an admin of their own.)
     */
    @Test
    void theAdminApiAnswersInTheAdminsLanguage(DouaneEnvironment env) throws Exception {
        // Keycloak puts the locale claim in tokens only when the admin's realm has internationalization on.
        com.fasterxml.jackson.databind.JsonNode master = env.admin().get("/admin/realms/master").json();
        boolean i18nBefore = master.path("internationalizationEnabled").asBoolean(false);
        env.admin().put("/admin/realms/master", Map.of("internationalizationEnabled", true,
                "supportedLocales", java.util.List.of("en", "fr"), "defaultLocale", "en"));
        try {
            long n = System.nanoTime();
            String clientId = "douane-it-admin-fr-" + n;
            assertThat(env.admin().post("/admin/realms/master/clients", Map.of("clientId", clientId, "publicClient", true,
                    "directAccessGrantsEnabled", true, "standardFlowEnabled", false)).status()).isEqualTo(201);
            String adminName = "admin-fr-" + n;
            assertThat(env.admin().post("/admin/realms/master/users", Map.of("username", adminName, "enabled", true,
                    "email", adminName + "@exemple.fr", "firstName", "Admin", "lastName", "Francophone", "emailVerified", true,
                    "attributes", Map.of("locale", java.util.List.of("fr")),
                    "credentials", java.util.List.of(Map.of("type", "password", "value", "Adm1n-Fr!" + n, "temporary", false))))
                    .status()).isEqualTo(201);
            String adminId = env.admin().get("/admin/realms/master/users?exact=true&username=" + adminName).json().get(0).get("id").asText();
            Object adminRole = env.admin().get("/admin/realms/master/roles/admin").json();
            assertThat(env.admin().post("/admin/realms/master/users/" + adminId + "/role-mappings/realm", java.util.List.of(adminRole))
                    .status()).isEqualTo(204);
            String token = env.admin().passwordGrant("master", clientId, adminName, "Adm1n-Fr!" + n);
            String claims = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(claims).as("the admin's token carries the locale").contains("\"locale\":\"fr\"");

            String id = env.admin().createLocalUser("policy-admin-fr-" + n, "policy-admin-fr-" + n + "@exemple.fr",
                    "Policy", "Admin", "Ancien-Mot2passe!");
            AdminApi.Response r = env.admin().put("/admin/realms/douane/users/" + id + "/reset-password",
                    Map.of("type", "password", "value", "abc", "temporary", false), token);
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.body()).contains(
                    "Le mot de passe ne respecte pas les règles suivantes : au moins 8 caractères ; au moins une lettre "
                            + "majuscule ; au moins un chiffre ; au moins un caractère spécial (par exemple ! ? @ # $ % * € ; "
                            + "le caractère « underscore » _ n’est pas considéré comme un caractère spécial).");
        } finally {
            env.admin().put("/admin/realms/master", Map.of("internationalizationEnabled", i18nBefore));
        }
    }

    private static Page weakPasswordOnTheResetPage(DouaneEnvironment env, String language, String prefix) {
        return passwordOnTheResetPage(env, language, prefix, "abc");
    }

    private static Page passwordOnTheResetPage(DouaneEnvironment env, String language, String prefix, String password) {
        String username = prefix + "-" + System.nanoTime();
        String email = username + "@exemple.fr";
        env.admin().createLocalUser(username, email, "Policy", "Test", "Ancien-Mot2passe!");
        String address = "127.9." + (System.nanoTime() % 200 + 1) + ".1";
        WebSession asker = new WebSession(address, language);
        Page forgot = new ResetFlowFixture(env).forgotPage(asker);
        int before = env.mail().messagesTo(email).size();
        asker.submit(forgot, "douane-reset-request-form", Map.of("douane-reset-mode", "username", "identifier", username));
        String link = MailServer.resetLink(env.mail().awaitMessageTo(email, before, 30_000)).orElseThrow();
        WebSession holder = new WebSession(address, language);
        Page form = holder.get(link);
        Page result = holder.submit(form, "douane-reset-password-form",
                Map.of("username", username, "password-new", password, "password-confirm", password));
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.document().getElementById("douane-reset-password-form")).as("still on the reset page").isNotNull();
        return result;
    }
}
