package fr.douane.keycloak.policy;

import static fr.douane.keycloak.policy.DouanePasswordPolicyViolation.BLOCKLIST;
import static fr.douane.keycloak.policy.DouanePasswordPolicyViolation.DIGIT;
import static fr.douane.keycloak.policy.DouanePasswordPolicyViolation.LOWER;
import static fr.douane.keycloak.policy.DouanePasswordPolicyViolation.MAX_LENGTH;
import static fr.douane.keycloak.policy.DouanePasswordPolicyViolation.MIN_LENGTH;
import static fr.douane.keycloak.policy.DouanePasswordPolicyViolation.NOT_EMAIL;
import static fr.douane.keycloak.policy.DouanePasswordPolicyViolation.NOT_USERNAME;
import static fr.douane.keycloak.policy.DouanePasswordPolicyViolation.REPEAT;
import static fr.douane.keycloak.policy.DouanePasswordPolicyViolation.SEQUENCE;
import static fr.douane.keycloak.policy.DouanePasswordPolicyViolation.SPECIAL;
import static fr.douane.keycloak.policy.DouanePasswordPolicyViolation.UPPER;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The douane rule (default config), as a table: password, account, and exactly which rules fail. */
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

    private static Arguments ko(String why, String password, String... failed) {
        return Arguments.of(why, password, USER, EMAIL, List.of(failed));
    }

    private static Arguments account(String why, String password, String username, String email, String... failed) {
        return Arguments.of(why, password, username, email, List.of(failed));
    }

    static Stream<Arguments> table() {
        String x124 = "x".repeat(124);
        return Stream.of(
                // the seed's own examples
                ok("douane example with ! as special", "Abcdef1_!"),
                ko("underscore is not special", "Abcdef1_", SPECIAL),
                ko("only underscores as specials", "Mot_De_Passe_2024", SPECIAL),
                // each class missing
                ko("no upper case", "abcdef1!", UPPER),
                ko("no lower case", "ABCDEF1!", LOWER),
                ko("no digit", "Abcdefg!", DIGIT),
                ko("no special", "Abcdef12", SPECIAL),
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
                ko("emoji is not special", "Abcdef1\uD83D\uDE00", SPECIAL),
                ok("7 ASCII + 1 emoji = 8 code points", "Abcde1!\uD83D\uDE00"),
                ko("7 code points although 9 UTF-16 units", "Abc1!\uD83D\uDE00\uD83D\uDE00", MIN_LENGTH),
                // normalization: NFC and NFD are the same password; NFKC folds compatibility forms
                ok("NFC accented", "\u00C9l\u00E9gant1!"),
                ok("NFD accented", "E\u0301le\u0301gant1!"),
                ko("NFD: 9 UTF-16 units, 7 characters once normalized", "E\u0301te\u0301!1a", MIN_LENGTH),
                ok("fullwidth letters fold to ASCII", "\uFF21bcdef1!"),
                ok("fullwidth digit counts as a digit", "Abcdefg\uFF11!"),
                ok("ligature fi folds to two letters", "\uFB01nance1A!"),
                ko("superscript two becomes a digit, not a special", "Abcdefg\u00B2", SPECIAL),
                // what counts as what
                ko("accented lower case letters are lower case", "\u00E9\u00E9\u00E9\u00E9\u00E9\u00E91!", UPPER),
                ko("accented upper case letters are upper case", "\u00C0\u00C9\u00C8\u00CA1234!", LOWER),
                ko("space is not special", "Abcdef1 ", SPECIAL),
                ok("space is allowed", "Abc def 1!"),
                ok("euro sign is special", "Abcdef1\u20AC"),
                ok("section sign is special", "Abcdef1\u00A7"),
                ok("typographic apostrophe is special", "Abcdef1\u2019"),
                ok("French quotes are special", "Abcdef1\u00AB"),
                ok("backslash is special", "Abcdef1\\"),
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
                ok("a word that merely contains a listed one", "Soleillevant7!"),
                ok("classic strong example", "Tr0ub4dor&3"),
                ok("passphrase", "Correct-Horse-Battery-Staple-1"),
                // username and email
                account("password equals username, other case", "Jean.Dupont_75!", "jean.dupont_75!", EMAIL, NOT_USERNAME),
                account("password equals email", "Jean.Dupont1@example.fr", USER, "Jean.Dupont1@example.fr", NOT_EMAIL),
                account("email used as username is reported once", "Jean.Dupont1@example.fr", "jean.dupont1@example.fr",
                        "jean.dupont1@example.fr", NOT_USERNAME),
                account("no account data (registration without email)", "Abcdef1_!", null, null),
                account("everything wrong at once", "jdupont", "jdupont", EMAIL, MIN_LENGTH, UPPER, DIGIT, SPECIAL, NOT_USERNAME)
        );
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("table")
    void douaneRule(String why, String password, String username, String email, List<String> expected) {
        List<String> failed = factory.rules(DouanePasswordPolicyConfig.DEFAULT).check(password, username, email)
                .stream().map(DouanePasswordPolicyViolation::getRuleId).collect(Collectors.toList());
        assertThat(failed).as(why).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void reportsInDisplayOrder() {
        List<String> failed = factory.rules(DouanePasswordPolicyConfig.DEFAULT).check("123456", null, null)
                .stream().map(DouanePasswordPolicyViolation::getRuleId).collect(Collectors.toList());
        assertThat(failed).containsExactly(MIN_LENGTH, LOWER, UPPER, SPECIAL, BLOCKLIST);
    }

    @Test
    void neverTruncates() {
        String longPassword = "Aa1!" + "y".repeat(4000);
        assertThat(factory.rules(DouanePasswordPolicyConfig.DEFAULT).check(longPassword, null, null))
                .extracting(DouanePasswordPolicyViolation::getRuleId).containsExactly(MAX_LENGTH);
    }

    @Test
    void configuredVariant() {
        DouanePasswordPolicyConfig c = DouanePasswordPolicyConfig.parse(
                "minLength=12,minSpecial=2,minDigit=0,maxRepeat=2,maxSequence=3,blocklist=off,notEmail=off");
        DouanePasswordRules rules = factory.rules(c);
        assertThat(ids(rules.check("Azertyuiop!!", USER, EMAIL))).containsExactly(SEQUENCE);
        assertThat(ids(rules.check("Kxaaav!!Mzqp", USER, EMAIL))).containsExactly(REPEAT);
        assertThat(ids(rules.check("Kxaav!!Mzqpw", USER, EMAIL))).isEmpty();
        assertThat(ids(rules.check("Kxav!Mzqpwrt", USER, EMAIL))).containsExactly(SPECIAL);
        assertThat(ids(rules.check("Abcd!!Mzqpwt", USER, EMAIL))).containsExactly(SEQUENCE);
        assertThat(ids(rules.check("Soleil2024!!", USER, EMAIL))).as("blocklist off").isEmpty();
        assertThat(ids(rules.check("jean.dupont@example.fr", USER, "jean.dupont@example.fr")))
                .as("notEmail off").doesNotContain(NOT_EMAIL);
    }

    @Test
    void customSpecialSet() {
        DouanePasswordRules rules = factory.rules(DouanePasswordPolicyConfig.parse("specialChars=_%25"));
        assertThat(ids(rules.check("Abcdef1_", null, null))).isEmpty();
        assertThat(ids(rules.check("Abcdef1!", null, null))).containsExactly(SPECIAL);
        assertThat(rules.check("Abcdef1!", null, null).get(0).getMessageKey())
                .isEqualTo(DouanePasswordPolicyViolation.KEY_SPECIAL);
    }

    @Test
    void compiledOncePerConfig() {
        assertThat(factory.rules(DouanePasswordPolicyConfig.parse("")))
                .isSameAs(factory.rules(DouanePasswordPolicyConfig.parse(DouanePasswordPolicyConfig.DEFAULT.toConfigString())));
    }

    @Test
    void theErrorCarriesExactlyTheCheckedViolationsAndIsNeverShared() {
        DouanePasswordRules rules = factory.rules(DouanePasswordPolicyConfig.DEFAULT);
        for (String p : List.of("abc", "ABCDEFGH", "Abcdef1_", "Soleil2024!", "jdupont", "JEAN.DUPONT@example.fr", "Kxqmzwpt1!")) {
            List<DouanePasswordPolicyViolation> unmet = rules.check(p, USER, EMAIL);
            org.keycloak.policy.PolicyError first = rules.error(p, USER, EMAIL);
            if (unmet.isEmpty()) {
                assertThat(first).as(p).isNull();
                continue;
            }
            assertThat(first.getParameters()).as(p).containsExactly(DouaneUnmetRulesMessage.error(unmet).getParameters());
            org.keycloak.policy.PolicyError again = rules.error(p, USER, EMAIL);
            assertThat(again.getParameters()).containsExactly(first.getParameters()).isNotSameAs(first.getParameters());
        }
    }

    @Test
    void aNewConfigIsNotServedTheLastOnesRules() {
        DouanePasswordRules twelve = factory.rules(DouanePasswordPolicyConfig.parse("minLength=12"));
        DouanePasswordRules def = factory.rules(DouanePasswordPolicyConfig.DEFAULT);
        assertThat(factory.rules(DouanePasswordPolicyConfig.parse("minLength=12"))).isSameAs(twelve).isNotSameAs(def);
        assertThat(twelve.getConfig().getMinLength()).isEqualTo(12);
    }

    private static List<String> ids(List<DouanePasswordPolicyViolation> v) {
        return v.stream().map(DouanePasswordPolicyViolation::getRuleId).collect(Collectors.toList());
    }
}
