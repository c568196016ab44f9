package fr.douane.keycloak.policy;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.keycloak.policy.PolicyError;
import org.passay.PasswordData;
import org.passay.RuleResult;
import org.passay.RuleResultDetail;
import org.passay.data.EnglishSequenceData;
import org.passay.dictionary.Dictionary;
import org.passay.rule.IllegalSequenceRule;
import org.passay.rule.LengthRule;
import org.passay.rule.RepeatCharactersRule;
import org.passay.rule.Rule;

/**
 * One config compiled into Passay rules: immutable, thread-safe, built once per distinct config by the
 * factory and shared by every request.
 *
 * <p>Every rule is evaluated and every failure collected. The rules are Passay's ({@link LengthRule},
 * {@link RepeatCharactersRule}, {@link IllegalSequenceRule}) and ours written to
 * Passay's {@link Rule} contract ({@link CharacterClassesRule}); they are called one by one rather than through
 * Passay's {@code DefaultPasswordValidator}, whose result aggregation (metadata merge, message streams, entropy)
 * cost as much as the rules themselves and gives nothing here: only the error codes are read, and the texts
 * come from Keycloak's theme messages. The common-password list is a Passay {@link Dictionary}
 * ({@link DouaneBlocklist}) searched with the normalized text.
 */
public final class DouanePasswordRules {

    /** The rules in display order. */
    private enum Id { MIN_LENGTH, MAX_LENGTH, LOWER, UPPER, DIGIT, SPECIAL, REPEAT, SEQUENCE, NOT_USERNAME, NOT_EMAIL, BLOCKLIST }

    private static final Id[] ID_VALUES = Id.values();

    private final DouanePasswordPolicyConfig config;
    private final Rule[] rules;
    private final Dictionary blocklist;
    /** The violation reported for each rule: they only depend on the config, so they are built once. */
    private final DouanePasswordPolicyViolation[] violations = new DouanePasswordPolicyViolation[Id.values().length];
    /** The error's arguments per combination of unmet rules (index = bit set of Ids), filled on first use. */
    private final AtomicReferenceArray<Object[]> errorArguments = new AtomicReferenceArray<>(1 << Id.values().length);

    DouanePasswordRules(DouanePasswordPolicyConfig config, Dictionary blocklist) {
        this.config = config;
        List<Rule> rules = new ArrayList<>();
        rules.add(new LengthRule(config.getMinLength(), config.getMaxLength()));
        CharacterClassesRule classes = new CharacterClassesRule(config.getMinLower(), config.getMinUpper(),
                config.getMinDigit(), config.getMinSpecial(), config.getSpecialChars());
        if (!classes.requiresNothing()) {
            rules.add(classes);
        }
        if (config.getMaxRepeat() > 0) {
            // Passay's sequenceLength is the shortest illegal run.
            rules.add(new RepeatCharactersRule(config.getMaxRepeat() + 1, 1));
        }
        if (config.getMaxSequence() > 0) {
            int illegal = config.getMaxSequence() + 1;
            rules.add(new IllegalSequenceRule(EnglishSequenceData.Alphabetical, illegal, false, false));
            rules.add(new IllegalSequenceRule(EnglishSequenceData.Numerical, illegal, false, false));
            rules.add(new IllegalSequenceRule(EnglishSequenceData.USQwerty, illegal, false, false));
            rules.add(new IllegalSequenceRule(AzertySequenceData.AZERTY, illegal, false, false));
        }
        // The blocklist is a Passay Dictionary, searched directly with the normalized text: Passay's DictionaryRule
        // would first rebuild that text from the password's code points (a copy and a string per validation).
        this.blocklist = config.isBlocklist() ? blocklist : null;
        this.rules = rules.toArray(new Rule[0]);
        for (Id id : Id.values()) {
            violations[id.ordinal()] = describe(id);
        }
    }

    public DouanePasswordPolicyConfig getConfig() {
        return config;
    }

    /** The password as the rules see it: NFKC, nothing trimmed or truncated. */
    public static String normalize(String password) {
        if (password == null) {
            return "";
        }
        // ASCII is its own NFKC form: most passwords skip the normalizer.
        return isAscii(password) ? password : Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 128) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every unmet rule, in display order; empty when the password is acceptable.
     *
     * @param password as typed (normalized here)
     * @param username the account's username, or {@code null}
     * @param email the account's email, or {@code null}
     */
    public List<DouanePasswordPolicyViolation> check(String password, String username, String email) {
        return violationsOf(unmet(password, username, email));
    }

    /**
     * The error Keycloak shows for this password, or {@code null} when it is acceptable. Its arguments only
     * depend on which rules are unmet: they are built once per combination and copied.
     */
    public PolicyError error(String password, String username, String email) {
        int unmet = unmet(password, username, email);
        if (unmet == 0) {
            return null;
        }
        Object[] arguments = errorArguments.get(unmet);
        if (arguments == null) {
            arguments = DouaneUnmetRulesMessage.arguments(violationsOf(unmet));
            errorArguments.set(unmet, arguments);
        }
        return new PolicyError(DouanePasswordPolicyViolation.KEY_UNMET, arguments.clone());
    }

    /** One bit per unmet {@link Id}. */
    private int unmet(String password, String username, String email) {
        String normalized = normalize(password);
        int failed = 0; // one bit per Id
        PasswordData data = new PasswordData(normalized);
        for (Rule rule : rules) {
            RuleResult result = rule.validate(data);
            if (!result.isValid()) {
                for (RuleResultDetail detail : result.getDetails()) {
                    failed |= 1 << toId(detail.getErrorCode()).ordinal();
                }
            }
        }
        if (blocklist != null && blocklist.search(normalized)) {
            failed |= 1 << Id.BLOCKLIST.ordinal();
        }
        boolean sameAsUsername = config.isNotUsername() && sameText(normalized, username);
        if (sameAsUsername) {
            failed |= 1 << Id.NOT_USERNAME.ordinal();
        }
        // With "email as username" both would fire for the same string: report it once.
        if (config.isNotEmail() && sameText(normalized, email) && !(sameAsUsername && sameText(normalize(email), username))) {
            failed |= 1 << Id.NOT_EMAIL.ordinal();
        }
        return failed;
    }

    private List<DouanePasswordPolicyViolation> violationsOf(int failed) {
        if (failed == 0) {
            return List.of();
        }
        List<DouanePasswordPolicyViolation> out = new ArrayList<>(Integer.bitCount(failed));
        for (Id id : ID_VALUES) {
            if ((failed & 1 << id.ordinal()) != 0) {
                out.add(violations[id.ordinal()]);
            }
        }
        return out;
    }

    /** Same text ignoring case, both sides NFKC; {@code other} (a username, an email) is also stripped. */
    private static boolean sameText(String normalizedPassword, String other) {
        if (other == null || other.isBlank()) {
            return false;
        }
        String o = normalize(other.strip());
        if (isAscii(o) && isAscii(normalizedPassword)) {
            // Exact for ASCII, without lower-casing copies: the common case, on every validation.
            return normalizedPassword.equalsIgnoreCase(o);
        }
        return normalizedPassword.toLowerCase(Locale.ROOT).equals(o.toLowerCase(Locale.ROOT));
    }

    private static Id toId(String errorCode) {
        if (LengthRule.ERROR_CODE_MIN.equals(errorCode)) {
            return Id.MIN_LENGTH;
        }
        if (LengthRule.ERROR_CODE_MAX.equals(errorCode)) {
            return Id.MAX_LENGTH;
        }
        switch (errorCode) {
            case CharacterClassesRule.ERROR_LOWER: return Id.LOWER;
            case CharacterClassesRule.ERROR_UPPER: return Id.UPPER;
            case CharacterClassesRule.ERROR_DIGIT: return Id.DIGIT;
            case CharacterClassesRule.ERROR_SPECIAL: return Id.SPECIAL;
            case RepeatCharactersRule.ERROR_CODE: return Id.REPEAT;
            default:
                // IllegalSequenceRule reports the sequence data's code (alphabetical, numerical, QWERTY, AZERTY).
                return Id.SEQUENCE;
        }
    }

    private DouanePasswordPolicyViolation describe(Id id) {
        switch (id) {
            case MIN_LENGTH: return DouanePasswordPolicyViolation.minLength(config.getMinLength());
            case MAX_LENGTH: return DouanePasswordPolicyViolation.maxLength(config.getMaxLength());
            case LOWER: return DouanePasswordPolicyViolation.lower(config.getMinLower());
            case UPPER: return DouanePasswordPolicyViolation.upper(config.getMinUpper());
            case DIGIT: return DouanePasswordPolicyViolation.digit(config.getMinDigit());
            case SPECIAL: return DouanePasswordPolicyViolation.special(config.getMinSpecial(), config.getSpecialChars());
            case REPEAT: return DouanePasswordPolicyViolation.repeat(config.getMaxRepeat());
            case SEQUENCE: return DouanePasswordPolicyViolation.sequence(config.getMaxSequence());
            case NOT_USERNAME: return DouanePasswordPolicyViolation.notUsername();
            case NOT_EMAIL: return DouanePasswordPolicyViolation.notEmail();
            default: return DouanePasswordPolicyViolation.blocklisted();
        }
    }
}
