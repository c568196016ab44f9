package fr.douane.keycloak.policy;

import java.util.Map;

import org.passay.FailureRuleResult;
import org.passay.PasswordData;
import org.passay.RuleResult;
import org.passay.RuleResultDetail;
import org.passay.RuleResultMetadata;
import org.passay.SuccessRuleResult;
import org.passay.UnicodeString;
import org.passay.rule.Rule;

/**
 * "At least n characters of a Unicode general category": a Passay {@link Rule} for lower-case letters
 * (Ll), upper-case letters (Lu) and decimal digits (Nd).
 *
 * <p>Passay's {@code CharacterRule} needs the class spelled out as a string, which for "every lower-case
 * letter" means thousands of characters searched linearly; a category test is exact, constant-time per
 * character, and is what the checklist does in JavaScript ({@code /\p{Ll}/u}), so both sides agree on
 * {@code é} (lower), {@code À} (upper) and {@code ٣} (digit).
 */
final class UnicodeClassRule implements Rule {

    static final String ERROR_LOWER = "DOUANE_INSUFFICIENT_LOWERCASE";
    static final String ERROR_UPPER = "DOUANE_INSUFFICIENT_UPPERCASE";
    static final String ERROR_DIGIT = "DOUANE_INSUFFICIENT_DIGIT";

    private final int category;
    private final int minimum;
    private final String errorCode;

    private UnicodeClassRule(int category, int minimum, String errorCode) {
        this.category = category;
        this.minimum = minimum;
        this.errorCode = errorCode;
    }

    static UnicodeClassRule lower(int minimum) {
        return new UnicodeClassRule(Character.LOWERCASE_LETTER, minimum, ERROR_LOWER);
    }

    static UnicodeClassRule upper(int minimum) {
        return new UnicodeClassRule(Character.UPPERCASE_LETTER, minimum, ERROR_UPPER);
    }

    static UnicodeClassRule digit(int minimum) {
        return new UnicodeClassRule(Character.DECIMAL_DIGIT_NUMBER, minimum, ERROR_DIGIT);
    }

    @Override
    public RuleResult validate(PasswordData passwordData) {
        UnicodeString password = passwordData.getPassword();
        int n = password.codePointCount();
        int found = 0;
        for (int i = 0; i < n && found < minimum; i++) {
            if (Character.getType(password.codePointAt(i)) == category) {
                found++;
            }
        }
        if (found >= minimum) {
            return new SuccessRuleResult(new RuleResultMetadata());
        }
        return new FailureRuleResult(new RuleResultMetadata(),
                new RuleResultDetail(errorCode, Map.of("minimumRequired", minimum, "matchingCharacterCount", found)));
    }

    @Override
    public String toString() {
        return "UnicodeClassRule[" + errorCode + ", " + minimum + "]";
    }
}
