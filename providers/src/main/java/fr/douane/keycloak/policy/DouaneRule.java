package fr.douane.keycloak.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The catalogue of the douane password rules: every rule once, in the order they are reported and displayed,
 * with its message key and how its parameters and its presence follow from the config.
 *
 * <p>Everything that names a rule derives from this enum: the compiled checks ({@link DouanePasswordRules}
 * sets one bit per constant), the error (one sentence per unmet rule, {@link UnmetRules}), the rules the reset
 * page lists and checks live ({@link PageRules}), and the admin help (a test checks that it names every
 * config key). A rule's sentence is an ordinary entry of {@code theme-resources/messages/messages_*.properties}
 * whose {@code {0}}, {@code {1}} are {@link #parameters(DouanePolicyConfig)}.
 */
public enum DouaneRule {

    MIN_LENGTH("minLength", "douanePasswordPolicyMinLength", Page.CHECKED, c -> true, c -> params(c.minLength())),
    MAX_LENGTH("maxLength", "douanePasswordPolicyMaxLength", Page.CHECKED, c -> true, c -> params(c.maxLength())),
    /** Always on; listed, because the page announces every rule a refusal can name. */
    INVISIBLE("invisible", "douanePasswordPolicyInvisible", Page.LISTED, c -> true, c -> params()),
    LOWER("lower", "douanePasswordPolicyLowerCase", Page.CHECKED, c -> c.minLower() > 0, c -> params(c.minLower())),
    UPPER("upper", "douanePasswordPolicyUpperCase", Page.CHECKED, c -> c.minUpper() > 0, c -> params(c.minUpper())),
    DIGIT("digit", "douanePasswordPolicyDigits", Page.CHECKED, c -> c.minDigit() > 0, c -> params(c.minDigit())),
    /** {0} the count, {1} a few examples from the set; its own key when the set leaves out the underscore. */
    SPECIAL("special", "douanePasswordPolicySpecialChars", Page.CHECKED, c -> c.minSpecial() > 0,
            c -> params(c.minSpecial(), examples(c.specialChars()))) {
        @Override
        public String messageKey(DouanePolicyConfig config) {
            return config.specialChars().contains('_') ? super.messageKey(config) : "douanePasswordPolicySpecialCharsNoUnderscore";
        }
    },
    REPEAT("repeat", "douanePasswordPolicyRepeat", Page.CHECKED, c -> c.maxRepeat() > 0, c -> params(c.maxRepeat())),
    /** Keyboard rows live on the server only. */
    SEQUENCE("sequence", "douanePasswordPolicySequence", Page.LISTED, c -> c.maxSequence() > 0, c -> params(c.maxSequence())),
    /** The page does not know the account's username nor its email (the identifiant typed may be either). */
    NOT_USERNAME("notUsername", "douanePasswordPolicyNotUsername", Page.LISTED, DouanePolicyConfig::notUsername, c -> params()),
    NOT_EMAIL("notEmail", "douanePasswordPolicyNotEmail", Page.LISTED, DouanePolicyConfig::notEmail, c -> params()),
    /** The lists are never sent to the browser. */
    BLOCKLIST("blocklist", "douanePasswordPolicyBlocklisted", Page.LISTED, DouanePolicyConfig::blocklist, c -> params());

    /** The error: the unmet rules' sentences, {0}, joined with {@link #KEY_SEPARATOR}. */
    public static final String KEY_UNMET = "douanePasswordPolicyUnmet";
    public static final String KEY_SEPARATOR = "douanePasswordPolicyListSeparator";

    /** What a page does with a rule. */
    public enum Page {
        /** Listed and checked while the person types. */
        CHECKED,
        /** Listed; only the server can check it. */
        LISTED,
        /** Not listed. */
        HIDDEN
    }

    private static final String PREFERRED_EXAMPLES = "!?@#$%*€§";
    /** Left out of the examples so that no HTML sanitizer on the way (Keycloak's kcSanitize) can eat them. */
    private static final String UNSAFE_EXAMPLES = "<>&\"'`";
    private static final int MAX_EXAMPLES = 8;

    private final String id;
    private final String messageKey;
    private final Page page;
    private final Predicate<DouanePolicyConfig> applies;
    private final Function<DouanePolicyConfig, Object[]> parameters;

    DouaneRule(String id, String messageKey, Page page, Predicate<DouanePolicyConfig> applies,
               Function<DouanePolicyConfig, Object[]> parameters) {
        this.id = id;
        this.messageKey = messageKey;
        this.page = page;
        this.applies = applies;
        this.parameters = parameters;
    }

    /** Stable id, used by the page's script ({@code minLength}, {@code lower}, {@code blocklist}...). */
    public String id() {
        return id;
    }

    /** The message key of the rule's sentence under this config. */
    public String messageKey(DouanePolicyConfig config) {
        return messageKey;
    }

    /** The sentence's {@code {0}}, {@code {1}}... under this config. */
    public Object[] parameters(DouanePolicyConfig config) {
        return parameters.apply(config);
    }

    /** True when this config checks the rule. */
    public boolean appliesTo(DouanePolicyConfig config) {
        return applies.test(config);
    }

    public Page page() {
        return page;
    }

    /** The rules this config checks, in display order. */
    public static List<DouaneRule> of(DouanePolicyConfig config) {
        List<DouaneRule> rules = new ArrayList<>();
        for (DouaneRule rule : values()) {
            if (rule.appliesTo(config)) {
                rules.add(rule);
            }
        }
        return rules;
    }

    private static Object[] params(Object... values) {
        return values;
    }

    /**
     * A few members of the set, the most familiar first, separated by no-break spaces: the list never
     * wraps, and in French the ! and ? of the list are not read as punctuation missing its space.
     */
    static String examples(DouaneSpecialCharacterData set) {
        StringBuilder examples = new StringBuilder();
        String candidates = PREFERRED_EXAMPLES + set.getCharacters();
        int shown = 0;
        for (int i = 0; i < candidates.length() && shown < MAX_EXAMPLES; i++) {
            char c = candidates.charAt(i);
            if (UNSAFE_EXAMPLES.indexOf(c) >= 0 || !set.contains(c) || examples.indexOf(String.valueOf(c)) >= 0) {
                continue;
            }
            if (shown++ > 0) {
                examples.append('\u00A0');
            }
            examples.append(c);
        }
        return examples.toString();
    }
}
