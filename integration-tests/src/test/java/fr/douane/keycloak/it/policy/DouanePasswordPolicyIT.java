package fr.douane.keycloak.it.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.douane.keycloak.it.harness.AdminApi;
import fr.douane.keycloak.it.harness.DouaneEnvironment;
import fr.douane.keycloak.it.harness.DouaneKeycloakExtension;
import fr.douane.keycloak.it.harness.MailServer;
import fr.douane.keycloak.it.harness.WebSession;
import fr.douane.keycloak.it.harness.WebSession.Page;
import fr.douane.keycloak.it.resetflow.ResetFlowFixture;
import org.junit.jupiter.api.Test;
import org.jsoup.nodes.Element;
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
        Page page = passwordOnTheResetPage(env, "fr", "policy-underscore", "Kxqmzw1_");
        String errors = page.document().select(".fr-message--error").text();
        assertThat(errors).isEqualTo("Le mot de passe ne respecte pas les règles suivantes : au moins un caractère spécial "
                + "(par exemple ! ? @ # $ % * € ; le caractère « underscore » _ n’est pas considéré comme un caractère spécial).");
    }

    /**
     * The reset page's checklist gets the realm's rules through the pack's password-rules SPI, each with the
     * sentence the error would show, in the page's language.
     */
    @Test
    void theResetPageGetsTheRulesInItsLanguage(DouaneEnvironment env) throws Exception {
        for (String language : List.of("fr", "en")) {
            Page form = resetPage(env, language, "policy-rules-" + language);
            Element script = form.document().getElementById("douane-password-rules");
            assertThat(script).as("rules on the %s page", language).isNotNull();
            JsonNode rules = new ObjectMapper().readTree(script.data());
            assertThat(rules.get("policy").asText()).isEqualTo("douane-passay");
            List<String> ids = new ArrayList<>();
            rules.get("rules").forEach(r -> ids.add(r.get("id").asText()));
            assertThat(ids).containsExactly("minLength", "maxLength", "invisible", "lower", "upper", "digit", "special",
                    "notUsername", "notEmail", "blocklist", "passwordHistory");
            JsonNode first = rules.get("rules").get(0);
            assertThat(first.get("params").get(0).asInt()).isEqualTo(8);
            assertThat(first.get("label").asText()).isEqualTo("fr".equals(language) ? "au moins 8 caractères" : "at least 8 characters");
            assertThat(rules.get("rules").get(9).get("serverOnly").asBoolean()).isTrue();
        }
    }

    /** The common-password list fetched by the build (npm), with the matcher's variants, on the real server. */
    @Test
    void aDecoratedCommonPasswordIsRefused(DouaneEnvironment env) {
        String id = env.admin().createLocalUser("policy-common-" + System.nanoTime(), "policy-common-" + System.nanoTime() + "@exemple.fr",
                "Policy", "Common", "Ancien-Mot2passe!");
        AdminApi.Response r = env.admin().put("/admin/realms/douane/users/" + id + "/reset-password",
                Map.of("type", "password", "value", "Dragon2024!", "temporary", false));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("The password does not meet the following rules: not be a common or easily guessed "
                + "password (even with capitals, digits or symbols added).");
        assertThat(env.admin().put("/admin/realms/douane/users/" + id + "/reset-password",
                Map.of("type", "password", "value", "Kxqmzw-2026!", "temporary", false)).status()).isEqualTo(204);
    }

    @Test
    void theAdminApiListsEveryUnmetRule(DouaneEnvironment env) {
        String id = env.admin().createLocalUser("policy-admin-" + System.nanoTime(), "policy-admin-" + System.nanoTime() + "@exemple.fr",
                "Policy", "Admin", "Ancien-Mot2passe!");
        AdminApi.Response r = env.admin().put("/admin/realms/douane/users/" + id + "/reset-password",
                Map.of("type", "password", "value", "abc", "temporary", false));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("The password does not meet the following rules: at least 8 characters; at least one "
                + "upper-case letter; at least one digit; at least one special character (for example !\u00A0?\u00A0@\u00A0#\u00A0$\u00A0%\u00A0*\u00A0€; "
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
                    "Le mot de passe ne respecte pas les règles suivantes\u00A0: au moins 8 caractères\u00A0; au moins une lettre "
                            + "majuscule\u00A0; au moins un chiffre\u00A0; au moins un caractère spécial (par exemple\u00A0!\u00A0?\u00A0@\u00A0#\u00A0$\u00A0%\u00A0*\u00A0€\u00A0; "
                            + "le caractère «\u00A0underscore\u00A0» _ n’est pas considéré comme un caractère spécial).");
        } finally {
            env.admin().put("/admin/realms/master", Map.of("internationalizationEnabled", i18nBefore));
        }
    }

    /**
     * The server option naming an extra word list (here the tests' own, see {@link DouaneEnvironment}) reaches
     * the policy: its words are refused with their variants, and the server info shows the file.
     */
    @Test
    void theServerOptionAddsTheAdminsWordList(DouaneEnvironment env) {
        String id = env.admin().createLocalUser("policy-extra-" + System.nanoTime(), "policy-extra-" + System.nanoTime() + "@exemple.fr",
                "Policy", "Extra", "Ancien-Mot2passe!");
        String word = DouaneEnvironment.EXTRA_BLOCKLIST_WORD;
        String decorated = Character.toUpperCase(word.charAt(0)) + word.substring(1) + "-2026!";
        AdminApi.Response r = env.admin().put("/admin/realms/douane/users/" + id + "/reset-password",
                Map.of("type", "password", "value", decorated, "temporary", false));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("not be a common or easily guessed password");
        JsonNode info = env.admin().get("/admin/serverinfo").json().path("providers").path("password-policy")
                .path("providers").path("douane-passay").path("operationalInfo");
        assertThat(info.path("blocklist-file").asText()).endsWith("douane-extra-blocklist.txt");
        assertThat(info.path("blocklist-file-words").asInt()).isEqualTo(1);
        assertThat(info.path("blocklist-common-words").asInt()).isGreaterThan(49_000);
    }

    private static Page weakPasswordOnTheResetPage(DouaneEnvironment env, String language, String prefix) {
        return passwordOnTheResetPage(env, language, prefix, "abc");
    }

    private static Page passwordOnTheResetPage(DouaneEnvironment env, String language, String prefix, String password) {
        String username = prefix + "-" + System.nanoTime();
        String address = address();
        WebSession holder = new ResetFlowFixture(env).visitor(address, language);
        Page form = resetPage(env, holder, address, language, username);
        Page result = holder.submit(form, "douane-reset-password-form",
                Map.of("username", username, "password-new", password, "password-confirm", password));
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.document().getElementById("douane-reset-password-form")).as("still on the reset page").isNotNull();
        return result;
    }

    private static Page resetPage(DouaneEnvironment env, String language, String prefix) {
        String address = address();
        return resetPage(env, new ResetFlowFixture(env).visitor(address, language), address, language, prefix + "-" + System.nanoTime());
    }

    /** A new local account, a reset link mailed to it, and the page the link opens, in the session's language. */
    private static Page resetPage(DouaneEnvironment env, WebSession holder, String address, String language, String username) {
        String email = username + "@exemple.fr";
        env.admin().createLocalUser(username, email, "Policy", "Test", "Ancien-Mot2passe!");
        WebSession asker = new ResetFlowFixture(env).visitor(address, language);
        Page forgot = new ResetFlowFixture(env).forgotPage(asker);
        int before = env.mail().messagesTo(email).size();
        asker.submit(forgot, "douane-reset-request-form", Map.of("douane-reset-mode", "username", "identifier", username));
        String link = MailServer.resetLink(env.mail().awaitMessageTo(email, before, 30_000)).orElseThrow();
        return holder.get(link);
    }

    private static String address() {
        return "127.9." + (System.nanoTime() % 200 + 1) + ".1";
    }
}
