package fr.douane.keycloak.policy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One rule of the douane policy, as a message key with its parameters: used both for an unmet rule
 * (the server's error list) and for a rule to display (the reset page's checklist), so both read the
 * same texts.
 */
public final class DouanePasswordPolicyViolation {

    /** The error Keycloak shows: every unmet rule in one sentence (see {@link DouaneUnmetRulesMessage}). */
    public static final String KEY_UNMET = "douanePasswordPolicyUnmet";
    /** The sentence around the list, {0} = the unmet rules joined by {@link #KEY_LIST_SEPARATOR}. */
    public static final String KEY_UNMET_SENTENCE = "douanePasswordPolicyUnmetSentence";
    public static final String KEY_LIST_SEPARATOR = "douanePasswordPolicyListSeparator";
    public static final String KEY_MIN_LENGTH = "douanePasswordPolicyMinLength";
    public static final String KEY_MAX_LENGTH = "douanePasswordPolicyMaxLength";
    public static final String KEY_INVISIBLE = "douanePasswordPolicyInvisible";
    public static final String KEY_LOWER = "douanePasswordPolicyLowerCase";
    public static final String KEY_UPPER = "douanePasswordPolicyUpperCase";
    public static final String KEY_DIGIT = "douanePasswordPolicyDigits";
    public static final String KEY_SPECIAL = "douanePasswordPolicySpecialChars";
    public static final String KEY_SPECIAL_NO_UNDERSCORE = "douanePasswordPolicySpecialCharsNoUnderscore";
    public static final String KEY_REPEAT = "douanePasswordPolicyRepeat";
    public static final String KEY_SEQUENCE = "douanePasswordPolicySequence";
    public static final String KEY_NOT_USERNAME = "douanePasswordPolicyNotUsername";
    public static final String KEY_NOT_EMAIL = "douanePasswordPolicyNotEmail";
    public static final String KEY_BLOCKLISTED = "douanePasswordPolicyBlocklisted";

    /** Rule ids, in the order the rules are reported and displayed. */
    public static final String MIN_LENGTH = "minLength";
    public static final String MAX_LENGTH = "maxLength";
    public static final String INVISIBLE = "invisible";
    public static final String LOWER = "lower";
    public static final String UPPER = "upper";
    public static final String DIGIT = "digit";
    public static final String SPECIAL = "special";
    public static final String REPEAT = "repeat";
    public static final String SEQUENCE = "sequence";
    public static final String NOT_USERNAME = "notUsername";
    public static final String NOT_EMAIL = "notEmail";
    public static final String BLOCKLIST = "blocklist";

    private static final String PREFERRED_EXAMPLES = "!?@#$%*€§";
    private static final String UNSAFE_EXAMPLES = "<>&\"'`";
    private static final int MAX_EXAMPLES = 8;

    private final String ruleId;
    private final String messageKey;
    private final Object[] parameters;
    private final boolean serverOnly;

    private DouanePasswordPolicyViolation(String ruleId, String messageKey, boolean serverOnly, Object... parameters) {
        this.ruleId = ruleId;
        this.messageKey = messageKey;
        this.serverOnly = serverOnly;
        this.parameters = parameters;
    }

    static DouanePasswordPolicyViolation minLength(int min) {
        return new DouanePasswordPolicyViolation(MIN_LENGTH, KEY_MIN_LENGTH, false, min);
    }

    static DouanePasswordPolicyViolation maxLength(int max) {
        return new DouanePasswordPolicyViolation(MAX_LENGTH, KEY_MAX_LENGTH, false, max);
    }

    /** Always checked, never configured: not part of the rules a page displays ({@code describeRules}). */
    static DouanePasswordPolicyViolation invisible() {
        return new DouanePasswordPolicyViolation(INVISIBLE, KEY_INVISIBLE, false);
    }

    static DouanePasswordPolicyViolation lower(int n) {
        return new DouanePasswordPolicyViolation(LOWER, KEY_LOWER, false, n);
    }

    static DouanePasswordPolicyViolation upper(int n) {
        return new DouanePasswordPolicyViolation(UPPER, KEY_UPPER, false, n);
    }

    static DouanePasswordPolicyViolation digit(int n) {
        return new DouanePasswordPolicyViolation(DIGIT, KEY_DIGIT, false, n);
    }

    /**
     * {0} = the count, {1} = a few examples from the set. The examples leave out {@code < > & " ' `} so
     * that no HTML sanitizer on the way (Keycloak's {@code kcSanitize}) can eat or mangle them.
     */
    static DouanePasswordPolicyViolation special(int n, DouaneSpecialCharacterData set) {
        String chars = set.getCharacters();
        StringBuilder examples = new StringBuilder();
        // The most familiar ones first (and one AZERTY symbol), then the rest of the set in its order.
        String candidates = PREFERRED_EXAMPLES + chars;
        Set<Character> shown = new HashSet<>();
        for (int i = 0; i < candidates.length() && shown.size() < MAX_EXAMPLES; i++) {
            char c = candidates.charAt(i);
            if (UNSAFE_EXAMPLES.indexOf(c) >= 0 || !set.contains(c) || !shown.add(c)) {
                continue;
            }
            if (examples.length() > 0) {
                examples.append(' ');
            }
            examples.append(c);
        }
        boolean underscoreExcluded = !set.contains('_');
        return new DouanePasswordPolicyViolation(SPECIAL, underscoreExcluded ? KEY_SPECIAL_NO_UNDERSCORE : KEY_SPECIAL,
                false, n, examples.toString());
    }

    static DouanePasswordPolicyViolation repeat(int maxRepeat) {
        return new DouanePasswordPolicyViolation(REPEAT, KEY_REPEAT, false, maxRepeat);
    }

    static DouanePasswordPolicyViolation sequence(int maxSequence) {
        return new DouanePasswordPolicyViolation(SEQUENCE, KEY_SEQUENCE, false, maxSequence);
    }

    static DouanePasswordPolicyViolation notUsername() {
        return new DouanePasswordPolicyViolation(NOT_USERNAME, KEY_NOT_USERNAME, false);
    }

    static DouanePasswordPolicyViolation notEmail() {
        return new DouanePasswordPolicyViolation(NOT_EMAIL, KEY_NOT_EMAIL, false);
    }

    static DouanePasswordPolicyViolation blocklisted() {
        return new DouanePasswordPolicyViolation(BLOCKLIST, KEY_BLOCKLISTED, true);
    }

    /** Stable id of the rule ({@code minLength}, {@code lower}, {@code blocklist}...), used by the checklist. */
    public String getRuleId() {
        return ruleId;
    }

    public String getMessageKey() {
        return messageKey;
    }

    public Object[] getParameters() {
        return parameters.clone();
    }

    /** Parameter {@code i} without copying the array (the error path runs on every refused password). */
    Object parameter(int i) {
        return parameters[i];
    }

    /** True for rules the browser cannot check (the blocklist is never sent to the page). */
    public boolean isServerOnly() {
        return serverOnly;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DouanePasswordPolicyViolation)) {
            return false;
        }
        DouanePasswordPolicyViolation v = (DouanePasswordPolicyViolation) o;
        return ruleId.equals(v.ruleId) && messageKey.equals(v.messageKey) && Arrays.equals(parameters, v.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ruleId, messageKey, Arrays.hashCode(parameters));
    }

    @Override
    public String toString() {
        return ruleId + Arrays.toString(parameters);
    }
}
