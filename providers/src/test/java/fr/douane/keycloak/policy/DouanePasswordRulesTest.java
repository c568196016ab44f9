package fr.douane.keycloak.policy;

import static fr.douane.keycloak.policy.DouaneRule.BLOCKLIST;
import static fr.douane.keycloak.policy.DouaneRule.DIGIT;
import static fr.douane.keycloak.policy.DouaneRule.INVISIBLE;
import static fr.douane.keycloak.policy.DouaneRule.LOWER;
import static fr.douane.keycloak.policy.DouaneRule.MAX_LENGTH;
import static fr.douane.keycloak.policy.DouaneRule.MIN_LENGTH;
import static fr.douane.keycloak.policy.DouaneRule.NOT_EMAIL;
import static fr.douane.keycloak.policy.DouaneRule.NOT_USERNAME;
import static fr.douane.keycloak.policy.DouaneRule.REPEAT;
import static fr.douane.keycloak.policy.DouaneRule.SEQUENCE;
import static fr.douane.keycloak.policy.DouaneRule.SPECIAL;
import static fr.douane.keycloak.policy.DouaneRule.UPPER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The douane rule (default config), as a table: password, account, and exactly which rules fail. The rules see
 * the password as it will be hashed; only the matching rules (blocklist, username, email) fold it with NFKC.
 */
class DouanePasswordRulesTest {

    private static final String USER = "jdupont";
    private static final String EMAIL = "jean.dupont@example.fr";

    private static DouanePasswordPolicyProviderFactory factory;

    @BeforeAll
    static void loadFactory() {
        factory = new DouanePasswordPolicyProviderFactory();
        factory.init(null);
    }

    private static Arguments ok(String why, String password) {
        return Arguments.of(why, password, USER, EMAIL, List.of());
    }

    private static Arguments ko(String why, String password, DouaneRule... failed) {
        return Arguments.of(why, password, USER, EMAIL, List.of(failed));
    }

    private static Arguments account(String why, String password, String username, String email, DouaneRule... failed) {
        return Arguments.of(why, password, username, email, List.of(failed));
    }

    static Stream<Arguments> table() {
        String x124 = "x".repeat(124);
        return Stream.of(
                // the procedure's rule: the underscore is not a special character
                ok("! as special", "Kxqmzw1_!"),
                ko("underscore is not special", "Kxqmzw1_", SPECIAL),
                ko("only underscores as specials", "Mot_De_Passe_2024", SPECIAL),
                // each class missing
                ko("no upper case", "kxqmzw1!", UPPER),
                ko("no lower case", "KXQMZW1!", LOWER),
                ko("no digit", "Kxqmzwg!", DIGIT),
                ko("no special", "Kxqmzw12", SPECIAL),
                ko("only lower case", "kxqmzwpt", UPPER, DIGIT, SPECIAL),
                ko("empty", "", MIN_LENGTH, LOWER, UPPER, DIGIT, SPECIAL),
                ko("one letter", "a", MIN_LENGTH, UPPER, DIGIT, SPECIAL),
                // length boundaries
                ko("7 characters", "Abc1!xy", MIN_LENGTH),
                ok("8 characters", "Abc1!xyz"),
                ok("128 characters", "Aa1!" + x124),
                ko("129 characters", "Aa1!" + x124 + "x", MAX_LENGTH),
                ko("129 characters, no digit either", "Aa!!" + x124 + "x", MAX_LENGTH, DIGIT),
                // emoji count as one code point each, and are not special
                ko("emoji is not special", "Kxqmzw1\uD83D\uDE00", SPECIAL),
                ok("7 ASCII + 1 emoji = 8 code points", "Kxqmz1!\uD83D\uDE00"),
                ko("7 code points although 9 UTF-16 units", "Kxq1!\uD83D\uDE00\uD83D\uDE00", MIN_LENGTH),
                // as typed, as hashed: code points of the raw string, never of its NFKC form
                ko("U+FDFA is one code point although NFKC makes 18 characters of it", "Aa1!\uFDFA", MIN_LENGTH),
                ko("U+FDFA three times is still 7 characters", "Aa1!\uFDFA\uFDFA\uFDFA", MIN_LENGTH),
                ok("NFC accented", "\u00C9l\u00E9gant1!"),
                ok("NFD accented", "E\u0301le\u0301gant1!"),
                ko("NFC: 7 characters", "\u00C9t\u00E9!1a", MIN_LENGTH),
                ok("NFD: the same word typed decomposed is 9 code points, as hashed", "E\u0301te\u0301!1a"),
                ok("a full-width letter is an upper-case letter by itself", "\uFF2Bxqmzw1!"),
                ok("a full-width digit is a decimal digit by itself", "Kxqmzwg\uFF11!"),
                ok("the ligature fi is one lower-case letter", "\uFB01nance1A!"),
                ko("the ligature fi counts once in the length", "\uFB01nan1A!", MIN_LENGTH),
                ko("superscript two is a special character, not a digit", "Kxqmzwg\u00B2", DIGIT),
                ok("superscript two as the special character", "Kxqmzw1\u00B2"),
                ko("a full-width exclamation mark is not in the special set", "Kxqmzw1\uFF01", SPECIAL),
                // µ and invisible characters
                ok("micro sign is a lower-case letter", "KXQMZW1!\u00B5"),
                ok("diaeresis on its own is special", "Kxqmzw1\u00A8"),
                ko("soft hyphen is refused", "Abc\u00ADdef1!", INVISIBLE),
                ko("soft hyphen does not count in the length", "Abc1!xy\u00AD", MIN_LENGTH, INVISIBLE),
                ko("tab is refused", "Kxqmzw1!\t", INVISIBLE),
                ko("NUL is refused", "Kxqmzw1!\u0000", INVISIBLE),
                ko("a lone surrogate is refused (hashed as ?)", "Kxqmzw1!\uD800", INVISIBLE),
                ko("right-to-left override is refused", "Kxqmzw1!\u202E", INVISIBLE),
                ko("line separator is refused", "Kxqmzw1!\u2028", INVISIBLE),
                ko("an emoji joined with zero-width joiners holds invisible characters", "Kxqmzw1!\uD83D\uDC68\u200D\uD83D\uDC67", INVISIBLE),
                ok("a flag of regional indicators has none", "Kxqmzw1!\uD83C\uDDEB\uD83C\uDDF7"),
                ok("an emoji with a variation selector has none", "Kxqmzw1!\u2764\uFE0F"),
                ok("no-break space is a space: allowed", "Abc\u00A0def1!"),
                ok("combining accent on its own letter", "Kxqmzw1!e\u0301"),
                // what counts as what
                ko("accented lower case letters are lower case", "\u00E9\u00E9\u00E9\u00E9\u00E9\u00E91!", UPPER),
                ko("accented upper case letters are upper case", "\u00C0\u00C9\u00C8\u00CA1234!", LOWER),
                ko("space is not special", "Kxqmzw1 ", SPECIAL),
                ok("space is allowed", "Abc def 1!"),
                ok("euro sign is special", "Kxqmzw1\u20AC"),
                ok("section sign is special", "Kxqmzw1\u00A7"),
                ok("typographic apostrophe is special", "Kxqmzw1\u2019"),
                ok("French quotes are special", "Kxqmzw1\u00AB"),
                ok("backslash is special", "Kxqmzw1\\"),
                // blocklist, with case, digit, symbol and leetspeak variants
                ko("blocklist azerty", "Azerty123!", BLOCKLIST),
                ko("blocklist AZERTY upper", "AZERTY123!", BLOCKLIST, LOWER),
                ko("blocklist mixed case", "aZeRtY123!", BLOCKLIST),
                ko("blocklist leetspeak", "P@ssw0rd1!", BLOCKLIST),
                ko("blocklist motdepasse", "Motdepasse1!", BLOCKLIST),
                ko("blocklist leet motdepasse", "M0tDeP@sse!", BLOCKLIST),
                ko("blocklist soleil + year", "Soleil2024!", BLOCKLIST),
                ko("blocklist leading digits", "123Soleil!", BLOCKLIST),
                ko("blocklist exact digits", "123456", MIN_LENGTH, LOWER, UPPER, SPECIAL, BLOCKLIST),
                ko("blocklist qwerty", "Qwerty1!", BLOCKLIST),
                ko("blocklist the service name", "Douane2026!", BLOCKLIST),
                ko("blocklist bonjour", "Bonjour!1", BLOCKLIST),
                ko("abcdef is among the common passwords, however decorated", "Abcdef1_!", BLOCKLIST),
                ko("so is dragon, from the npm list", "Dragon2024!", BLOCKLIST),
                ok("a word that merely contains a listed one", "Soleillevant7!"),
                ok("classic strong example", "Tr0ub4dor&3"),
                ok("passphrase", "Correct-Horse-Battery-Staple-1"),
                // username and email
                account("password equals username, other case", "Jean.Dupont_75!", "jean.dupont_75!", EMAIL, NOT_USERNAME),
                account("password equals email", "Jean.Dupont1@example.fr", USER, "Jean.Dupont1@example.fr", NOT_EMAIL),
                account("email used as username is reported once", "Jean.Dupont1@example.fr", "jean.dupont1@example.fr",
                        "jean.dupont1@example.fr", NOT_USERNAME),
                account("no account data (registration without email)", "Kxqmzw1_!", null, null),
                account("everything wrong at once", "jdupont", "jdupont", EMAIL, MIN_LENGTH, UPPER, DIGIT, SPECIAL, NOT_USERNAME)
        );
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("table")
    void douaneRule(String why, String password, String username, String email, List<DouaneRule> expected) {
        List<DouaneRule> failed = ids(factory.rules(DouanePolicyConfig.DEFAULT).check(password, username, email));
        assertThat(failed).as(why).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void reportsInDisplayOrder() {
        List<DouaneRule> failed = ids(factory.rules(DouanePolicyConfig.DEFAULT).check("123456", null, null));
        assertThat(failed).containsExactly(MIN_LENGTH, LOWER, UPPER, SPECIAL, BLOCKLIST);
    }

    @ParameterizedTest(name = "U+{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"200B", "200C", "200D", "2060", "FEFF"})
    void zeroWidthCharactersAreRefusedAndDoNotCountInTheLength(String hex) {
        String zw = new String(Character.toChars(Integer.parseInt(hex, 16)));
        DouanePasswordRules rules = factory.rules(DouanePolicyConfig.DEFAULT);
        assertThat(ids(rules.check("Aa1!" + zw.repeat(4), USER, EMAIL))).as("padded to 8").containsExactly(MIN_LENGTH, INVISIBLE);
        assertThat(ids(rules.check("Kxqm" + zw + "zw1!", USER, EMAIL))).as("inside").containsExactly(INVISIBLE);
        assertThat(ids(rules.check(zw + "Kxqmzw1!", USER, EMAIL))).as("leading").containsExactly(INVISIBLE);
        assertThat(ids(rules.check("Kxqmzw1!", USER, EMAIL))).as("the same without it").isEmpty();
    }

    /**
     * Past twice the maximum in UTF-16 units a password is refused for its length alone: what it contains (here
     * the username, a listed word, invisible characters, no digit) is never looked at.
     */
    @Test
    void aMegabyteIsRefusedForItsLengthWithoutLookingAtIt() {
        DouanePasswordRules rules = factory.rules(DouanePolicyConfig.DEFAULT);
        String megabyte = "soleil" + "\u200B".repeat(1 << 20);
        assertThat(ids(rules.check(megabyte, "soleil" + "\u200B".repeat(1 << 20), null))).containsExactly(MAX_LENGTH);
        assertThat(rules.check(megabyte, null, null)).isSameAs(rules.check("x".repeat(257), null, null));
        // At the cut-off itself the password is still read: 256 units, 256 code points, no digit.
        assertThat(ids(rules.check("Aa!!" + "x".repeat(252), null, null))).containsExactly(MAX_LENGTH, DIGIT);
        assertThat(ids(rules.check("Aa!!" + "x".repeat(253), null, null))).containsExactly(MAX_LENGTH);
        // 128 code points in 252 units (emoji take two) are within the maximum; one more is not.
        String emoji = "\uD83D\uDE00";
        assertThat(ids(rules.check("Aa1!" + emoji.repeat(124), null, null))).isEmpty();
        assertThat(ids(rules.check("Aa1!" + emoji.repeat(125), null, null))).containsExactly(MAX_LENGTH);
    }

    /** The maximum bounds what is stored, invisible characters included; the minimum counts what is seen. */
    @Test
    void theMaximumCountsEveryCodePoint() {
        DouanePasswordRules rules = factory.rules(DouanePolicyConfig.DEFAULT);
        assertThat(ids(rules.check("Aa1!" + "x".repeat(120) + "\u00AD".repeat(5), null, null))).containsExactly(MAX_LENGTH, INVISIBLE);
    }

    /** NFKC still serves the matching rules, where it can only refuse more. */
    @Test
    void matchingRulesStillFoldCompatibilityForms() {
        DouanePasswordRules rules = factory.rules(DouanePolicyConfig.DEFAULT);
        assertThat(ids(rules.check("\uFF33oleil2024!", USER, EMAIL))).as("full-width S").containsExactly(BLOCKLIST);
        assertThat(ids(rules.check("\uFF2Adupont-1!", "jdupont-1!", EMAIL))).as("full-width J").containsExactly(NOT_USERNAME);
    }

    @Test
    void neverTruncates() {
        String longPassword = "Aa1!" + "y".repeat(4000);
        assertThat(factory.rules(DouanePolicyConfig.DEFAULT).check(longPassword, null, null))
                .extracting(RuleSentence::rule).containsExactly(MAX_LENGTH);
    }

    @Test
    void configuredVariant() {
        DouanePolicyConfig c = DouanePolicyConfigParser.parse(
                "minLength=12,minSpecial=2,minDigit=0,maxRepeat=2,maxSequence=3,blocklist=off,notEmail=off");
        DouanePasswordRules rules = factory.rules(c);
        assertThat(ids(rules.check("Azertyuiop!!", USER, EMAIL))).containsExactly(SEQUENCE);
        assertThat(ids(rules.check("Kxaaav!!Mzqp", USER, EMAIL))).containsExactly(REPEAT);
        assertThat(ids(rules.check("Kxaav!!Mzqpw", USER, EMAIL))).isEmpty();
        assertThat(ids(rules.check("Kx\uFB00fv!!Mzqpw", USER, EMAIL))).as("ﬀ then f, not fff: the password as typed").isEmpty();
        assertThat(ids(rules.check("Kx\uFF41\uFF42\uFF43\uFF44!!Mzqp", USER, EMAIL))).as("full-width abcd is not the ASCII run").isEmpty();
        assertThat(ids(rules.check("Kxav!Mzqpwrt", USER, EMAIL))).containsExactly(SPECIAL);
        assertThat(ids(rules.check("Abcd!!Mzqpwt", USER, EMAIL))).containsExactly(SEQUENCE);
        assertThat(ids(rules.check("Soleil2024!!", USER, EMAIL))).as("blocklist off").isEmpty();
        assertThat(ids(rules.check("jean.dupont@example.fr", USER, "jean.dupont@example.fr")))
                .as("notEmail off").doesNotContain(NOT_EMAIL);
    }

    @Test
    void customSpecialSet() {
        DouanePasswordRules rules = factory.rules(DouanePolicyConfigParser.parse("specialChars=_%25"));
        assertThat(ids(rules.check("Kxqmzw1_", null, null))).isEmpty();
        assertThat(ids(rules.check("Kxqmzw1!", null, null))).containsExactly(SPECIAL);
        assertThat(rules.check("Kxqmzw1!", null, null).get(0).messageKey()).isEqualTo("douanePasswordPolicySpecialChars");
    }

    @Test
    void compiledOncePerConfig() {
        assertThat(factory.rules(DouanePolicyConfigParser.parse("")))
                .isSameAs(factory.rules(DouanePolicyConfigParser.parse(DouanePolicyConfigParser.format(DouanePolicyConfig.DEFAULT))));
    }

    /** The list only depends on which rules are unmet: one shared, unmodifiable list per combination. */
    @Test
    void oneListPerCombinationOfUnmetRules() {
        DouanePasswordRules rules = factory.rules(DouanePolicyConfig.DEFAULT);
        List<RuleSentence> abc = rules.check("abc", USER, EMAIL);
        assertThat(ids(abc)).containsExactly(MIN_LENGTH, UPPER, DIGIT, SPECIAL);
        assertThat(rules.check("xyz", USER, EMAIL)).isSameAs(abc);
        assertThat(rules.check("Kxqmzwpt1!", USER, EMAIL)).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> abc.add(abc.get(0)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aNewConfigIsNotServedTheLastOnesRules() {
        DouanePasswordRules twelve = factory.rules(DouanePolicyConfigParser.parse("minLength=12"));
        DouanePasswordRules def = factory.rules(DouanePolicyConfig.DEFAULT);
        assertThat(factory.rules(DouanePolicyConfigParser.parse("minLength=12"))).isSameAs(twelve).isNotSameAs(def);
        assertThat(twelve.getConfig().minLength()).isEqualTo(12);
    }

    private static List<DouaneRule> ids(List<RuleSentence> v) {
        return v.stream().map(RuleSentence::rule).collect(Collectors.toList());
    }
}
