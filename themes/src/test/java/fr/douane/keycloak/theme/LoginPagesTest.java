package fr.douane.keycloak.theme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders the login pages with fake Keycloak attributes: the ids, names and texts the pack's
 * authenticators and the Selenium tests rely on, escaping, and the accessibility wiring.
 * Each rendering is also written to target/theme-preview/ (with the DSFR from target/classes) so a
 * page can be opened or screenshotted without a Keycloak server.
 */
class LoginPagesTest {

    private static final String XSS = "\"><script>alert(1)</script>";
    private static final Path PREVIEW = Path.of("target/theme-preview");

    private final ThemeRenderer login = new ThemeRenderer("login");

    private Map<String, Object> model(String lang) {
        Map<String, Object> m = login.baseModel(lang);
        Properties messages = login.messages(lang);
        m.put("lang", lang);
        m.put("pageId", "test");

        Map<String, Object> realm = new HashMap<>();
        realm.put("name", "douane");
        realm.put("displayName", "douane");
        realm.put("password", true);
        realm.put("resetPasswordAllowed", true);
        realm.put("registrationAllowed", true);
        realm.put("rememberMe", false);
        realm.put("internationalizationEnabled", true);
        realm.put("loginWithEmailAllowed", true);
        realm.put("registrationEmailAsUsername", false);
        realm.put("duplicateEmailsAllowed", true);
        m.put("realm", realm);

        String resources = Path.of("target/classes/theme/douane/login/resources").toAbsolutePath().toUri().toString();
        Map<String, Object> url = new HashMap<>();
        url.put("loginAction", "https://kc.test/realms/douane/login-actions/authenticate?session_code=abc&execution=x");
        url.put("loginUrl", "https://kc.test/realms/douane/protocol/openid-connect/auth?client_id=portail");
        url.put("loginResetCredentialsUrl", "https://kc.test/realms/douane/login-actions/reset-credentials?client_id=portail");
        url.put("registrationUrl", "https://kc.test/realms/douane/login-actions/registration?client_id=portail");
        url.put("loginRestartFlowUrl", "https://kc.test/realms/douane/login-actions/restart");
        url.put("logoutConfirmAction", "https://kc.test/realms/douane/protocol/openid-connect/logout/logout-confirm");
        url.put("ssoLoginInOtherTabsUrl", "https://kc.test/realms/douane/login-actions/switch");
        url.put("resourcesPath", resources.endsWith("/") ? resources.substring(0, resources.length() - 1) : resources);
        m.put("url", url);

        Map<String, Object> locale = new HashMap<>();
        locale.put("current", messages.getProperty("locale_" + lang));
        locale.put("currentLanguageTag", lang);
        locale.put("rtl", false);
        locale.put("supported", List.of(
                Map.of("languageTag", "fr", "label", "Français", "url", "fr.html"),
                Map.of("languageTag", "en", "label", "English", "url", "en.html")));
        m.put("locale", locale);
        m.put("messagesPerField", new FakeMessagesPerField());
        m.put("login", new HashMap<String, Object>());
        return m;
    }

    private static Map<String, Object> message(String type, String summary) {
        return Map.of("type", type, "summary", summary);
    }

    private String render(String template, Map<String, Object> model, String previewName) throws IOException {
        String html = login.render(template, model);
        Files.createDirectories(PREVIEW);
        Files.writeString(PREVIEW.resolve(previewName + ".html"), html, StandardCharsets.UTF_8);
        return html;
    }

    private static String msg(ThemeRenderer r, String lang, String key) {
        return r.messages(lang).getProperty(key).replace("''", "'");
    }

    /** The opening tag of the element with this id. */
    private static String tag(String html, String id) {
        Matcher m = Pattern.compile("<[a-z]+[^>]*\\sid=\"" + Pattern.quote(id) + "\"[^>]*>", Pattern.DOTALL).matcher(html);
        assertThat(m.find()).as("element #%s", id).isTrue();
        return m.group();
    }

    @Test
    void loginFrenchContract() throws IOException {
        String html = render("login.ftl", model("fr"), "login-fr");
        assertThat(html).contains("<html lang=\"fr\"")
                .contains("République<br>Française")
                .contains("Douanes &amp; Droits Indirects")
                .contains("Le portail de la direction générale des douanes et droits indirects")
                .contains(">Accueil</a>").contains(">Authentification</a>")
                .contains("SE CONNECTER")
                .contains("<label class=\"fr-label\" for=\"username\">Identifiant (obligatoire)</label>")
                .contains("<label class=\"fr-label\" for=\"password\">Mot de passe (obligatoire)</label>")
                .contains(">MOT DE PASSE OUBLIÉ\u00A0?</a>")
                .contains(">ME CONNECTER</button>")
                .contains("PAS ENCORE DE COMPTE\u00A0?")
                .contains("Créez votre compte personnel")
                .contains("L’inscription sur douane.gouv.fr est nécessaire pour l’utilisation de vos services en ligne")
                .contains(">S’INSCRIRE</a>")
                .contains("id=\"footer\"");
        assertThat(tag(html, "username")).contains("name=\"username\"").contains("aria-describedby=\"username-messages\"");
        assertThat(tag(html, "password")).contains("name=\"password\"").contains("type=\"password\"");
        assertThat(tag(html, "douane-forgot-password"))
                .contains("href=\"https://kc.test/realms/douane/login-actions/reset-credentials?client_id=portail\"");
        assertThat(tag(html, "kc-login")).contains("type=\"submit\"");
        assertThat(tag(html, "kc-form-login")).contains("method=\"post\"")
                .contains("action=\"https://kc.test/realms/douane/login-actions/authenticate?session_code=abc&amp;execution=x\"");
        assertThat(tag(html, "douane-lang-en")).contains("hreflang=\"en\"");
        assertThat(tag(html, "douane-lang-fr")).contains("aria-current=\"true\"");
    }

    @Test
    void loginEnglish() throws IOException {
        String html = render("login.ftl", model("en"), "login-en");
        assertThat(html).contains("<html lang=\"en\"").contains("SIGN IN").contains("Username (required)")
                .contains("FORGOT YOUR PASSWORD?").contains("NO ACCOUNT YET?").contains(">Sign-in</a>");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> realmOf(Map<String, Object> model) {
        return (Map<String, Object>) model.get("realm");
    }

    private static String registerHref(String html) {
        Matcher m = Pattern.compile("href=\"([^\"]*)\"").matcher(tag(html, "douane-register"));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void registrationPanelIsShownByDefaultAndPointsAtTheThemeAddress() throws IOException {
        Map<String, Object> m = model("fr");
        realmOf(m).put("registrationAllowed", false);
        realmOf(m).put("resetPasswordAllowed", false);
        String html = render("login.ftl", m, "login-fr-registration-off");
        assertThat(html).contains("PAS ENCORE DE COMPTE\u00A0?").contains("Créez votre compte personnel").contains(">S’INSCRIRE</a>")
                .doesNotContain("douane-forgot-password");
        assertThat(tag(html, "douane-register-panel")).contains("aria-labelledby=\"douane-register-title\"");
        // theme.properties: ${env.DOUANE_REGISTRATION_URL:https://www.douane.gouv.fr/}
        assertThat(login.themeProperties().getProperty("douaneRegistrationUrl")).isEqualTo("https://www.douane.gouv.fr/");
        assertThat(registerHref(html)).isEqualTo("https://www.douane.gouv.fr/");
        assertThat(html).contains("<span class=\"fr-icon-account-circle-line fr-icon--lg douane-panel__icon\" aria-hidden=\"true\"></span>");
    }

    @Test
    void theRealmsOwnRegistrationComesBeforeTheThemeAddress() throws IOException {
        String html = render("login.ftl", model("fr"), "login-fr-registration-on");
        assertThat(registerHref(html)).isEqualTo("https://kc.test/realms/douane/login-actions/registration?client_id=portail");
        Map<String, Object> m = model("fr");
        m.put("registrationDisabled", true);
        assertThat(registerHref(render("login.ftl", m, "login-fr-registration-disabled"))).isEqualTo("https://www.douane.gouv.fr/");
    }

    @Test
    void aRealmAttributeOverridesTheAddressAndAnotherHidesThePanel() throws IOException {
        Map<String, Object> m = model("fr");
        realmOf(m).put("attributes", Map.of("douaneRegistrationUrl", " https://inscription.exemple.fr/compte?a=1&b=2 "));
        String html = render("login.ftl", m, "login-fr-registration-attribute");
        assertThat(registerHref(html)).isEqualTo("https://inscription.exemple.fr/compte?a=1&amp;b=2");

        realmOf(m).put("attributes", Map.of("douaneRegistrationUrl", "https://inscription.exemple.fr/",
                "douaneRegistrationPanelHidden", "TRUE"));
        assertThat(render("login.ftl", m, "login-fr-registration-hidden"))
                .doesNotContain("douane-register").doesNotContain("PAS ENCORE DE COMPTE");

        realmOf(m).put("attributes", Map.of("douaneRegistrationPanelHidden", "false"));
        assertThat(render("login.ftl", m, "login-fr-registration-not-hidden")).contains("id=\"douane-register-panel\"");
    }

    @Test
    void onlyWebAddressesBecomeTheRegistrationLink() throws IOException {
        Map<String, Object> m = model("fr");
        realmOf(m).put("registrationAllowed", false);
        realmOf(m).put("attributes", Map.of("douaneRegistrationUrl", "javascript:alert(1)"));
        String html = render("login.ftl", m, "login-fr-registration-script");
        assertThat(html).doesNotContain("javascript:");
        assertThat(registerHref(html)).isEqualTo("https://www.douane.gouv.fr/");
    }

    @Test
    void theUserIconOfThePanelIsShippedWhereTheDsfrStylesLookForIt() throws IOException {
        // The DSFR draws fr-icon-* as a CSS mask whose image is a file next to the utility stylesheet: a missing
        // file leaves a blank square, as a file:// preview does without --allow-file-access-from-files.
        Path css = Path.of("target/classes/theme/douane/login/resources/dsfr/utility/icons/icons.min.css");
        String icons = Files.readString(css, StandardCharsets.UTF_8);
        for (String icon : List.of("fr-icon-account-circle-line", "fr-icon-check-line")) {
            Matcher m = Pattern.compile("\\." + icon + "[^{]*\\{[^}]*url\\(\"?([^\")]+)\"?\\)").matcher(icons);
            assertThat(m.find()).as(icon + " in " + css).isTrue();
            assertThat(css.getParent().resolve(m.group(1)).normalize()).as(icon).isRegularFile();
        }
    }

    @Test
    void loginErrorIsTiedToTheFields() throws IOException {
        Map<String, Object> m = model("fr");
        m.put("messagesPerField", new FakeMessagesPerField().error("username", "Identifiant ou mot de passe incorrect."));
        m.put("message", message("error", "Identifiant ou mot de passe incorrect."));
        m.put("login", Map.of("username", XSS));
        String html = render("login.ftl", m, "login-fr-error");
        assertThat(html).doesNotContain("<script>alert(1)</script>").contains("&quot;&gt;&lt;script&gt;");
        assertThat(tag(html, "username")).contains("aria-invalid=\"true\"");
        assertThat(tag(html, "password")).contains("aria-describedby=\"input-error password-messages\"");
        assertThat(tag(html, "input-error")).contains("role=\"alert\"");
        assertThat(html).doesNotContain("id=\"douane-message\""); // not twice
    }

    @Test
    void loginSuccessAfterReset() throws IOException {
        Map<String, Object> m = model("fr");
        m.put("message", message("success", msg(login, "fr", "douanePasswordUpdated")));
        String html = render("login.ftl", m, "login-fr-success");
        assertThat(tag(html, "douane-message")).contains("fr-alert--success").contains("role=\"status\"");
        assertThat(html).contains("Votre mot de passe a été modifié. Vous pouvez maintenant vous connecter");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void resetRequest(String lang) throws IOException {
        Map<String, Object> m = model(lang);
        String html = render("douane-reset-request.ftl", m, "reset-request-" + lang);
        assertThat(tag(html, "douane-reset-request-form")).contains("method=\"post\"").contains("action=\"https://kc.test/");
        assertThat(tag(html, "douane-reset-mode-username")).contains("name=\"douane-reset-mode\"").contains("value=\"username\"").doesNotContain("checked");
        assertThat(tag(html, "douane-reset-mode-email")).contains("value=\"email\"").contains("checked");
        assertThat(tag(html, "identifier")).contains("name=\"identifier\"").contains("type=\"text\"");
        assertThat(tag(html, "douane-reset-submit")).contains("type=\"submit\"");
        assertThat(html).contains("<label class=\"fr-label\" for=\"identifier\"");
        if (lang.equals("fr")) {
            assertThat(html).contains("Vous avez oublié votre mot de passe")
                    .contains("Choisissez un des éléments pour réinitialiser votre mot de passe")
                    .contains(">Identifiant</label>").contains(">Courriel</label>")
                    .contains("Courrier électronique\u00A0:").contains("placeholder=\"exemple\u00A0: nom@moncourriel.fr\"")
                    .contains(">Réinitialiser</button>");
        }
    }

    @Test
    void resetRequestUsernameModeWithErrorAndXss() throws IOException {
        Map<String, Object> m = model("fr");
        m.put("resetMode", "username");
        m.put("identifier", XSS);
        m.put("messagesPerField", new FakeMessagesPerField().error("identifier", msg(login, "fr", "douaneResetIdentifierInvalid")));
        String html = render("douane-reset-request.ftl", m, "reset-request-fr-error");
        assertThat(tag(html, "douane-reset-mode-username")).contains("checked");
        assertThat(tag(html, "douane-reset-mode-email")).doesNotContain("checked");
        assertThat(tag(html, "identifier")).contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"")
                .contains("aria-invalid=\"true\"").contains("aria-describedby=\"identifier-messages\"").doesNotContain("placeholder=");
        assertThat(tag(html, "identifier-error")).contains("role=\"alert\"");
        assertThat(html).doesNotContain("<script>alert(1)</script>");
        // Both labels are there (no JavaScript needed); the email one is hidden server-side.
        assertThat(html).containsPattern("douane-mode-label--email\" hidden>Courrier électronique\u00A0:")
                .containsPattern("douane-mode-label--username\">Identifiant\u00A0:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void resetSent(String lang) throws IOException {
        String html = render("douane-reset-sent.ftl", model(lang), "reset-sent-" + lang);
        assertThat(tag(html, "douane-reset-sent-title")).startsWith("<h1");
        if (lang.equals("fr")) {
            assertThat(html).containsPattern("Réinitialisation de votre mot de passe\\s*</h1>")
                    .contains("Une demande de confirmation pour la réinitialisation de votre mot de passe a été envoyée à votre adresse email")
                    .contains("Veuillez consulter votre messagerie électronique et cliquer sur le lien présent dans le message pour finaliser la procédure.")
                    .contains("Réinitialisation de votre mot de passe</a>");
        }
        assertThat(html).contains("id=\"douane-back-to-login\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void resetPassword(String lang) throws IOException {
        Map<String, Object> m = model(lang);
        m.put("passwordRulesJson", "{\"specialChars\":\"!#$%&*+-./:;<=>?@[]^{|}~\",\"rules\":[{\"id\":\"minLength\","
                + "\"messageKey\":\"douanePasswordPolicyMinLength\",\"params\":[8],\"serverOnly\":false,\"label\":\"au moins 8 caractères\"}]}");
        String html = render("douane-reset-password.ftl", m, "reset-password-" + lang);
        assertThat(tag(html, "douane-reset-password-form")).contains("method=\"post\"");
        assertThat(tag(html, "username")).contains("name=\"username\"");
        assertThat(tag(html, "password-new")).contains("name=\"password-new\"").contains("autocomplete=\"new-password\"");
        assertThat(tag(html, "password-confirm")).contains("name=\"password-confirm\"");
        assertThat(tag(html, "douane-reset-password-submit")).contains("type=\"submit\"");
        assertThat(tag(html, "douane-password-checklist")).contains("aria-live=\"polite\"");
        assertThat(html).contains("<script type=\"application/json\" id=\"douane-password-rules\">")
                .contains("\\u003c=\\u003e").contains("password-rules.js");
        if (lang.equals("fr")) {
            assertThat(html).contains("Identifiant *").contains("Mot de passe *").contains("Confirmer le mot de passe *")
                    .contains("placeholder=\"exemple\u00A0: nom@moncourriel.fr\"")
                    .contains("Règles pour créer un mot de passe valide\u00A0:")
                    .contains("Il doit être composé d’au moins 8 caractères, contenir des lettres minuscules, majuscules, de chiffres et de caractères spéciaux (le caractère «\u00A0underscore\u00A0» _ n’est pas considéré comme un caractère spécial).")
                    .contains(">RÉINITIALISER</button>");
        }
    }

    @Test
    void resetPasswordErrorsAndHostileRules() throws IOException {
        Map<String, Object> m = model("fr");
        m.put("messagesPerField", new FakeMessagesPerField()
                .error("username", msg(login, "fr", "douaneResetIdentifierMismatch"))
                .error("password-new", "Au moins 8 caractères <b>")
                .error("password-confirm", msg(login, "fr", "douaneResetPasswordConfirmMismatch")));
        m.put("passwordRulesJson", "{\"specialChars\":\"</script><script>alert(1)</script>&\"}");
        m.put("login", Map.of("username", XSS));
        String html = render("douane-reset-password.ftl", m, "reset-password-fr-error");
        assertThat(html).doesNotContain("<script>alert(1)").doesNotContain("</script><script>").doesNotContain("<b>");
        for (String id : new String[] {"username", "password-new", "password-confirm"}) {
            assertThat(tag(html, id)).contains("aria-invalid=\"true\"").contains(id + "-messages");
            assertThat(tag(html, id + "-error")).contains("role=\"alert\"");
        }
        assertThat(html).contains("L’identifiant saisi ne correspond pas à ce lien de réinitialisation.");
    }

    /** The JSON the douane policy gives the page under the shipped realm (passwordHistory(3) and douane-passay()). */
    private static final String SHIPPED_RULES = "{\"ruleTextApplies\":true,\"specialChars\":\"!#\",\"rules\":["
            + rule("minLength", "au moins 8 caractères", true) + "," + rule("maxLength", "au plus 128 caractères", false) + ","
            + rule("invisible", "ne contenir aucun caractère invisible", false) + "," + rule("lower", "au moins une lettre minuscule", true) + ","
            + rule("upper", "au moins une lettre majuscule", true) + "," + rule("digit", "au moins un chiffre", true) + ","
            + rule("special", "au moins un caractère spécial", true) + "," + rule("notUsername", "être différent de l’identifiant", false) + ","
            + rule("notEmail", "être différent de l’adresse électronique", false) + ","
            + rule("blocklist", "ne pas être un mot de passe courant <b>", false) + ","
            + rule("passwordHistory", "être différent des 3 derniers mots de passe", false) + "]}";

    private static String rule(String id, String label, boolean inRuleText) {
        return "{\"id\":\"" + id + "\",\"params\":[],\"serverOnly\":true,\"label\":\"" + label + "\",\"inRuleText\":" + inRuleText + "}";
    }

    private static List<String> listedRules(String html) {
        List<String> ids = new java.util.ArrayList<>();
        Matcher m = Pattern.compile("<li data-rule=\"([^\"]+)\">").matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void theRuleBoxTellsTheProceduresSentenceThenEveryOtherRule() throws IOException {
        Map<String, Object> m = model("fr");
        m.put("passwordRulesJson", SHIPPED_RULES);
        String html = render("douane-reset-password.ftl", m, "reset-password-fr-rules");
        // The check mark before the title, on the title's line (inside the heading), not the callout's own icon above it.
        assertThat(html).contains("<h2 class=\"fr-callout__title fr-h6 douane-rules__title\" id=\"douane-password-rules-title\">"
                + "<span class=\"fr-icon-check-line douane-rules__check\" aria-hidden=\"true\"></span>Règles pour créer un mot de passe valide\u00a0:</h2>"
                .replace("\u00a0", msg(login, "fr", "douanePasswordRulesTitle").contains("\u00a0") ? "\u00a0" : " "));
        assertThat(tag(html, "douane-password-rules-box")).doesNotContain("fr-icon-check-line");
        int sentence = html.indexOf("id=\"douane-password-rules-text\"");
        int more = html.indexOf("id=\"douane-password-rules-more\"");
        assertThat(sentence).isPositive().isLessThan(more);
        assertThat(html).contains("Il doit aussi respecter les règles suivantes\u00a0:");
        assertThat(listedRules(html)).containsExactly("maxLength", "invisible", "notUsername", "notEmail", "blocklist", "passwordHistory");
        assertThat(html).contains("<li data-rule=\"passwordHistory\">être différent des 3 derniers mots de passe</li>")
                .contains("ne pas être un mot de passe courant &lt;b&gt;").doesNotContain("courant <b>");
        assertThat(tag(html, "douane-password-rules-text")).contains("data-rules=\"minLength lower upper digit special\"");

        String en = render("douane-reset-password.ftl", withRules(model("en"), SHIPPED_RULES), "reset-password-en-rules");
        assertThat(en).contains("It must also meet the following rules:");
    }

    private static Map<String, Object> withRules(Map<String, Object> m, String json) {
        m.put("passwordRulesJson", json);
        return m;
    }

    @Test
    void aPolicyTheSentenceDoesNotDescribeIsListedWhole() throws IOException {
        String json = SHIPPED_RULES.replace("\"ruleTextApplies\":true", "\"ruleTextApplies\":false")
                .replace("au moins 8 caractères", "au moins 12 caractères");
        String html = render("douane-reset-password.ftl", withRules(model("fr"), json), "reset-password-fr-rules-variant");
        assertThat(html).doesNotContain("id=\"douane-password-rules-text\"").doesNotContain("Il doit être composé")
                .contains("Il doit respecter les règles suivantes\u00a0:").contains("au moins 12 caractères");
        assertThat(listedRules(html)).hasSize(11).startsWith("minLength", "maxLength", "invisible", "lower");
    }

    @Test
    void brokenRulesLeaveTheSentenceAlone() throws IOException {
        for (String json : List.of("{not json", "[1,2]", "{\"rules\":\"x\"}", "{\"rules\":[1,{\"id\":2,\"label\":3}]}")) {
            String html = render("douane-reset-password.ftl", withRules(model("fr"), json), "reset-password-fr-rules-broken");
            assertThat(html).as(json).contains("id=\"douane-password-rules-text\"").doesNotContain("douane-password-rules-list");
        }
    }

    @Test
    void theIdentifiantTypedComesBackEscapedAfterARefusal() throws IOException {
        Map<String, Object> m = model("fr");
        m.put("typedIdentifier", "marie.dupont@exemple.fr");
        m.put("messagesPerField", new FakeMessagesPerField().error("password-new", "Le mot de passe ne respecte pas les règles suivantes : au moins 8 caractères."));
        assertThat(tag(render("douane-reset-password.ftl", m, "reset-password-fr-typed"), "username"))
                .contains("value=\"marie.dupont@exemple.fr\"");
        m.put("typedIdentifier", "a'b&c\"d");
        assertThat(tag(render("douane-reset-password.ftl", m, "reset-password-fr-typed-escaped"), "username"))
                .contains("value=\"a&#39;b&amp;c&quot;d\"");
        m.remove("typedIdentifier");
        assertThat(tag(render("douane-reset-password.ftl", m, "reset-password-fr-untyped"), "username")).contains("value=\"\"");
    }

    @Test
    void resetPasswordWithoutRules() throws IOException {
        String html = render("douane-reset-password.ftl", model("fr"), "reset-password-fr-norules");
        assertThat(html).doesNotContain("douane-password-rules\">").doesNotContain("password-rules.js")
                .contains("Règles pour créer un mot de passe valide\u00A0:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void expiredLinkOffersANewOne(String lang) throws IOException {
        Map<String, Object> m = model(lang);
        m.put("message", message("error", msg(login, lang, "douaneResetLinkExpired")));
        String html = render("error.ftl", m, "error-expired-" + lang);
        assertThat(tag(html, "douane-new-link")).contains("href=\"https://kc.test/realms/douane/login-actions/reset-credentials?client_id=portail\"");
        if (lang.equals("fr")) {
            assertThat(html).contains("Ce lien a expiré.");
        }
        @SuppressWarnings("unchecked") Map<String, Object> realm = (Map<String, Object>) m.get("realm");
        realm.put("resetPasswordAllowed", false);
        assertThat(tag(render("error.ftl", m, "error-expired-noreset-" + lang), "douane-new-link"))
                .contains("href=\"https://kc.test/realms/douane/protocol/openid-connect/auth?client_id=portail\"");
    }

    /** Keycloak's error handler says "internal server error" for every status but 404: a 413 gets its own text. */
    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void tooLargeARequestSaysSoAndThatNothingChanged(String lang) throws IOException {
        Map<String, Object> m = model(lang);
        m.put("message", message("error", msg(login, lang, "douaneErrorTitle")));
        m.put("statusCode", 413);
        String html = render("error.ftl", m, "error-too-large-" + lang);
        assertThat(html).contains(lang.equals("fr") ? "Les données envoyées sont trop volumineuses" : "The data sent is too large")
                .doesNotContain("douane-new-link");
        m.put("statusCode", 500);
        assertThat(render("error.ftl", m, "error-500-" + lang)).doesNotContain("trop volumineuses", "too large");
    }

    @Test
    void otherErrorsOfferNoNewLink() throws IOException {
        Map<String, Object> m = model("fr");
        m.put("message", message("error", XSS));
        String html = render("error.ftl", m, "error-other-fr");
        assertThat(html).doesNotContain("douane-new-link").doesNotContain("<script>alert(1)</script>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void otherPagesRender(String lang) throws IOException {
        Map<String, Object> m = model(lang);
        m.put("message", message("info", "Info " + XSS));
        m.put("requiredActions", List.of("UPDATE_PASSWORD"));
        m.put("logoutConfirm", Map.of("code", "c0de", "skipLink", false));
        for (String page : new String[] {"info.ftl", "login-update-password.ftl", "login-reset-password.ftl",
                "logout-confirm.ftl", "login-page-expired.ftl"}) {
            String html = render(page, m, page.replace(".ftl", "") + "-" + lang);
            assertThat(html).contains("<html lang=\"" + lang + "\"").contains("id=\"footer\"").contains("fr-breadcrumb")
                    .doesNotContain("<script>alert(1)</script>");
            assertThat(html).as(page).doesNotContainPattern("\\$\\{|douane[A-Z][A-Za-z]+(?=[<\"])");
        }
    }

    /** Keycloak's base pages we do not override render inside the douane layout, restyled by theme.properties. */
    @ParameterizedTest
    @ValueSource(strings = {"login-password.ftl", "login-username.ftl", "login-verify-email.ftl", "login-otp.ftl"})
    void basePagesUseTheDouaneLayout(String page) throws IOException {
        Map<String, Object> m = model("fr");
        m.put("user", Map.of("email", "jean@example.test"));
        m.put("otpLogin", Map.of("userOtpCredentials", List.of(), "selectedCredentialId", ""));
        m.put("realm", new HashMap<>((Map<String, Object>) m.get("realm")) {{ put("loginWithEmailAllowed", true); }});
        String html = render(page, m, "base-" + page.replace(".ftl", ""));
        assertThat(html).contains("<html lang=\"fr\"").contains("République<br>Française").contains("id=\"footer\"")
                .contains("id=\"kc-page-title\"").doesNotContainPattern(">\\s*[a-z]+[A-Z][A-Za-z]+\\s*<"); // no raw message key
        if (!page.equals("login-verify-email.ftl")) {
            assertThat(html).contains("fr-input").contains("fr-btn");
        }
    }
}
