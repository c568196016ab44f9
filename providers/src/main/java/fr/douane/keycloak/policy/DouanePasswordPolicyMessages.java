package fr.douane.keycloak.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

/**
 * The policy's texts as shipped in the jar ({@code theme-resources/messages}, which Keycloak also merges into
 * every theme), and MessageFormat helpers for the pages that render rules themselves: the reset page's
 * checklist labels ({@link DouanePasswordPolicyConfig#toClientRulesJson}). The error Keycloak shows is formatted
 * by Keycloak itself (see {@link DouaneUnmetRulesMessage}).
 */
public final class DouanePasswordPolicyMessages {

    private static final Logger LOG = Logger.getLogger(DouanePasswordPolicyMessages.class);

    private static final String BUNDLE = "theme-resources/messages/messages_%s.properties";
    private static final Map<String, Properties> BUNDLED = new ConcurrentHashMap<>();

    private DouanePasswordPolicyMessages() {
    }

    /**
     * The texts shipped in this jar for a locale: English as the base, then the language, then the
     * language with its country (fr, fr_CA...).
     */
    public static Properties bundled(Locale locale) {
        Locale l = locale == null ? Locale.FRENCH : locale;
        return BUNDLED.computeIfAbsent(l.toLanguageTag(), tag -> {
            Properties p = new Properties();
            load(p, "en");
            if (!l.getLanguage().isEmpty() && !"en".equals(l.getLanguage())) {
                load(p, l.getLanguage());
            }
            if (!l.getCountry().isEmpty()) {
                load(p, l.getLanguage() + "_" + l.getCountry());
            }
            return p;
        });
    }

    private static void load(Properties into, String suffix) {
        String name = String.format(BUNDLE, suffix);
        try (InputStream in = DouanePasswordPolicyMessages.class.getClassLoader().getResourceAsStream(name)) {
            if (in != null) {
                into.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            LOG.warnf(e, "cannot read %s", name);
        }
    }

    /** MessageFormat of one key; the key itself when it is missing, as Keycloak does. */
    public static String format(Properties messages, Locale locale, String key, Object... params) {
        String pattern = messages.getProperty(key);
        if (pattern == null) {
            return key;
        }
        try {
            return compiled(pattern, locale == null ? Locale.FRENCH : locale).format(params);
        } catch (IllegalArgumentException e) {
            LOG.warnf("message %s has an invalid pattern: %s", key, e.getMessage());
            return pattern;
        }
    }

    private static final int MAX_COMPILED_PATTERNS = 512;
    private static final Map<String, MessageFormat> COMPILED = new ConcurrentHashMap<>();

    /**
     * A private copy of the parsed pattern: parsing (choice formats for the plurals) costs more than the rules
     * themselves, and the same few patterns come back on every refused password. MessageFormat is not
     * thread-safe, hence the clone. Bounded: realm overrides are the only source of new patterns.
     */
    private static MessageFormat compiled(String pattern, Locale locale) {
        String key = locale.toLanguageTag() + '\u0000' + pattern;
        MessageFormat f = COMPILED.get(key);
        if (f == null) {
            f = new MessageFormat(pattern, locale);
            if (COMPILED.size() >= MAX_COMPILED_PATTERNS) {
                COMPILED.clear();
            }
            COMPILED.put(key, f);
        }
        return (MessageFormat) f.clone();
    }

    /** The unmet rules as one line, e.g. "au moins 8 caractères ; au moins une lettre majuscule". */
    public static String describe(List<DouanePasswordPolicyViolation> violations, Properties messages, Locale locale) {
        String separator = messages.getProperty(DouanePasswordPolicyViolation.KEY_LIST_SEPARATOR, "; ");
        StringBuilder sb = new StringBuilder();
        for (DouanePasswordPolicyViolation v : violations) {
            if (sb.length() > 0) {
                sb.append(separator);
            }
            sb.append(format(messages, locale, v.getMessageKey(), v.getParameters()));
        }
        return sb.toString();
    }

    /** The whole sentence, composed from the per-rule texts (what the error message must read as). */
    public static String sentence(List<DouanePasswordPolicyViolation> violations, Properties messages, Locale locale) {
        return format(messages, locale, DouanePasswordPolicyViolation.KEY_UNMET_SENTENCE, describe(violations, messages, locale));
    }
}
