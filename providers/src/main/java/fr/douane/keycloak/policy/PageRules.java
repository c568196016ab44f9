package fr.douane.keycloak.policy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.keycloak.models.RealmModel;
import org.keycloak.util.JsonSerialization;

/**
 * The rules of a config as the reset page's script reads them: the catalogue's rules that a page lists
 * ({@link DouaneRule.Page}), each with its sentence in the page's language (the very sentence the error would
 * show), and what the browser needs to check the others as the server does.
 *
 * <p>The JSON: {@code policy, normalization ("none": the rules see the password as typed), lengthUnit
 * ("codePoint"), specialChars, lowerPattern ("\\p{Ll}"), upperPattern ("\\p{Lu}"), digitPattern ("\\p{Nd}"),
 * invisiblePattern (characters refused and left out of the minimum length), rules[]}, each rule {@code {id,
 * messageKey, params[], serverOnly, label}}: {@code params} are the sentence's arguments (the minimum for
 * {@code minLength}, {@code lower}...; the longest run for {@code repeat}), {@code serverOnly} says the browser
 * cannot check it (blocklist, username, email, keyboard sequences).
 */
final class PageRules {

    /** The page's view of a config. */
    record Json(String policy, String normalization, String lengthUnit, String specialChars, String lowerPattern,
                String upperPattern, String digitPattern, String invisiblePattern, List<Rule> rules) {
    }

    /** One rule as the page lists it. */
    record Rule(String id, String messageKey, List<Object> params, boolean serverOnly, String label) {
    }

    /** What {@link CharacterClasses#isInvisible} refuses, as a JavaScript Unicode character class. */
    static final String INVISIBLE_PATTERN = "[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Zl}\\p{Zp}]";

    private PageRules() {
    }

    /** The rules of these compiled rules, labelled in {@code locale} with the realm's texts. */
    static Json of(DouanePasswordRules compiled, RealmModel realm, Locale locale) {
        PolicyTexts texts = PolicyTexts.of(realm, locale);
        List<Rule> rules = new ArrayList<>();
        for (RuleSentence sentence : compiled.describe()) {
            DouaneRule rule = sentence.rule();
            if (rule.page() == DouaneRule.Page.HIDDEN) {
                continue;
            }
            rules.add(new Rule(rule.id(), sentence.messageKey(), sentence.parameters(),
                    rule.page() != DouaneRule.Page.CHECKED, texts.sentence(sentence)));
        }
        return new Json(DouanePasswordPolicyProviderFactory.PROVIDER_ID, "none", "codePoint",
                compiled.getConfig().specialChars().getCharacters(), "\\p{Ll}", "\\p{Lu}", "\\p{Nd}", INVISIBLE_PATTERN,
                List.copyOf(rules));
    }

    static String toJson(Json json) {
        try {
            return JsonSerialization.writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
