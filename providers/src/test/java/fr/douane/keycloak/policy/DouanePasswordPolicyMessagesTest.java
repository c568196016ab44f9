package fr.douane.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DouanePasswordPolicyMessagesTest {

    private static Properties load(String lang) throws IOException {
        Properties p = new Properties();
        try (InputStream in = DouanePasswordPolicyMessagesTest.class.getClassLoader()
                .getResourceAsStream("theme-resources/messages/messages_" + lang + ".properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void frenchAndEnglishHaveTheSameKeys() throws IOException {
        assertThat(load("fr").stringPropertyNames()).isEqualTo(load("en").stringPropertyNames());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void everyKeyUsedByTheCodeExistsAndFormats(String lang) throws Exception {
        Properties p = load(lang);
        List<String> keys = new ArrayList<>();
        for (Field f : DouanePasswordPolicyViolation.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getName().startsWith("KEY_")) {
                keys.add((String) f.get(null));
            }
        }
        assertThat(keys).hasSizeGreaterThan(10);
        for (String key : keys) {
            assertThat(p.getProperty(key)).as(key).isNotBlank();
            if (key.equals(DouanePasswordPolicyViolation.KEY_UNMET)) {
                continue; // its own arguments: DouaneUnmetRulesMessageTest
            }
            // Keycloak formats with MessageFormat: the pattern must parse and keep no stray quote.
            String formatted = new MessageFormat(p.getProperty(key), Locale.forLanguageTag(lang)).format(new Object[] {2, "!?"});
            assertThat(formatted).as(key).doesNotContain("{", "}");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "en"})
    void oneNamingStyleUnderOneHeader(String lang) throws IOException {
        Path file = Path.of("src/main/resources/theme-resources/messages/messages_" + lang + ".properties");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        // The file is shared by the parts of the pack, each under its own header; one naming style.
        assertThat(text).contains("# --- password policy ---");
        for (String key : load(lang).stringPropertyNames()) {
            assertThat(key).matches("douane[A-Z][A-Za-z]*");
        }
    }

    @Test
    void pluralsAndUtf8() {
        Properties fr = DouanePasswordPolicyMessages.bundled(Locale.FRENCH);
        assertThat(DouanePasswordPolicyMessages.format(fr, Locale.FRENCH, "douanePasswordPolicyUpperCase", 1))
                .isEqualTo("au moins une lettre majuscule");
        assertThat(DouanePasswordPolicyMessages.format(fr, Locale.FRENCH, "douanePasswordPolicyUpperCase", 3))
                .isEqualTo("au moins 3 lettres majuscules");
        assertThat(DouanePasswordPolicyMessages.format(fr, Locale.FRENCH, "douanePasswordPolicyMinLength", 12))
                .isEqualTo("au moins 12 caractères");
        Properties en = DouanePasswordPolicyMessages.bundled(Locale.ENGLISH);
        assertThat(DouanePasswordPolicyMessages.format(en, Locale.ENGLISH, "douanePasswordPolicyRepeat", 1))
                .isEqualTo("no more than 1 identical character in a row");
        assertThat(DouanePasswordPolicyMessages.format(en, Locale.ENGLISH, "missingKey")).isEqualTo("missingKey");
    }

    @Test
    void regionalLocalesFallBackToTheLanguageThenEnglish() {
        assertThat(DouanePasswordPolicyMessages.bundled(Locale.CANADA_FRENCH).getProperty("douanePasswordPolicyDigits"))
                .startsWith("{0,choice,1#au moins un chiffre");
        assertThat(DouanePasswordPolicyMessages.bundled(Locale.GERMAN).getProperty("douanePasswordPolicyDigits"))
                .startsWith("{0,choice,1#at least one digit");
    }
}
