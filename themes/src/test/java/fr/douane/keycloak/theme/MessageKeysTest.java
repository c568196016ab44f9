package fr.douane.keycloak.theme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every message key a template uses exists in French and English; every message is a valid pattern. */
class MessageKeysTest {

    // msg("key"), msg('key'), msg("key", ...); keys built at run time ("${...}") are not checked.
    private static final Pattern MSG_CALL = Pattern.compile("msg\\(\\s*([\"'])([^\"'$]+)\\1");
    // A lone single quote is swallowed by MessageFormat ("L'équipe" would print "Léquipe").
    private static final Pattern LONE_QUOTE = Pattern.compile("(?<!')'(?!')");

    static Set<String> keysUsed(Path themeDir) throws IOException {
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.walk(themeDir)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".ftl"))::iterator) {
                Matcher m = MSG_CALL.matcher(Files.readString(f, StandardCharsets.UTF_8));
                while (m.find()) {
                    keys.add(m.group(2));
                }
            }
        }
        return keys;
    }

    @ParameterizedTest
    @ValueSource(strings = {"login", "email"})
    void everyKeyExistsInFrenchAndEnglish(String type) throws IOException {
        Path dir = ThemeRenderer.THEME_ROOT.resolve(type);
        Set<String> used = keysUsed(dir);
        assertThat(used).isNotEmpty();
        for (String lang : new String[] {"fr", "en"}) {
            Properties messages = ThemeRenderer.load(dir.resolve("messages/messages_" + lang + ".properties"));
            assertThat(used).as("keys missing in %s/messages_%s.properties", type, lang)
                    .allSatisfy(k -> assertThat(messages).containsKey(k));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"login", "email"})
    void frenchAndEnglishHaveTheSameKeys(String type) {
        Path dir = ThemeRenderer.THEME_ROOT.resolve(type);
        Properties fr = ThemeRenderer.load(dir.resolve("messages/messages_fr.properties"));
        Properties en = ThemeRenderer.load(dir.resolve("messages/messages_en.properties"));
        assertThat(fr.keySet()).containsExactlyInAnyOrderElementsOf(en.keySet());
    }

    @ParameterizedTest
    @ValueSource(strings = {"login/messages/messages_fr.properties", "login/messages/messages_en.properties",
            "email/messages/messages_fr.properties", "email/messages/messages_en.properties"})
    void messagesAreValidPatterns(String file) {
        Properties messages = ThemeRenderer.load(ThemeRenderer.THEME_ROOT.resolve(file));
        messages.forEach((k, v) -> {
            String value = (String) v;
            assertThat(LONE_QUOTE.matcher(value).find()).as("lone ' in %s (write '')", k).isFalse();
            new MessageFormat(value); // throws on a broken pattern
            assertThat(value).as("mojibake in %s", k).doesNotContain("Ã");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"login", "email"})
    void authenticatorAndMailKeysArePresent(String type) {
        Path dir = ThemeRenderer.THEME_ROOT.resolve(type);
        String[] required = type.equals("login")
                ? new String[] {"douaneResetIdentifierMissing", "douaneResetIdentifierInvalid", "douaneResetIdentifierMismatch",
                    "douaneResetPasswordMissing", "douaneResetPasswordConfirmMismatch", "douaneResetLinkInvalid",
                    "douaneResetLinkExpired", "douaneResetLinkUsed", "douanePasswordUpdated",
                    "expiredActionTokenNoSessionMessage", "expiredActionMessage"}
                : new String[] {"douaneResetLinkSubject", "douanePasswordChangedSubject"};
        for (String lang : new String[] {"fr", "en"}) {
            Properties messages = ThemeRenderer.load(dir.resolve("messages/messages_" + lang + ".properties"));
            assertThat(messages.keySet()).contains((Object[]) required);
        }
        if (type.equals("login")) {
            Properties fr = ThemeRenderer.load(dir.resolve("messages/messages_fr.properties"));
            assertThat(fr.getProperty("douaneResetLinkExpired")).startsWith("Ce lien a expiré");
            assertThat(fr.getProperty("douanePasswordUpdated")).startsWith("Votre mot de passe a été modifié. Vous pouvez maintenant vous connecter");
        }
    }
}
