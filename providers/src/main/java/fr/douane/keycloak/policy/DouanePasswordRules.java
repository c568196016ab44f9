package fr.douane.keycloak.policy;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.passay.DefaultPasswordValidator;
import org.passay.PasswordData;
import org.passay.PasswordValidator;
import org.passay.FailureRuleResult;
import org.passay.RuleResult;
import org.passay.RuleResultMetadata;
import org.passay.SuccessRuleResult;
import org.passay.UnicodeString;
import org.passay.RuleResultDetail;
import org.passay.ValidationResult;
import org.passay.data.EnglishSequenceData;
import org.passay.dictionary.Dictionary;
import org.passay.rule.CharacterRule;
import org.passay.rule.DictionaryRule;
import org.passay.rule.IllegalSequenceRule;
import org.passay.rule.LengthRule;
import org.passay.rule.RepeatCharactersRule;
import org.passay.rule.Rule;

/**
 * One config compiled into a Passay validator: immutable, thread-safe, built once per distinct config
 * by the factory and shared by every request.
 *
 * <p>Passay runs with {@code failFast=false} so every rule is evaluated and every failure collected; the
 * entropy estimate and message resolution are switched off (we translate with Keycloak's theme messages).
 */
public final class DouanePasswordRules {

    private enum Id { MIN_LENGTH, MAX_LENGTH, LOWER, UPPER, DIGIT, SPECIAL, REPEAT, SEQUENCE, NOT_USERNAME, NOT_EMAIL, BLOCKLIST }

    private final DouanePasswordPolicyConfig config;
    private final PasswordValidator validator;

    DouanePasswordRules(DouanePasswordPolicyConfig config, Dictionary blocklist) {
        this.config = config;
        List<Rule> rules = new ArrayList<>();
        rules.add(new LengthRule(config.getMinLength(), config.getMaxLength()));
        if (config.getMinLower() > 0) {
            rules.add(UnicodeClassRule.lower(config.getMinLower()));
        }
        if (config.getMinUpper() > 0) {
            rules.add(UnicodeClassRule.upper(config.getMinUpper()));
        }
        if (config.getMinDigit() > 0) {
            rules.add(UnicodeClassRule.digit(config.getMinDigit()));
        }
        if (config.getMinSpecial() > 0) {
            rules.add(new SpecialCharacterRule(config.getSpecialChars(), config.getMinSpecial()));
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
        if (config.isBlocklist() && blocklist != null) {
            rules.add(new DictionaryRule(blocklist));
        }
        this.validator = new DefaultPasswordValidator(false, DefaultPasswordValidator.NULL_MESSAGE_RESOLVER,
                DefaultPasswordValidator.NO_ENTROPY_PROVIDER, rules);
    }

    public DouanePasswordPolicyConfig getConfig() {
        return config;
    }

    /** The password as the rules see it: NFKC, nothing trimmed or truncated. */
    public static String normalize(String password) {
        return password == null ? "" : Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    /**
     * Every unmet rule, in display order; empty when the password is acceptable.
     *
     * @param password as typed (normalized here)
     * @param username the account's username, or {@code null}
     * @param email the account's email, or {@code null}
     */
    public List<DouanePasswordPolicyViolation> check(String password, String username, String email) {
        String normalized = normalize(password);
        Set<Id> failed = EnumSet.noneOf(Id.class);
        ValidationResult result = validator.validate(new PasswordData(normalized));
        if (!result.isValid()) {
            for (RuleResultDetail detail : result.getDetails()) {
                failed.add(toId(detail.getErrorCode()));
            }
        }
        String pw = normalized.toLowerCase(Locale.ROOT);
        boolean sameAsUsername = config.isNotUsername() && sameText(pw, username);
        if (sameAsUsername) {
            failed.add(Id.NOT_USERNAME);
        }
        // With "email as username" both would fire for the same string: report it once.
        if (config.isNotEmail() && sameText(pw, email) && !(sameAsUsername && sameText(normalize(email).toLowerCase(Locale.ROOT), username))) {
            failed.add(Id.NOT_EMAIL);
        }
        List<DouanePasswordPolicyViolation> out = new ArrayList<>(failed.size());
        for (Id id : failed) {
            out.add(describe(id));
        }
        return out;
    }

    private static boolean sameText(String lowerPassword, String other) {
        if (other == null || other.isBlank()) {
            return false;
        }
        return lowerPassword.equals(normalize(other.strip()).toLowerCase(Locale.ROOT));
    }

    private static Id toId(String errorCode) {
        if (LengthRule.ERROR_CODE_MIN.equals(errorCode)) {
            return Id.MIN_LENGTH;
        }
        if (LengthRule.ERROR_CODE_MAX.equals(errorCode)) {
            return Id.MAX_LENGTH;
        }
        switch (errorCode) {
            case UnicodeClassRule.ERROR_LOWER: return Id.LOWER;
            case UnicodeClassRule.ERROR_UPPER: return Id.UPPER;
            case UnicodeClassRule.ERROR_DIGIT: return Id.DIGIT;
            case DouaneSpecialCharacterData.ERROR_CODE: return Id.SPECIAL;
            case RepeatCharactersRule.ERROR_CODE: return Id.REPEAT;
            case DictionaryRule.ERROR_CODE:
            case DictionaryRule.ERROR_CODE_REVERSED: return Id.BLOCKLIST;
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

    /**
     * "At least n characters of the special set", in the style of {@link UnicodeClassRule}. Passay's
     * {@link CharacterRule} would do, but it builds its metadata with
     * {@code CountCategory.valueOf(characterData.toString())}, which for any {@code CharacterData} other than
     * Passay's own enums throws and catches an {@code IllegalArgumentException} on every validation (a stack
     * trace per password: the largest single cost of the policy in the benchmark), and it collects the
     * matching characters into a string nobody reads here.
     */
    static final class SpecialCharacterRule implements Rule {
        private final DouaneSpecialCharacterData data;
        private final int minimum;

        SpecialCharacterRule(DouaneSpecialCharacterData data, int minimum) {
            this.data = data;
            this.minimum = minimum;
        }

        @Override
        public RuleResult validate(PasswordData passwordData) {
            UnicodeString password = passwordData.getPassword();
            int n = password.codePointCount();
            int found = 0;
            for (int i = 0; i < n && found < minimum; i++) {
                if (data.contains(password.codePointAt(i))) {
                    found++;
                }
            }
            if (found >= minimum) {
                return new SuccessRuleResult(new RuleResultMetadata());
            }
            return new FailureRuleResult(new RuleResultMetadata(), new RuleResultDetail(data.getErrorCode(),
                    Map.of("minimumRequired", minimum, "matchingCharacterCount", found, "validCharacters", data.getCharacters())));
        }

        @Override
        public String toString() {
            return "SpecialCharacterRule[" + data + ", " + minimum + "]";
        }
    }
}
