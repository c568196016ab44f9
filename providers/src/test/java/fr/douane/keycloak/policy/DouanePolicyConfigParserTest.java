package fr.douane.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DouanePolicyConfigParserTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void emptyIsTheDouaneRule(String raw) {
        assertThat(DouanePolicyConfigParser.parse(raw)).isSameAs(DouanePolicyConfig.DEFAULT);
    }

    @Test
    void defaultIsTheDouaneRule() {
        DouanePolicyConfig c = DouanePolicyConfig.DEFAULT;
        assertThat(c.minLength()).isEqualTo(8);
        assertThat(c.maxLength()).isEqualTo(128);
        assertThat(c.minLower()).isEqualTo(1);
        assertThat(c.minUpper()).isEqualTo(1);
        assertThat(c.minDigit()).isEqualTo(1);
        assertThat(c.minSpecial()).isEqualTo(1);
        assertThat(c.specialChars().contains('_')).isFalse();
        assertThat(c.specialChars().contains('!')).isTrue();
        assertThat(c.blocklist()).isTrue();
        assertThat(c.blocklistFrench()).isFalse();
        assertThat(c.notUsername()).isTrue();
        assertThat(c.notEmail()).isTrue();
        assertThat(c.maxRepeat()).isZero();
        assertThat(c.maxSequence()).isZero();
        assertThat(DouanePolicyConfigParser.format(c)).isEqualTo("minLength=8,maxLength=128,minLower=1,minUpper=1,minDigit=1,"
                + "minSpecial=1,blocklist=on,blocklistFrench=off,notUsername=on,notEmail=on,maxRepeat=0,maxSequence=0");
        assertThat(c).hasToString(DouanePolicyConfigParser.format(c));
    }

    @Test
    void parsesEveryKey() {
        DouanePolicyConfig c = DouanePolicyConfigParser.parse("minLength=12,maxLength=256,minLower=2,"
                + "minUpper=0,minDigit=3,minSpecial=2,specialChars=!%2C%25%3D+-(),blocklist=on,"
                + "blocklistFrench=on,notUsername=off,notEmail=on,maxRepeat=3,maxSequence=4");
        assertThat(c.minLength()).isEqualTo(12);
        assertThat(c.maxLength()).isEqualTo(256);
        assertThat(c.minLower()).isEqualTo(2);
        assertThat(c.minUpper()).isZero();
        assertThat(c.minDigit()).isEqualTo(3);
        assertThat(c.minSpecial()).isEqualTo(2);
        assertThat(c.specialChars().getCharacters()).isEqualTo("!,%=+-()");
        assertThat(c.blocklistFrench()).isTrue();
        assertThat(c.notUsername()).isFalse();
        assertThat(c.notEmail()).isTrue();
        assertThat(c.maxRepeat()).isEqualTo(3);
        assertThat(c.maxSequence()).isEqualTo(4);
        assertThat(DouanePolicyConfigParser.parse(DouanePolicyConfigParser.format(c))).isEqualTo(c);
    }

    @Test
    void nonAsciiSpecialsMayBeLiteralOrEncoded() {
        assertThat(DouanePolicyConfigParser.parse("specialChars=€§").specialChars().getCharacters()).isEqualTo("€§");
        assertThat(DouanePolicyConfigParser.parse("specialChars=%E2%82%AC%C2%A7").specialChars().getCharacters())
                .isEqualTo("€§");
    }

    /** The set is matched against the password as typed: a character NFKC would change can be listed and counts. */
    @Test
    void compatibilityCharactersMayBeListed() {
        DouanePolicyConfig c = DouanePolicyConfigParser.parse("specialChars=%C2%B2%EF%BC%81");
        assertThat(c.specialChars().getCharacters()).isEqualTo("\u00B2\uFF01");
        DouanePasswordPolicyProviderFactory factory = new DouanePasswordPolicyProviderFactory();
        factory.init(null);
        assertThat(factory.rules(c).check("Kxqmzw1\uFF01", null, null)).isEmpty();
        assertThat(factory.rules(c).check("Kxqmzw1!", null, null)).extracting(RuleSentence::rule)
                .containsExactly(DouaneRule.SPECIAL);
    }

    @Test
    void canonicalStringRoundTrips() {
        DouanePolicyConfig c = DouanePolicyConfigParser.parse("specialChars=%C2%A7%E2%82%AC!");
        assertThat(DouanePolicyConfigParser.parse(DouanePolicyConfigParser.format(c))).isEqualTo(c);
        assertThat(DouanePolicyConfigParser.parse(DouanePolicyConfigParser.format(DouanePolicyConfig.DEFAULT)))
                .isEqualTo(DouanePolicyConfig.DEFAULT);
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
        "blocklistFile=/etc/x                  | blocklistFile is a server option, not a realm setting",
        "blocklist=off,blocklistFrench=on      | blocklistFrench=on needs blocklist=on",
        "blocklistFrench=1                     | must be 'on' or 'off'",
        "specialChars=%                        | invalid percent-encoding at position 1",
        "specialChars=!%2                      | invalid percent-encoding at position 2",
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
        assertThatThrownBy(() -> DouanePolicyConfigParser.parse(raw))
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

}
