package fr.douane.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DouanePasswordPolicyConfigTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void emptyIsTheDouaneRule(String raw) {
        assertThat(DouanePasswordPolicyConfig.parse(raw)).isSameAs(DouanePasswordPolicyConfig.DEFAULT);
    }

    @Test
    void defaultIsTheDouaneRule() {
        DouanePasswordPolicyConfig c = DouanePasswordPolicyConfig.DEFAULT;
        assertThat(c.getMinLength()).isEqualTo(8);
        assertThat(c.getMaxLength()).isEqualTo(128);
        assertThat(c.getMinLower()).isEqualTo(1);
        assertThat(c.getMinUpper()).isEqualTo(1);
        assertThat(c.getMinDigit()).isEqualTo(1);
        assertThat(c.getMinSpecial()).isEqualTo(1);
        assertThat(c.getSpecialChars().contains('_')).isFalse();
        assertThat(c.getSpecialChars().contains('!')).isTrue();
        assertThat(c.isBlocklist()).isTrue();
        assertThat(c.getBlocklistFile()).isNull();
        assertThat(c.isNotUsername()).isTrue();
        assertThat(c.isNotEmail()).isTrue();
        assertThat(c.getMaxRepeat()).isZero();
        assertThat(c.getMaxSequence()).isZero();
        assertThat(c.toConfigString()).isEqualTo("minLength=8,maxLength=128,minLower=1,minUpper=1,minDigit=1,"
                + "minSpecial=1,blocklist=on,notUsername=on,notEmail=on,maxRepeat=0,maxSequence=0");
    }

    @Test
    void parsesEveryKey() {
        DouanePasswordPolicyConfig c = DouanePasswordPolicyConfig.parse("minLength=12,maxLength=256,minLower=2,"
                + "minUpper=0,minDigit=3,minSpecial=2,specialChars=!%2C%25%3D+-(),blocklist=on,"
                + "blocklistFile=/opt/keycloak/conf/mots%20interdits.txt,notUsername=off,notEmail=on,maxRepeat=3,maxSequence=4");
        assertThat(c.getMinLength()).isEqualTo(12);
        assertThat(c.getMaxLength()).isEqualTo(256);
        assertThat(c.getMinLower()).isEqualTo(2);
        assertThat(c.getMinUpper()).isZero();
        assertThat(c.getMinDigit()).isEqualTo(3);
        assertThat(c.getMinSpecial()).isEqualTo(2);
        assertThat(c.getSpecialChars().getCharacters()).isEqualTo("!,%=+-()");
        assertThat(c.getBlocklistFile()).isEqualTo("/opt/keycloak/conf/mots interdits.txt");
        assertThat(c.isNotUsername()).isFalse();
        assertThat(c.isNotEmail()).isTrue();
        assertThat(c.getMaxRepeat()).isEqualTo(3);
        assertThat(c.getMaxSequence()).isEqualTo(4);
        assertThat(DouanePasswordPolicyConfig.parse(c.toConfigString())).isEqualTo(c);
    }

    @Test
    void nonAsciiSpecialsMayBeLiteralOrEncoded() {
        assertThat(DouanePasswordPolicyConfig.parse("specialChars=€§").getSpecialChars().getCharacters()).isEqualTo("€§");
        assertThat(DouanePasswordPolicyConfig.parse("specialChars=%E2%82%AC%C2%A7").getSpecialChars().getCharacters())
                .isEqualTo("€§");
    }

    /** The set is matched against the password as typed: a character NFKC would change can be listed and counts. */
    @Test
    void compatibilityCharactersMayBeListed() {
        DouanePasswordPolicyConfig c = DouanePasswordPolicyConfig.parse("specialChars=%C2%B2%EF%BC%81");
        assertThat(c.getSpecialChars().getCharacters()).isEqualTo("\u00B2\uFF01");
        DouanePasswordPolicyProviderFactory factory = new DouanePasswordPolicyProviderFactory();
        factory.init(null);
        assertThat(factory.rules(c).check("Abcdef1\uFF01", null, null)).isEmpty();
        assertThat(factory.rules(c).check("Abcdef1!", null, null)).extracting(DouanePasswordPolicyViolation::getRuleId)
                .containsExactly(DouanePasswordPolicyViolation.SPECIAL);
    }

    @Test
    void canonicalStringRoundTrips() {
        DouanePasswordPolicyConfig c = DouanePasswordPolicyConfig.parse("specialChars=%C2%A7%E2%82%AC!");
        assertThat(DouanePasswordPolicyConfig.parse(c.toConfigString())).isEqualTo(c);
        assertThat(DouanePasswordPolicyConfig.parse(DouanePasswordPolicyConfig.DEFAULT.toConfigString()))
                .isEqualTo(DouanePasswordPolicyConfig.DEFAULT);
    }

    @ParameterizedTest(name = "[{index}] ''{0}'' -> {1}")
    @CsvSource(delimiter = '|', value = {
        "minLength=8, maxLength=128            | whitespace is not allowed",
        "minLength=8,,maxLength=128            | empty item",
        "minLength=8,                          | empty item",
        "minLength                             | is not key=value",
        "minLen=8                              | unknown key 'minLen'",
        "MinLength=8                           | unknown key 'MinLength'",
        "minLength=8,minLength=9               | given twice",
        "minLength=                            | has no value",
        "minLength=eight                       | must be a whole number",
        "minLength=-1                          | must be a whole number",
        "minLength=0                           | must be between 1 and 4096",
        "maxLength=63                          | would forbid passphrases",
        "maxLength=32                          | maxLength must be between 64 and 4096, got 32",
        "maxLength=5000                        | must be between 64 and 4096",
        "minLength=200                         | greater than maxLength",
        "minLength=70,maxLength=64             | greater than maxLength",
        "minLower=65                           | minLower must be between 0 and 64",
        "minLower=64,minUpper=64,minDigit=1    | no password could satisfy",
        "blocklist=yes                         | must be 'on' or 'off'",
        "notUsername=true                      | must be 'on' or 'off'",
        "notEmail=ON                           | must be 'on' or 'off'",
        "blocklistFile=relative/list.txt       | must be an absolute path",
        "blocklist=off,blocklistFile=/etc/x    | blocklist=off",
        "specialChars=%                        | incomplete percent-encoding",
        "specialChars=%2                       | incomplete percent-encoding",
        "specialChars=%zz                      | invalid percent-encoding",
        "specialChars=%C3                      | not valid UTF-8",
        "specialChars=!a                       | letters or digits",
        "specialChars=!1                       | letters or digits",
        "specialChars=!!                       | twice",
        "specialChars=!%20                     | spaces or control",
        "specialChars=!%C2%AD                  | format",
        "specialChars=%F0%9F%98%80             | Basic Multilingual Plane",
        "maxRepeat=100                         | maxRepeat must be between 0 and 64",
        "maxSequence=1                         | maxSequence must be 0 (off) or between 2",
    })
    void refusesWithAClearMessage(String raw, String expected) {
        assertThatThrownBy(() -> DouanePasswordPolicyConfig.parse(raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected.trim());
    }

    @Test
    void specialSetExcludesUnderscoreAndIsClosed() {
        DouaneSpecialCharacterData set = DouaneSpecialCharacterData.DOUANE;
        for (char c : "!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~€£§¤°²¨’«»".toCharArray()) {
            assertThat(set.contains(c)).as("%s", c).isTrue();
        }
        for (char c : "_ aZé0\u00B5\u00AD\uFF01\t".toCharArray()) {
            assertThat(set.contains(c)).as("%s", c).isFalse();
        }
        assertThat(set.contains(0x1F600)).isFalse();
        // The default set passes the checks a custom set must pass.
        DouaneSpecialCharacterData.validate(set.getCharacters());
    }

    @Test
    void clientRulesJson() {
        String json = DouanePasswordPolicyConfig.DEFAULT.toClientRulesJson();
        assertThat(json).startsWith("{\"policy\":\"douane-passay\",\"normalization\":\"none\",\"lengthUnit\":\"codePoint\",")
                .contains("\"minLength\":8", "\"maxLength\":128", "\"minSpecial\":1", "\"blocklist\":true",
                        "\"lowerPattern\":\"\\\\p{Ll}\"",
                        "\"invisiblePattern\":\"[\\\\p{Cc}\\\\p{Cf}\\\\p{Cs}\\\\p{Zl}\\\\p{Zp}]\"",
                        "{\"id\":\"minLength\",\"messageKey\":\"douanePasswordPolicyMinLength\",\"params\":[8],\"serverOnly\":false}",
                        "{\"id\":\"blocklist\",\"messageKey\":\"douanePasswordPolicyBlocklisted\",\"params\":[],\"serverOnly\":true}")
                // safe inside HTML
                .doesNotContain("<", ">", "&", "'")
                .contains("\\u003c", "\\u003e", "\\u0026", "\\u0027");
        assertThat(json.chars().filter(ch -> ch == '{').count()).isEqualTo(json.chars().filter(ch -> ch == '}').count());
    }

    @Test
    void clientRulesJsonWithLabels() {
        String fr = DouanePasswordPolicyConfig.DEFAULT.toClientRulesJson(DouanePasswordPolicyMessages.bundled(Locale.FRENCH), Locale.FRENCH);
        assertThat(fr).contains("\"label\":\"au moins 8 caractères\"", "\"label\":\"au moins une lettre majuscule\"");
        String en = DouanePasswordPolicyConfig.DEFAULT.toClientRulesJson(DouanePasswordPolicyMessages.bundled(Locale.ENGLISH), Locale.ENGLISH);
        assertThat(en).contains("\"label\":\"at least 8 characters\"", "\"label\":\"at least one digit\"");
    }
}
