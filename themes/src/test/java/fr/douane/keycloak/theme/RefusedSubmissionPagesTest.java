package fr.douane.keycloak.theme;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a keyboard or screen-reader user meets after a refused submission (the title starts with
 * "Erreur", the error summary takes the focus and links to each refused field, each field names its
 * error through aria-describedby) and the language switch, in the same order on every page.
 */
class RefusedSubmissionPagesTest {

    private final ThemeRenderer login = new ThemeRenderer("login");

    private Map<String, Object> model(String lang, FakeMessagesPerField fields) {
        Map<String, Object> m = login.baseModel(lang);
        m.put("lang", lang);
        m.put("pageId", "test");
        Map<String, Object> realm = new HashMap<>();
        realm.put("name", "douane");
        realm.put("password", true);
        realm.put("resetPasswordAllowed", true);
        realm.put("registrationAllowed", false);
        realm.put("rememberMe", false);
        realm.put("internationalizationEnabled", true);
        realm.put("loginWithEmailAllowed", true);
        realm.put("registrationEmailAsUsername", false);
        realm.put("duplicateEmailsAllowed", false);
        m.put("realm", realm);
        Map<String, Object> url = new HashMap<>();
        for (String k : List.of("loginAction", "loginUrl", "loginResetCredentialsUrl", "registrationUrl", "loginRestartFlowUrl",
                "logoutConfirmAction", "resourcesPath")) {
            url.put(k, "https://kc.test/" + k);
        }
        m.put("url", url);
        Map<String, Object> locale = new HashMap<>();
        locale.put("currentLanguageTag", lang);
        locale.put("rtl", false);
        // Keycloak sorts the languages by label: "English" before "Français" in both languages.
        locale.put("supported", List.of(
                Map.of("languageTag", "en", "label", "English", "url", "en.html"),
                Map.of("languageTag", "fr", "label", "Français", "url", "fr.html")));
        m.put("locale", locale);
        m.put("messagesPerField", fields);
        m.put("login", new HashMap<String, Object>());
        return m;
    }

    private Document render(String template, Map<String, Object> model) {
        return Jsoup.parse(login.render(template, model));
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({"douane-reset-password.ftl,fr,Erreur - ", "douane-reset-password.ftl,en,Error - ",
            "douane-reset-request.ftl,fr,Erreur - ", "login.ftl,fr,Erreur - ", "login-update-password.ftl,en,Error - "})
    void aRefusedSubmissionSaysErrorFirstInTheTitle(String template, String lang, String prefix) {
        FakeMessagesPerField fields = new FakeMessagesPerField().error("username", "a").error("identifier", "b")
                .error("password-new", "c").error("password", "c");
        assertThat(render(template, model(lang, fields)).title()).startsWith(prefix);
        assertThat(render(template, model(lang, new FakeMessagesPerField())).title()).doesNotStartWith(prefix.trim());
    }

    @Test
    void theErrorSummaryTakesTheFocusAndLinksToEachRefusedField() {
        FakeMessagesPerField fields = new FakeMessagesPerField()
                .error("username", "L’identifiant saisi ne correspond pas à ce lien de réinitialisation.")
                .error("password", "Le mot de passe ne respecte pas les règles suivantes\u00A0: au moins 8 caractères.");
        Document page = render("douane-reset-password.ftl", model("fr", fields));
        Element summary = page.getElementById("douane-error-summary");
        assertThat(summary).as("error summary").isNotNull();
        assertThat(summary.hasAttr("autofocus")).isTrue();
        assertThat(summary.attr("tabindex")).isEqualTo("-1");
        assertThat(summary.text()).startsWith("Le formulaire contient 2 erreurs");
        assertThat(summary.select("a").eachAttr("href")).containsExactly("#username", "#password-new");
        assertThat(summary.select("a").eachText()).containsExactly(
                "L’identifiant saisi ne correspond pas à ce lien de réinitialisation.",
                "Le mot de passe ne respecte pas les règles suivantes : au moins 8 caractères.");
        // The summary comes before every field, and no field competes for the focus.
        assertThat(page.select("[autofocus]")).containsExactly(summary);
        for (String id : List.of("username", "password-new")) {
            Element input = page.getElementById(id);
            assertThat(input.attr("aria-invalid")).isEqualTo("true");
            String describedBy = input.attr("aria-describedby");
            // Jsoup's text() reads a no-break space as a space.
            assertThat(List.of(describedBy.split(" ")).stream().map(page::getElementById)
                    .filter(e -> e != null && e.text().equals(
                            fields.get(id.equals("password-new") ? "password" : id).replace('\u00A0', ' '))))
                    .as("an element named by aria-describedby of #%s holds its error", id).hasSize(1);
        }
        assertThat(page.getElementById("password-confirm").hasAttr("aria-invalid")).isFalse();
    }

    @Test
    void withoutAnErrorTheFirstFieldKeepsTheFocus() {
        Document page = render("douane-reset-password.ftl", model("fr", new FakeMessagesPerField()));
        assertThat(page.getElementById("douane-error-summary")).isNull();
        assertThat(page.select("[autofocus]").eachAttr("id")).containsExactly("username");
    }

    @Test
    void aPageWideErrorTakesTheFocusWhenNoFieldIsRefused() {
        Map<String, Object> m = model("fr", new FakeMessagesPerField());
        m.put("message", Map.of("type", "error", "summary", "Le service est momentanément indisponible."));
        Document page = render("douane-reset-password.ftl", m);
        assertThat(page.title()).startsWith("Erreur - ");
        assertThat(page.select("[autofocus]").eachAttr("id")).containsExactly("douane-message");
        assertThat(page.getElementById("douane-message").attr("tabindex")).isEqualTo("-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"login.ftl", "douane-reset-request.ftl", "douane-reset-sent.ftl", "douane-reset-password.ftl",
            "error.ftl", "info.ftl", "login-update-password.ftl", "logout-confirm.ftl"})
    void theLanguageSwitchPutsFrenchFirstOnEveryPage(String template) {
        for (String lang : List.of("fr", "en")) {
            Map<String, Object> m = model(lang, new FakeMessagesPerField());
            m.put("logoutConfirm", Map.of("code", "c", "skipLink", true));
            Document page = render(template, m);
            assertThat(page.select("#douane-lang a").eachAttr("id")).as("%s in %s", template, lang)
                    .containsExactly("douane-lang-fr", "douane-lang-en");
        }
    }

    @Test
    void requiredActionsFollowTheColonOfTheLanguage() {
        for (String lang : List.of("fr", "en")) {
            Map<String, Object> m = model(lang, new FakeMessagesPerField());
            m.put("message", Map.of("type", "info", "summary", "Actions"));
            m.put("requiredActions", List.of("UPDATE_PASSWORD"));
            String html = login.render("info.ftl", m);
            Matcher colon = Pattern.compile("Actions(.?):").matcher(html);
            assertThat(colon.find()).isTrue();
            assertThat(colon.group(1)).isEqualTo(lang.equals("fr") ? "\u00A0" : "");
        }
    }
}
