package fr.douane.keycloak.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/**
 * The rules of a config as the reset page's script reads them: the catalogue's rules that a page lists
 * ({@link DouaneRule.Page}), each with its sentence in the page's language (the very sentence the error would
 * show), and what the browser needs to check the others as the server does.
 *
 * <p>The JSON: {@code policy, normalization ("none": the rules see the password as typed), lengthUnit
 * ("codePoint"), specialChars, lowerPattern ("\\p{Ll}"), upperPattern ("\\p{Lu}"), digitPattern ("\\p{Nd}"),
 * invisiblePattern (characters refused and left out of the minimum length), ruleTextApplies, rules[]}, each rule
 * {@code {id, messageKey, params[], serverOnly, label, inRuleText}}: {@code params} are the sentence's arguments
 * (the minimum for {@code minLength}, {@code lower}...; the longest run for {@code repeat}), {@code serverOnly} says
 * the browser cannot check it (blocklist, username, email, keyboard sequences, earlier passwords).
 *
 * <p>A refusal must never name a rule the page did not announce, so the list holds every rule the realm's policy
 * can refuse with: the catalogue's rules of this config, then those of Keycloak's own policies of the realm that
 * refuse a password (password history, recently used passwords). The reset page opens its rule box with the
 * procedure's sentence (8 characters, the four classes, the underscore not special): {@code ruleTextApplies} says
 * that sentence is true of this config, and {@code inRuleText} marks the rules it already tells, which the page
 * then does not repeat.
 */
final class PageRules {

    /** The page's view of a config. */
    record Json(String policy, String normalization, String lengthUnit, String specialChars, String lowerPattern,
                String upperPattern, String digitPattern, String invisiblePattern, boolean ruleTextApplies,
                List<Rule> rules) {
    }

    /** One rule as the page lists it. */
    record Rule(String id, String messageKey, List<Object> params, boolean serverOnly, String label, boolean inRuleText) {
    }

    /** Keycloak's password history: the last n passwords (the current one included) are refused. */
    static final String HISTORY_ID = PasswordPolicy.PASSWORD_HISTORY_ID;
    static final String HISTORY_KEY = "douanePasswordPolicyHistory";
    /** Keycloak's "not recently used": a password used in the last n days is refused. */
    static final String AGE_ID = PasswordPolicy.PASSWORD_AGE;
    static final String AGE_KEY = "douanePasswordPolicyAge";

    /** The rules the procedure's sentence states, when {@link #ruleTextApplies} holds. */
    private static final Set<DouaneRule> IN_RULE_TEXT = EnumSet.of(DouaneRule.MIN_LENGTH, DouaneRule.LOWER,
            DouaneRule.UPPER, DouaneRule.DIGIT, DouaneRule.SPECIAL);

    /** What {@link CharacterClasses#isInvisible} refuses, as a JavaScript Unicode character class. */
    static final String INVISIBLE_PATTERN = "[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Zl}\\p{Zp}]";

    private PageRules() {
    }

    /** The rules of these compiled rules, labelled in {@code locale} with the realm's texts. */
    static Json of(DouanePasswordRules compiled, RealmModel realm, Locale locale) {
        PolicyTexts texts = PolicyTexts.of(realm, locale);
        DouanePolicyConfig config = compiled.getConfig();
        boolean ruleText = ruleTextApplies(config);
        List<Rule> rules = new ArrayList<>();
        for (RuleSentence sentence : compiled.describe()) {
            DouaneRule rule = sentence.rule();
            if (rule.page() == DouaneRule.Page.HIDDEN) {
                continue;
            }
            rules.add(new Rule(rule.id(), sentence.messageKey(), sentence.parameters(),
                    rule.page() != DouaneRule.Page.CHECKED, texts.sentence(sentence), ruleText && IN_RULE_TEXT.contains(rule)));
        }
        PasswordPolicy policy = realm == null ? null : realm.getPasswordPolicy();
        if (policy != null) {
            addKeycloakRule(rules, texts, policy, HISTORY_ID, HISTORY_KEY, policy.getExpiredPasswords());
            addKeycloakRule(rules, texts, policy, AGE_ID, AGE_KEY, policy.getPasswordAgeInDays());
        }
        return new Json(DouanePasswordPolicyProviderFactory.PROVIDER_ID, "none", "codePoint",
                config.specialChars().getCharacters(), "\\p{Ll}", "\\p{Lu}", "\\p{Nd}", INVISIBLE_PATTERN, ruleText,
                List.copyOf(rules));
    }

    /**
     * True when the reset page's fixed sentence — at least 8 characters, lower case, upper case, digits and special
     * characters, the underscore not special — is exactly what this config asks for those rules.
     */
    static boolean ruleTextApplies(DouanePolicyConfig config) {
        return config.minLength() == 8 && config.minLower() == 1 && config.minUpper() == 1 && config.minDigit() == 1
                && config.minSpecial() == 1 && !config.specialChars().contains('_');
    }

    private static void addKeycloakRule(List<Rule> rules, PolicyTexts texts, PasswordPolicy policy, String id, String key,
                                        int count) {
        if (!policy.getPolicies().contains(id) || count <= 0) {
            return;
        }
        String pattern = texts.pattern(key);
        String label;
        try {
            label = new MessageFormat(pattern, texts.locale()).format(new Object[] {count});
        } catch (IllegalArgumentException e) {
            label = pattern;
        }
        rules.add(new Rule(id, key, List.of(count), true, label, false));
    }

    static String toJson(Json json) {
        try {
            return JsonSerialization.writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
