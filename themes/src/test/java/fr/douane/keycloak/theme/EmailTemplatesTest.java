package fr.douane.keycloak.theme;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateNumberModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailTemplatesTest {

    private static final String LINK = "https://connexion.example.test/realms/douane/login-actions/action-token?key=abc.def&client_id=portail";
    private static final String XSS_NAME = "<script>alert('x')</script>";
    private static final String XSS_ID = "\"><img src=x onerror=alert(1)>";

    private final ThemeRenderer email = new ThemeRenderer("email");

    /** A stand-in for Keycloak's LinkExpirationFormatterMethod (minutes in, text out). */
    private static final TemplateMethodModelEx FORMATTER_STUB = args -> {
        long minutes = ((TemplateNumberModel) args.get(0)).getAsNumber().longValue();
        return minutes % 60 == 0 ? (minutes / 60) + " h" : minutes + " min";
    };

    private Map<String, Object> model(String lang, String firstName, String lastName, String identifiant) {
        Map<String, Object> m = email.baseModel(lang);
        Map<String, Object> user = new HashMap<>();
        user.put("firstName", firstName);
        user.put("lastName", lastName);
        user.put("username", identifiant);
        m.put("user", user);
        m.put("locale", Locale.forLanguageTag(lang));
        m.put("ltr", true);
        m.put("realmName", "douane");
        m.put("link", LINK);
        m.put("linkExpiration", 1440);
        m.put("linkExpirationFormatter", FORMATTER_STUB);
        m.put("identifiant", identifiant);
        m.put("sharedEmail", false);
        m.put("loginUrl", "https://connexion.example.test/realms/douane/account");
        m.put("resetUrl", "https://connexion.example.test/realms/douane/login-actions/reset-credentials");
        m.put("changedAt", "28/11/2026 à 12:00");
        Properties messages = email.messages(lang);
        m.put("subject", messages.getProperty("douaneResetLinkSubject"));
        return m;
    }

    /** The wording checks read the HTML the way a mail client shows it (apostrophes are escaped). */
    private static String readable(String out) {
        return out.replace("&#39;", "'");
    }

    @Test
    void subjectsAreTheSeedOnes() {
        assertThat(email.messages("fr").getProperty("douaneResetLinkSubject")).isEqualTo("Réinitialisation mot de passe");
        assertThat(email.messages("fr").getProperty("douanePasswordChangedSubject")).isEqualTo("Votre mot de passe douane.gouv.fr a été modifié");
        assertThat(email.messages("en").getProperty("douaneResetLinkSubject")).isEqualTo("Password reset");
        assertThat(email.messages("en").getProperty("douanePasswordChangedSubject")).isEqualTo("Your douane.gouv.fr password has been changed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"html/douane-reset-link.ftl", "text/douane-reset-link.ftl"})
    void resetLinkFrench(String template) {
        String out = readable(email.render(template, model("fr", "Jean", "Dupont", "jdupont")));
        assertThat(out)
                .contains("Bonjour Jean Dupont,")
                .contains("Nous avons bien reçu votre demande de réinitialisation du mot de passe")
                .contains("Ce lien est valable 24 heures.")
                .contains("L’équipe douane.gouv.fr")
                .contains("Ceci est un message automatique, merci de ne pas y répondre.")
                .contains("Ne répondez jamais à un courriel vous demandant vos coordonnées bancaires")
                .contains("jdupont")
                .doesNotContain("1 jour")
                .doesNotContain("douaneMail");
        if (template.startsWith("html/")) {
            assertThat(out).contains("href=\"" + LINK.replace("&", "&amp;") + "\"")
                    .contains("<html lang=\"fr\"")
                    .contains("color:#ce0500")
                    .contains("République<br>Française");
        } else {
            assertThat(out).contains(LINK).doesNotContain("&amp;").doesNotContain("<p");
        }
    }

    /** As in the procedure's mail, the address itself is readable under the button, written once, escaped. */
    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void theHtmlPartShowsTheFullAddressUnderTheButton(String lang) {
        String html = email.render("html/douane-reset-link.ftl", model(lang, "Jean", "Dupont", "jdupont"));
        String escaped = LINK.replace("&", "&amp;");
        int button = html.indexOf("<a href=\"" + escaped + "\"");
        int address = html.indexOf(">" + escaped + "</p>");
        assertThat(button).as("button").isPositive();
        assertThat(address).as("address as text").isGreaterThan(button);
        assertThat(html.substring(button, address)).contains(email.messages(lang).getProperty("douaneMailResetButton"));
        // Three copies in the whole mail (button, address, text part): never a fourth, the mail must stay in one write.
        assertThat(html.split(java.util.regex.Pattern.quote(escaped), -1)).hasSize(3);
        assertThat(html).doesNotContain("href=\"https://www.douane.gouv.fr/\"");
        assertThat(html.substring(address - 80, address)).contains("word-break:break-all");
    }

    @ParameterizedTest
    @ValueSource(strings = {"html/douane-reset-link.ftl", "text/douane-reset-link.ftl"})
    void resetLinkEnglish(String template) {
        String out = email.render(template, model("en", "Jane", "Doe", "jdoe"));
        assertThat(out)
                .contains("Hello Jane Doe,")
                .contains("This link is valid for 24 hours.")
                .contains("The douane.gouv.fr team")
                .contains("This is an automated message, please do not reply.")
                .contains("Never answer an email asking for your bank details")
                .doesNotContain("douaneMail");
    }

    @ParameterizedTest
    @ValueSource(strings = {"html/douane-reset-link.ftl", "text/douane-reset-link.ftl"})
    void validityFollowsTheRealLifespan(String template) {
        Map<String, Object> m = model("fr", "Jean", "Dupont", "jdupont");
        m.put("linkExpiration", 5);
        assertThat(email.render(template, m)).contains("Ce lien est valable 5 minutes.");
        m.put("linkExpiration", 60);
        assertThat(email.render(template, m)).contains("Ce lien est valable 1 heure.");
        m.put("linkExpiration", 2880);
        assertThat(email.render(template, m)).contains("Ce lien est valable 48 heures.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"html/douane-reset-link.ftl", "text/douane-reset-link.ftl"})
    void sharedEmailHasNoLink(String template) {
        for (String lang : new String[] {"fr", "en"}) {
            Map<String, Object> m = model(lang, "Jean", "Dupont", "jdupont");
            m.put("sharedEmail", true);
            String out = readable(email.render(template, m));
            assertThat(out).doesNotContain("action-token").doesNotContain("key=abc");
            assertThat(out).contains(lang.equals("fr") ? "«\u00A0Identifiant\u00A0»" : "“Username”");
            assertThat(out).contains(lang.equals("fr") ? "L’équipe douane.gouv.fr" : "The douane.gouv.fr team");
        }
    }

    @Test
    void writesPreviews() throws java.io.IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("target/theme-preview");
        java.nio.file.Files.createDirectories(dir);
        for (String lang : new String[] {"fr", "en"}) {
            for (String name : new String[] {"douane-reset-link", "douane-password-changed"}) {
                Map<String, Object> m = model(lang, "Jean", "Dupont", "jdupont");
                java.nio.file.Files.writeString(dir.resolve("mail-" + name + "-" + lang + ".html"), email.render("html/" + name + ".ftl", m));
                java.nio.file.Files.writeString(dir.resolve("mail-" + name + "-" + lang + ".txt"), email.render("text/" + name + ".ftl", m));
            }
        }
    }

    @Test
    void greetingWithoutName() {
        String out = email.render("html/douane-reset-link.ftl", model("fr", null, "", "jdupont"));
        assertThat(out).contains("Bonjour,");
        assertThat(email.render("text/douane-reset-link.ftl", model("fr", null, null, "jdupont"))).contains("Bonjour,");
    }

    @ParameterizedTest
    @ValueSource(strings = {"html/douane-reset-link.ftl", "html/douane-password-changed.ftl", "html/password-reset.ftl",
            "html/executeActions.ftl", "html/email-verification.ftl"})
    void userValuesAreEscapedInHtml(String template) {
        Map<String, Object> m = model("fr", XSS_NAME, XSS_ID, XSS_ID);
        m.put("changedAt", XSS_NAME);
        m.put("requiredActions", java.util.List.of("UPDATE_PASSWORD"));
        String out = email.render(template, m);
        assertThat(out).doesNotContain("<script>").doesNotContain("<img src=x");
        assertThat(out).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        if (template.contains("douane-")) {
            assertThat(out).contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void passwordChanged(String lang) {
        Map<String, Object> m = model(lang, "Jean", "Dupont", "jdupont");
        String html = readable(email.render("html/douane-password-changed.ftl", m));
        String text = email.render("text/douane-password-changed.ftl", m);
        for (String out : new String[] {html, text}) {
            assertThat(out).contains("jdupont").contains("28/11/2026").doesNotContain("douaneMail");
            if (lang.equals("fr")) {
                assertThat(out).contains("Le mot de passe de votre compte douane.gouv.fr a été modifié")
                        .contains("réinitialisez immédiatement votre mot de passe")
                        .contains("L’équipe douane.gouv.fr")
                        .contains("Ceci est un message automatique, merci de ne pas y répondre.");
            } else {
                assertThat(out).contains("The password of your douane.gouv.fr account has been changed")
                        .contains("The douane.gouv.fr team");
            }
        }
        assertThat(html).contains("https://connexion.example.test/realms/douane/account");
        assertThat(text).contains("https://connexion.example.test/realms/douane/login-actions/reset-credentials");
    }

    @ParameterizedTest
    @ValueSource(strings = {"password-reset.ftl", "executeActions.ftl", "email-verification.ftl"})
    void stockMailsUseTheDouaneLayout(String name) {
        for (String lang : new String[] {"fr", "en"}) {
            Map<String, Object> m = model(lang, "Jean", "Dupont", "jdupont");
            m.put("requiredActions", java.util.List.of("UPDATE_PASSWORD", "VERIFY_EMAIL"));
            String html = email.render("html/" + name, m);
            String text = email.render("text/" + name, m);
            assertThat(html).contains("href=\"" + LINK.replace("&", "&amp;") + "\"").contains("République<br>Française");
            assertThat(text).contains(LINK);
            assertThat(html + text).contains(lang.equals("fr") ? "24 heures" : "24 hours").doesNotContain("douaneMail");
        }
    }
}
