package fr.douane.keycloak.resetflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.StringTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateScalarModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The plain reset pages shipped in the pack's {@code theme-resources/templates/}, which Keycloak
 * renders when the realm's login theme has no template of that name (keycloak.v2, base). Each page
 * is rendered through FreeMarker with Keycloak's settings inside a layout whose
 * {@code registrationLayout} macro has exactly the parameters of the real one of the theme
 * (read from Keycloak's keycloak-themes jar): a parameter that theme does not accept fails the
 * render, as it fails on the server with an error page.
 */
class FallbackResetTemplatesTest {

    private static final Path TEMPLATES = Path.of("src/main/resources/theme-resources/templates");
    private static final Path MESSAGES = Path.of("src/main/resources/theme-resources/messages");
    private static final List<String> PAGES = List.of(
            ResetRequestAuthenticator.FORM_TEMPLATE, ResetRequestAuthenticator.SENT_TEMPLATE, ResetPasswordAuthenticator.TEMPLATE);
    private static final String XSS = "\"><script>alert(1)</script>";

    @ParameterizedTest
    @ValueSource(strings = {"keycloak.v2", "base"})
    void forgotPasswordPageRendersInKeycloaksThemesWithTheFieldsTheAuthenticatorReads(String theme) {
        Map<String, Object> model = model(theme, "fr");
        model.put("resetMode", "username");
        model.put("identifier", XSS);
        String html = render(theme, ResetRequestAuthenticator.FORM_TEMPLATE, model);

        assertThat(html).contains("<h1>Vous avez oublié votre mot de passe</h1>")
                .contains("id=\"douane-reset-request-form\"").contains("action=\"http://kc/login-action\"")
                .contains("name=\"" + ResetMode.FORM_FIELD + "\" value=\"username\" checked")
                .contains("name=\"" + ResetMode.FORM_FIELD + "\" value=\"email\">")
                .contains("name=\"" + ResetRequestAuthenticator.FIELD_IDENTIFIER + "\"")
                .contains("Identifiant ou courrier électronique\u00a0:")
                .contains(">Réinitialiser</button>").contains("href=\"http://kc/login\"");
        assertThat(html).doesNotContain("<script>alert").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).doesNotContain("aria-invalid");
    }

    @Test
    void aRefusedIdentifierIsShownUnderItsFieldAndTiedToIt() {
        Map<String, Object> model = model("keycloak.v2", "fr");
        model.put("messagesPerField", new Errors().error("identifier", "Veuillez renseigner votre identifiant."));
        model.put("message", Map.of("type", "error", "summary", "Veuillez renseigner votre identifiant."));
        String html = render("keycloak.v2", ResetRequestAuthenticator.FORM_TEMPLATE, model);

        assertThat(html).contains("aria-invalid=\"true\" aria-describedby=\"identifier-error\"")
                .contains("id=\"identifier-error\" class=\"pf-v5-c-helper-text__item-text pf-m-error kc-feedback-text\"")
                .contains(">Veuillez renseigner votre identifiant.</span>");
        assertThat(html).as("the global alert is not repeated").doesNotContain("<div class=\"stub-alert\">");
        // Without a mode from the form, the page starts on Courriel, as the douane theme does.
        assertThat(html).contains("value=\"email\" checked");
    }

    @ParameterizedTest
    @ValueSource(strings = {"keycloak.v2", "base"})
    void confirmationPageSaysTheSameInEveryCase(String theme) {
        String html = render(theme, ResetRequestAuthenticator.SENT_TEMPLATE, model(theme, "fr"));
        assertThat(html).contains("<h1>Réinitialisation de votre mot de passe</h1>").contains("id=\"douane-reset-sent\"")
                .contains("Une demande de confirmation pour la réinitialisation de votre mot de passe a été envoyée à votre adresse email")
                .contains("Vous n’avez rien reçu\u00a0?");
    }

    @ParameterizedTest
    @ValueSource(strings = {"keycloak.v2", "base"})
    void newPasswordPageHasTheThreeFieldsAndTheRules(String theme) {
        Map<String, Object> model = model(theme, "fr");
        model.put(ResetPasswordAuthenticator.ATTR_TYPED_IDENTIFIER, XSS);
        String html = render(theme, ResetPasswordAuthenticator.TEMPLATE, model);

        assertThat(html).contains("<h1>Réinitialisation de votre mot de passe</h1>").contains("id=\"douane-reset-password-form\"")
                .contains("name=\"" + ResetPasswordAuthenticator.FIELD_USERNAME + "\"")
                .contains("type=\"password\" id=\"" + ResetPasswordAuthenticator.FIELD_PASSWORD + "\"")
                .contains("type=\"password\" id=\"" + ResetPasswordAuthenticator.FIELD_CONFIRM + "\"")
                .contains("Règles pour créer un mot de passe valide\u00a0:")
                .contains("le caractère «\u00a0underscore\u00a0» _ n’est pas considéré comme un caractère spécial")
                .contains(">RÉINITIALISER</button>")
                .contains("stub-required-fields");
        assertThat(html).as("what was typed comes back, escaped").doesNotContain("<script>alert")
                .contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"");
        assertThat(html).contains("aria-describedby=\"douane-password-rules-box\"");
    }

    @Test
    void aPolicyRefusalUnderThePasswordFieldIsTiedToItBesideTheRules() {
        Map<String, Object> model = model("keycloak.v2", "fr");
        // Keycloak's password policies report their error on the field "password".
        model.put("messagesPerField", new Errors().error("password", "Le mot de passe ne respecte pas les règles suivantes.")
                .error("password-confirm", "La confirmation ne correspond pas au mot de passe saisi."));
        String html = render("keycloak.v2", ResetPasswordAuthenticator.TEMPLATE, model);

        assertThat(html).contains("id=\"password-new\" name=\"password-new\" value=\"\" autocomplete=\"new-password\" required aria-required=\"true\""
                        + " aria-invalid=\"true\" aria-describedby=\"douane-password-rules-box password-new-error\"")
                .contains("<span id=\"password-new-error\"").contains(">Le mot de passe ne respecte pas les règles suivantes.</span>")
                .contains("aria-describedby=\"password-confirm-error\"")
                .contains(">La confirmation ne correspond pas au mot de passe saisi.</span>");
        assertThat(html).doesNotContain("id=\"username-error\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void everyTextOfThePagesAndEveryMessageTheFlowEmitsExistsInFrenchAndEnglish(String lang) {
        Properties messages = messages(lang);
        Set<String> used = new TreeSet<>();
        for (String page : PAGES) {
            Matcher m = Pattern.compile("msg\\(\"([A-Za-z0-9.]+)\"").matcher(read(TEMPLATES.resolve(page)));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        used.addAll(List.of("douaneResetModeMissing", "douaneResetIdentifierMissing", "douaneResetIdentifierInvalid",
                "douaneResetIdentifierMismatch", "douaneResetPasswordMissing", "douaneResetPasswordConfirmMismatch",
                "douaneResetDirectoryUnavailable", "douaneResetLinkInvalid", "douaneResetLinkExpired", "douaneResetLinkUsed",
                "douanePasswordUpdated"));
        assertThat(used).hasSizeGreaterThan(20);
        for (String key : used) {
            assertThat(messages.getProperty(key)).as(lang + " " + key).isNotBlank();
        }
    }

    @Test
    void frenchTextsUseTheTypographicApostropheAndANoBreakSpaceBeforeHighPunctuation() {
        Properties fr = messages("fr");
        for (String key : fr.stringPropertyNames()) {
            if (!key.startsWith("douaneReset") && !key.startsWith("douanePasswordRules") && !key.equals("douaneBackToLogin")
                    && !key.equals("douanePasswordUpdated")) {
                continue;
            }
            String text = fr.getProperty(key);
            assertThat(text).as(key).doesNotContain("'").doesNotContainPattern("[^\u00a0\u202f][?!:;]").doesNotContain("« ").doesNotContain(" »");
        }
    }

    @Test
    void aParameterKeycloaksLayoutDoesNotKnowFailsTheRender() {
        // Guards the guard: the stub layout must be as strict as the real one.
        assertThatThrownBy(() -> renderInline("keycloak.v2",
                "<#import \"template.ftl\" as layout><@layout.registrationLayout breadcrumb=\"x\"; section></@layout.registrationLayout>"))
                .hasStackTraceContaining("breadcrumb");
    }

    // ------------------------------------------------------------------------------------------

    /** The parameter list of the real registrationLayout macro of Keycloak's {@code theme} login theme. */
    static String layoutParameters(String theme) {
        String source;
        try (InputStream in = FallbackResetTemplatesTest.class.getClassLoader()
                .getResourceAsStream("theme/" + theme + "/login/template.ftl")) {
            assertThat(in).as("Keycloak's " + theme + " login template on the test class path").isNotNull();
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher m = Pattern.compile("<#macro registrationLayout([^>]*)>").matcher(source);
        assertThat(m.find()).as(theme + " has registrationLayout").isTrue();
        return m.group(1);
    }

    /** A layout with the real macro's parameters that shows what the page gives it. */
    private static String stubLayout(String theme) {
        return "<#macro registrationLayout" + layoutParameters(theme) + ">"
                + "<html><body><h1><#nested \"header\"></h1>"
                + "<#if displayRequiredFields><p class=\"stub-required-fields\">*</p></#if>"
                + "<#if displayMessage && message?has_content><div class=\"stub-alert\">${message.summary}</div></#if>"
                + "<#nested \"form\"></body></html></#macro>";
    }

    private static String render(String theme, String page, Map<String, Object> model) {
        try {
            StringTemplateLoader layout = new StringTemplateLoader();
            layout.putTemplate("template.ftl", stubLayout(theme));
            Template t = configuration(new MultiTemplateLoader(new TemplateLoader[] {layout, new FileTemplateLoader(TEMPLATES.toFile())}))
                    .getTemplate(page, "UTF-8");
            StringWriter out = new StringWriter();
            t.process(model, out);
            // One space for each run of white space: the assertions read the markup, not its indentation.
            return out.toString().replaceAll("\\s+", " ").replace("> <", "><").replace("<h1> ", "<h1>").replace(" </h1>", "</h1>");
        } catch (Exception e) {
            throw new IllegalStateException("Failed to render " + page + " in " + theme, e);
        }
    }

    private static String renderInline(String theme, String source) throws Exception {
        StringTemplateLoader loader = new StringTemplateLoader();
        loader.putTemplate("template.ftl", stubLayout(theme));
        loader.putTemplate("page.ftl", source);
        StringWriter out = new StringWriter();
        configuration(loader).getTemplate("page.ftl").process(model(theme, "fr"), out);
        return out.toString();
    }

    /** Keycloak 26.7.3's FreeMarker settings (DefaultFreeMarkerProvider). */
    private static Configuration configuration(TemplateLoader loader) {
        Configuration cfg = new Configuration(Configuration.VERSION_2_3_32);
        cfg.setOutputFormat(HTMLOutputFormat.INSTANCE);
        cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
        cfg.setDefaultEncoding("UTF-8");
        cfg.setTemplateLoader(loader);
        return cfg;
    }

    private static Map<String, Object> model(String theme, String lang) {
        Map<String, Object> model = new HashMap<>();
        Properties messages = messages(lang);
        Locale locale = Locale.forLanguageTag(lang);
        model.put("msg", (TemplateMethodModelEx) args -> {
            List<Object> params = new ArrayList<>();
            for (Object a : args.subList(1, args.size())) {
                params.add(a instanceof TemplateScalarModel s ? s.getAsString() : a);
            }
            String key = ((TemplateScalarModel) args.get(0)).getAsString();
            String pattern = messages.getProperty(key);
            if (pattern == null) {
                throw new TemplateModelException("no " + lang + " message " + key);
            }
            return new MessageFormat(pattern, locale).format(params.toArray());
        });
        model.put("properties", themeProperties(theme));
        model.put("url", Map.of("loginAction", "http://kc/login-action", "loginUrl", "http://kc/login"));
        model.put("messagesPerField", new Errors());
        return model;
    }

    private static Properties messages(String lang) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(MESSAGES.resolve("messages_" + lang + ".properties"), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** The theme's own theme.properties (the kc* classes the pages use). */
    private static Properties themeProperties(String theme) {
        Properties p = new Properties();
        try (InputStream in = FallbackResetTemplatesTest.class.getClassLoader()
                .getResourceAsStream("theme/" + theme + "/login/theme.properties")) {
            if (in != null) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The public methods of Keycloak's MessagesPerFieldBean that the pages call, errors only. */
    public static final class Errors {
        private final Map<String, String> errors = new LinkedHashMap<>();

        Errors error(String field, String text) {
            errors.put(field, text);
            return this;
        }

        public boolean existsError(String... fields) {
            for (String f : fields) {
                if (errors.containsKey(f)) {
                    return true;
                }
            }
            return false;
        }

        public String getFirstError(String... fields) {
            for (String f : fields) {
                if (errors.containsKey(f)) {
                    return errors.get(f);
                }
            }
            return "";
        }

        public String get(String field) {
            return errors.getOrDefault(field, "");
        }
    }
}
