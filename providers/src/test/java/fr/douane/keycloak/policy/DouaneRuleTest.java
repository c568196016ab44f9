package fr.douane.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The catalogue, and the message files and admin help that must follow it. */
class DouaneRuleTest {

    /** The one key whose name Keycloak's admin console dictates. */
    private static final String ADMIN_HELP = "passwordPoliciesHelp.douane-passay";

    private static Properties load(String bundle, String lang) throws IOException {
        Properties p = new Properties();
        try (InputStream in = DouaneRuleTest.class.getClassLoader()
                .getResourceAsStream("theme-resources/messages/" + bundle + "_" + lang + ".properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    /** Every key the catalogue can name, whatever the config. */
    private static Set<String> catalogueKeys() {
        DouanePolicyConfig underscoreSpecial = DouanePolicyConfigParser.parse("specialChars=_!");
        Set<String> keys = new HashSet<>(List.of(DouaneRule.KEY_UNMET, DouaneRule.KEY_SEPARATOR));
        for (DouaneRule rule : DouaneRule.values()) {
            keys.add(rule.messageKey(DouanePolicyConfig.DEFAULT));
            keys.add(rule.messageKey(underscoreSpecial));
        }
        return keys;
    }

    @Test
    void frenchAndEnglishHaveTheSameKeys() throws IOException {
        assertThat(load("messages", "fr").stringPropertyNames()).isEqualTo(load("messages", "en").stringPropertyNames());
        assertThat(load("admin-messages", "fr").stringPropertyNames()).isEqualTo(load("admin-messages", "en").stringPropertyNames());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void everyKeyOfTheCatalogueExistsAndFormats(String lang) throws Exception {
        Properties p = load("messages", lang);
        assertThat(catalogueKeys()).hasSize(DouaneRule.values().length + 3);
        for (String key : catalogueKeys()) {
            assertThat(p.getProperty(key)).as(key).isNotBlank();
            if (key.equals(DouaneRule.KEY_SEPARATOR)) {
                continue; // joined as is
            }
            // Every sentence is a MessageFormat pattern: it must parse and keep no stray quote or brace.
            String formatted = new MessageFormat(p.getProperty(key), Locale.forLanguageTag(lang)).format(new Object[] {2, "!?"});
            assertThat(formatted).as(key).doesNotContain("{", "}", "'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void oneNamingStyleUnderOneHeader(String lang) throws IOException {
        Path file = Path.of("src/main/resources/theme-resources/messages/messages_" + lang + ".properties");
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("# --- password policy ---");
        for (String key : load("messages", lang).stringPropertyNames()) {
            if (!key.equals(ADMIN_HELP)) {
                assertThat(key).matches("douane[A-Z][A-Za-z]*");
            }
        }
    }

    /** The admin console's help of the policy names every setting the parser knows, in both languages. */
    @ParameterizedTest
    @ValueSource(strings = {"messages_fr", "messages_en", "admin-messages_fr", "admin-messages_en"})
    void theAdminHelpNamesEverySetting(String file) throws IOException {
        String[] parts = file.split("_");
        String help = load(parts[0], parts[1]).getProperty(ADMIN_HELP);
        assertThat(help).as(file).isNotBlank().contains("--spi-password-policy--douane-passay--blocklist-file");
        for (String key : DouanePolicyConfigParser.KEYS) {
            assertThat(help).as(file).containsPattern("\\b" + key + "\\b");
        }
    }

    @Test
    void pluralsAndFallbacks() {
        RuleSentence oneUpper = new RuleSentence(DouaneRule.UPPER, DouanePolicyConfig.DEFAULT);
        RuleSentence threeUpper = new RuleSentence(DouaneRule.UPPER, DouanePolicyConfigParser.parse("minUpper=3"));
        RuleSentence twelve = new RuleSentence(DouaneRule.MIN_LENGTH, DouanePolicyConfigParser.parse("minLength=12"));
        PolicyTexts fr = PolicyTexts.of(null, Locale.FRENCH);
        assertThat(fr.sentence(oneUpper)).isEqualTo("au moins une lettre majuscule");
        assertThat(fr.sentence(threeUpper)).isEqualTo("au moins 3 lettres majuscules");
        assertThat(fr.sentence(twelve)).isEqualTo("au moins 12 caractères");
        assertThat(PolicyTexts.of(null, Locale.ENGLISH).sentence(new RuleSentence(DouaneRule.REPEAT,
                DouanePolicyConfigParser.parse("maxRepeat=1")))).isEqualTo("no more than 1 identical character in a row");
        assertThat(PolicyTexts.of(null, Locale.CANADA_FRENCH).sentence(oneUpper)).isEqualTo("au moins une lettre majuscule");
        assertThat(PolicyTexts.of(null, Locale.GERMAN).sentence(oneUpper)).isEqualTo("at least one upper-case letter");
        assertThat(fr.pattern("noSuchKey")).isEqualTo("noSuchKey");
    }

    @Test
    void theDouaneRuleChecksEverythingButRepeatsAndSequences() {
        assertThat(DouaneRule.of(DouanePolicyConfig.DEFAULT)).containsExactly(DouaneRule.MIN_LENGTH, DouaneRule.MAX_LENGTH,
                DouaneRule.INVISIBLE, DouaneRule.LOWER, DouaneRule.UPPER, DouaneRule.DIGIT, DouaneRule.SPECIAL,
                DouaneRule.NOT_USERNAME, DouaneRule.NOT_EMAIL, DouaneRule.BLOCKLIST);
        DouanePolicyConfig variant = DouanePolicyConfigParser.parse("minDigit=0,blocklist=off,maxRepeat=2,maxSequence=3,notEmail=off");
        assertThat(DouaneRule.of(variant)).contains(DouaneRule.REPEAT, DouaneRule.SEQUENCE)
                .doesNotContain(DouaneRule.DIGIT, DouaneRule.BLOCKLIST, DouaneRule.NOT_EMAIL);
    }

    @Test
    void idsAreUniqueAndWhatThePageDoesIsDeclared() {
        Set<String> ids = new HashSet<>();
        for (DouaneRule rule : DouaneRule.values()) {
            assertThat(ids.add(rule.id())).as(rule.name()).isTrue();
        }
        // Listed: a refusal never names a rule the page did not announce.
        assertThat(DouaneRule.values()).noneMatch(r -> r.page() == DouaneRule.Page.HIDDEN);
        assertThat(DouaneRule.INVISIBLE.page()).isEqualTo(DouaneRule.Page.LISTED);
        assertThat(DouaneRule.BLOCKLIST.page()).isEqualTo(DouaneRule.Page.LISTED);
        assertThat(DouaneRule.MIN_LENGTH.page()).isEqualTo(DouaneRule.Page.CHECKED);
    }

    @Test
    void parametersFollowTheConfig() {
        DouanePolicyConfig c = DouanePolicyConfigParser.parse("minLength=10,minSpecial=2,specialChars=_%25!");
        assertThat(DouaneRule.MIN_LENGTH.parameters(c)).containsExactly(10);
        assertThat(DouaneRule.SPECIAL.parameters(c)).containsExactly(2, "!\u00A0%\u00A0_");
        assertThat(DouaneRule.SPECIAL.messageKey(c)).isEqualTo("douanePasswordPolicySpecialChars");
        assertThat(DouaneRule.SPECIAL.messageKey(DouanePolicyConfig.DEFAULT)).isEqualTo("douanePasswordPolicySpecialCharsNoUnderscore");
        // The most familiar first, at most eight, none an HTML sanitizer could eat.
        assertThat(DouaneRule.examples(DouaneSpecialCharacterData.DOUANE)).isEqualTo("!\u00A0?\u00A0@\u00A0#\u00A0$\u00A0%\u00A0*\u00A0€");
    }
}
