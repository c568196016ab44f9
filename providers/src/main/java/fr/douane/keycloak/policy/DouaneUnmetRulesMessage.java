package fr.douane.keycloak.policy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.keycloak.policy.PolicyError;

/**
 * The policy's error as Keycloak will show it: one message key, {@value DouanePasswordPolicyViolation#KEY_UNMET},
 * whose parameters say which rules are unmet; the theme's message turns them into the sentence, in the
 * language of the page (or of the admin), at the moment Keycloak formats it.
 *
 * <h2>Why the translation is left to Keycloak</h2>
 * Keycloak keeps only the first {@link PolicyError} of a password policy, and every place that shows it (login
 * pages: reset, update-password, registration; the admin REST API) formats it the same way:
 * {@code MessageFormat(messages[key]).format(parameters)} with the messages of the theme and locale it renders
 * in. Translating the list inside the policy meant loading the theme's messages a second time per refused
 * password, which cost far more than the rules themselves (docs/benchmarks.md). So the policy returns only
 * numbers, like the stock policies, and the one message does the rest.
 *
 * <h2>The message</h2>
 * {@code MessageFormat} has no loop, but it has choices, and a choice whose text contains a {@code {...}}
 * argument is formatted again with the same arguments. Each rule gets two flag arguments: "unmet" (1 prints
 * its text, 0 nothing) and "after another unmet rule" (1 prints the separator first). The values the texts
 * need (lengths, counts, examples of special characters) follow the flags; the rules added later (invisible
 * characters) have their flags after the values, so that the indexes of the others never move. The stored message is
 * therefore long, but it is not written by hand: {@link #composePattern(Properties)} builds it from the
 * per-rule messages (the ones the reset page's checklist shows) and the sentence
 * {@value DouanePasswordPolicyViolation#KEY_UNMET_SENTENCE}, and a unit test checks that the shipped
 * French and English messages are exactly that composition and format like the per-rule texts joined, for
 * every combination of unmet rules.
 */
public final class DouaneUnmetRulesMessage {

    /**
     * Per rule, in display order: the message key, the argument indexes of its two flags ("unmet", "an unmet
     * rule comes before"), and the global argument index of each of its own {0}, {1}. The indexes are fixed
     * (a realm's override of the message relies on them): a new rule takes the next free ones, wherever it is
     * displayed.
     */
    private enum Item {
        MIN_LENGTH(DouanePasswordPolicyViolation.KEY_MIN_LENGTH, 0, 12, 24),
        MAX_LENGTH(DouanePasswordPolicyViolation.KEY_MAX_LENGTH, 1, 13, 25),
        INVISIBLE(DouanePasswordPolicyViolation.KEY_INVISIBLE, 33, 34),
        LOWER(DouanePasswordPolicyViolation.KEY_LOWER, 2, 14, 26),
        UPPER(DouanePasswordPolicyViolation.KEY_UPPER, 3, 15, 27),
        DIGIT(DouanePasswordPolicyViolation.KEY_DIGIT, 4, 16, 28),
        SPECIAL(DouanePasswordPolicyViolation.KEY_SPECIAL, 5, 17, 29, 30),
        SPECIAL_NO_UNDERSCORE(DouanePasswordPolicyViolation.KEY_SPECIAL_NO_UNDERSCORE, 6, 18, 29, 30),
        REPEAT(DouanePasswordPolicyViolation.KEY_REPEAT, 7, 19, 31),
        SEQUENCE(DouanePasswordPolicyViolation.KEY_SEQUENCE, 8, 20, 32),
        NOT_USERNAME(DouanePasswordPolicyViolation.KEY_NOT_USERNAME, 9, 21),
        NOT_EMAIL(DouanePasswordPolicyViolation.KEY_NOT_EMAIL, 10, 22),
        BLOCKLISTED(DouanePasswordPolicyViolation.KEY_BLOCKLISTED, 11, 23);

        final String key;
        /** Argument index of "this rule is unmet" (0 or 1). */
        final int flagIndex;
        /** Argument index of "an unmet rule comes before this one" (0 or 1): the separator. */
        final int separatorIndex;
        final int[] valueIndexes;

        Item(String key, int flagIndex, int separatorIndex, int... valueIndexes) {
            this.key = key;
            this.flagIndex = flagIndex;
            this.separatorIndex = separatorIndex;
            this.valueIndexes = valueIndexes;
        }

        private static final Map<String, Item> BY_KEY = new HashMap<>();

        static {
            for (Item i : values()) {
                BY_KEY.put(i.key, i);
            }
        }

        static Item of(String key) {
            Item item = BY_KEY.get(key);
            if (item == null) {
                throw new IllegalArgumentException("no message item for " + key);
            }
            return item;
        }
    }

    /** Number of arguments of the message: flags and values of every item (see {@link Item}). */
    static final int ARGUMENTS = 35;
    private static final int EXAMPLES = 30;

    private static final Integer ZERO = 0;
    private static final Integer ONE = 1;

    private DouaneUnmetRulesMessage() {
    }

    /** The error for these unmet rules (in display order, at least one). */
    public static PolicyError error(List<DouanePasswordPolicyViolation> unmet) {
        return new PolicyError(DouanePasswordPolicyViolation.KEY_UNMET, arguments(unmet));
    }

    static Object[] arguments(List<DouanePasswordPolicyViolation> unmet) {
        Object[] args = new Object[ARGUMENTS];
        Arrays.fill(args, ZERO);
        args[EXAMPLES] = "";
        boolean first = true;
        for (DouanePasswordPolicyViolation v : unmet) {
            Item item = Item.of(v.getMessageKey());
            args[item.flagIndex] = ONE;
            args[item.separatorIndex] = first ? ZERO : ONE;
            first = false;
            for (int i = 0; i < item.valueIndexes.length; i++) {
                args[item.valueIndexes[i]] = v.parameter(i);
            }
        }
        return args;
    }

    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)([,}])");

    /**
     * The {@value DouanePasswordPolicyViolation#KEY_UNMET} message for a language, built from its per-rule
     * messages, its separator and its sentence.
     *
     * @throws IllegalArgumentException if a message is missing or cannot be embedded (an ASCII apostrophe,
     *         which MessageFormat would read as a quote: use the typographic ’)
     */
    public static String composePattern(Properties messages) {
        String sentence = required(messages, DouanePasswordPolicyViolation.KEY_UNMET_SENTENCE);
        String separator = required(messages, DouanePasswordPolicyViolation.KEY_LIST_SEPARATOR);
        if (!sentence.contains("{0}") || sentence.indexOf('{') != sentence.lastIndexOf('{')) {
            throw new IllegalArgumentException(DouanePasswordPolicyViolation.KEY_UNMET_SENTENCE + " must contain {0} and no other argument");
        }
        StringBuilder items = new StringBuilder();
        for (Item item : Item.values()) {
            String text = renumber(required(messages, item.key), item);
            items.append('{').append(item.separatorIndex).append(",choice,0#|1#")
                    .append(quoteForChoice(separator, DouanePasswordPolicyViolation.KEY_LIST_SEPARATOR)).append('}');
            items.append('{').append(item.flagIndex).append(",choice,0#|1#")
                    .append(quoteForChoice(text, item.key)).append('}');
        }
        return sentence.replace("{0}", items);
    }

    private static String required(Properties messages, String key) {
        String value = messages.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("missing message " + key);
        }
        return value;
    }

    /** The item's own arguments {0}, {1} become its global indexes. */
    private static String renumber(String text, Item item) {
        Matcher m = ARGUMENT.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            int own = Integer.parseInt(m.group(1));
            if (own >= item.valueIndexes.length) {
                throw new IllegalArgumentException(item.key + " uses {" + own + "}, it has " + item.valueIndexes.length + " argument(s)");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement("{" + item.valueIndexes[own] + m.group(2)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * Inside a choice's text, {@code # < ≤ |} are syntax: they are quoted, and ChoiceFormat gives them back
     * unquoted, as an ordinary nested pattern, to the recursive format.
     */
    private static String quoteForChoice(String text, String key) {
        if (text.indexOf('\'') >= 0) {
            throw new IllegalArgumentException(key + " contains an ASCII apostrophe: use ’");
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '#' || c == '<' || c == '\u2264' || c == '|') {
                sb.append('\'').append(c).append('\'');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
