package fr.douane.keycloak.policy;

import java.util.ArrayList;
import java.util.List;
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
 * "At least n lower-case letters, n upper-case letters, n digits and n special characters", as one Passay
 * {@link Rule} that reads the password once and reports every class that falls short.
 *
 * <p>The code points are those of the password as typed (never normalized): a character counts by what it
 * is. Letters and digits are Unicode general categories (Ll, Lu, Nd), what the checklist does in JavaScript
 * ({@code /\p{Ll}/u}), so both sides agree on {@code é} (lower), {@code À} (upper) and {@code ٣} (digit);
 * Passay's {@code CharacterRule} would need each class spelled out as a string searched linearly. Special
 * characters are the config's set ({@link DouaneSpecialCharacterData}), looked up in a 128-bit mask for ASCII.
 *
 * <p>One rule instead of four because the four walks over the password were the largest part of the
 * policy's time in the benchmark (docs/benchmarks.md).
 */
final class CharacterClassesRule implements Rule {

    static final String ERROR_LOWER = "DOUANE_INSUFFICIENT_LOWERCASE";
    static final String ERROR_UPPER = "DOUANE_INSUFFICIENT_UPPERCASE";
    static final String ERROR_DIGIT = "DOUANE_INSUFFICIENT_DIGIT";
    static final String ERROR_SPECIAL = DouaneSpecialCharacterData.ERROR_CODE;

    private static final RuleResult SUCCESS = new SuccessRuleResult(new RuleResultMetadata());

    private final int minLower;
    private final int minUpper;
    private final int minDigit;
    private final int minSpecial;
    private final DouaneSpecialCharacterData specials;
    /** ASCII members of the special set, bit c of {@code asciiLow} (c < 64) or of {@code asciiHigh} (c - 64). */
    private final long asciiLow;
    private final long asciiHigh;

    CharacterClassesRule(int minLower, int minUpper, int minDigit, int minSpecial, DouaneSpecialCharacterData specials) {
        this.minLower = minLower;
        this.minUpper = minUpper;
        this.minDigit = minDigit;
        this.minSpecial = minSpecial;
        this.specials = specials;
        long low = 0;
        long high = 0;
        for (int c = 0; c < 128; c++) {
            if (specials.contains(c)) {
                if (c < 64) {
                    low |= 1L << c;
                } else {
                    high |= 1L << (c - 64);
                }
            }
        }
        this.asciiLow = low;
        this.asciiHigh = high;
    }

    /** True when no class is required: the rule can be left out. */
    boolean requiresNothing() {
        return minLower == 0 && minUpper == 0 && minDigit == 0 && minSpecial == 0;
    }

    private boolean isSpecial(int cp) {
        if (cp < 64) {
            return (asciiLow & (1L << cp)) != 0;
        }
        if (cp < 128) {
            return (asciiHigh & (1L << (cp - 64))) != 0;
        }
        return specials.contains(cp);
    }

    @Override
    public RuleResult validate(PasswordData passwordData) {
        UnicodeString password = passwordData.getPassword();
        int n = password.codePointCount();
        int lower = 0;
        int upper = 0;
        int digit = 0;
        int special = 0;
        for (int i = 0; i < n; i++) {
            int cp = password.codePointAt(i);
            if (cp >= 'a' && cp <= 'z') {
                lower++;
            } else if (cp >= 'A' && cp <= 'Z') {
                upper++;
            } else if (cp >= '0' && cp <= '9') {
                digit++;
            } else if (isSpecial(cp)) {
                special++;
            } else if (cp >= 128) {
                switch (Character.getType(cp)) {
                    case Character.LOWERCASE_LETTER: lower++; break;
                    case Character.UPPERCASE_LETTER: upper++; break;
                    case Character.DECIMAL_DIGIT_NUMBER: digit++; break;
                    default: break;
                }
            }
        }
        if (lower >= minLower && upper >= minUpper && digit >= minDigit && special >= minSpecial) {
            return SUCCESS;
        }
        List<RuleResultDetail> details = new ArrayList<>(4);
        add(details, ERROR_LOWER, minLower, lower);
        add(details, ERROR_UPPER, minUpper, upper);
        add(details, ERROR_DIGIT, minDigit, digit);
        add(details, ERROR_SPECIAL, minSpecial, special);
        return new FailureRuleResult(new RuleResultMetadata(), details);
    }

    private static void add(List<RuleResultDetail> details, String code, int minimum, int found) {
        if (found < minimum) {
            details.add(new RuleResultDetail(code, Map.of("minimumRequired", minimum, "matchingCharacterCount", found)));
        }
    }

    @Override
    public String toString() {
        return "CharacterClassesRule[lower>=" + minLower + ", upper>=" + minUpper + ", digit>=" + minDigit
                + ", special>=" + minSpecial + " of " + specials + "]";
    }
}
