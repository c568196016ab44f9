package fr.douane.keycloak.policy;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One rule of the catalogue under one config: its message key and parameters, the same for the error, the
 * page's list and its live checklist. Built once per compiled config and shared by every request.
 *
 * <p>The formatted text only depends on the language and on the pattern (a realm may override the shipped
 * one), so it is kept per language and pattern: a refused password costs no {@link MessageFormat} parse.
 */
public final class RuleSentence {

    /** Realm overrides are the only source of new patterns: bounded all the same. */
    private static final int MAX_TEXTS = 32;

    private final DouaneRule rule;
    private final String messageKey;
    private final Object[] parameters;
    private final Map<Locale, Text> texts = new ConcurrentHashMap<>();

    private record Text(String pattern, String formatted) {
    }

    RuleSentence(DouaneRule rule, DouanePolicyConfig config) {
        this.rule = rule;
        this.messageKey = rule.messageKey(config);
        this.parameters = rule.parameters(config);
    }

    public DouaneRule rule() {
        return rule;
    }

    public String messageKey() {
        return messageKey;
    }

    /** The sentence's {@code {0}}, {@code {1}}... (numbers and strings). */
    public List<Object> parameters() {
        return List.of(parameters);
    }

    /**
     * The sentence in a language, formatted from {@code pattern} (the message of {@link #messageKey()} in that
     * language). A broken pattern (a realm override with a stray brace) reads as itself.
     */
    String format(String pattern, Locale locale) {
        Text text = texts.get(locale);
        if (text != null && text.pattern().equals(pattern)) {
            return text.formatted();
        }
        String formatted;
        try {
            formatted = new MessageFormat(pattern, locale).format(parameters);
        } catch (IllegalArgumentException e) {
            formatted = pattern;
        }
        if (texts.size() >= MAX_TEXTS) {
            texts.clear();
        }
        texts.put(locale, new Text(pattern, formatted));
        return formatted;
    }

    @Override
    public String toString() {
        return rule.id() + Arrays.toString(parameters);
    }
}
