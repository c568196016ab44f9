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
import org.keycloak.Token;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.IDToken;
import org.keycloak.theme.Theme;

/**
 * Turns unmet rules into text in the user's language.
 *
 * <p>Keycloak's password-policy manager keeps only the first {@code PolicyError} of the first failing
 * policy, and every place that shows it (login pages, registration, the admin REST API) formats it as
 * {@code MessageFormat(messages[key]).format(params)}. So the douane policy returns a single error,
 * {@value DouanePasswordPolicyViolation#KEY_UNMET}, whose {0} is the list of unmet rules already
 * translated here, with the same locale and the same theme messages the caller will use for the outer
 * sentence:
 * <ul>
 *   <li>login pages (reset page, update-password from the account console, registration):
 *       {@code session.getContext().resolveLocale(user)} and the login theme's messages, exactly what
 *       {@code FreeMarkerLoginFormsProvider} does;</li>
 *   <li>admin REST API ({@code PUT /admin/realms/{realm}/users/{id}/reset-password}): the locale claim of
 *       the admin's bearer token, English when absent, and the admin theme's messages, exactly what
 *       {@code UserResource.resetPassword} does for the outer sentence.</li>
 * </ul>
 * Realm localization overrides apply (enhanced messages). If no theme can be loaded the texts bundled in
 * the jar are used, so the list is never empty keys.
 */
public final class DouanePasswordPolicyMessages {

    private static final Logger LOG = Logger.getLogger(DouanePasswordPolicyMessages.class);

    private static final String BUNDLE = "theme-resources/messages/messages_%s.properties";
    private static final Map<String, Properties> BUNDLED = new ConcurrentHashMap<>();

    private DouanePasswordPolicyMessages() {
    }

    /** True when the current request is an admin REST request carrying the admin's bearer token. */
    static boolean isAdminRequest(KeycloakSession session) {
        try {
            KeycloakContext ctx = session.getContext();
            if (ctx.getBearerToken() == null || ctx.getUri() == null) {
                return false;
            }
            String path = ctx.getUri().getPath();
            return path != null && path.contains("/admin/realms/");
        } catch (RuntimeException e) {
            // No HTTP request (e.g. an import or a scheduled task).
            return false;
        }
    }

    /** The locale the caller will use to show the error. */
    public static Locale resolveLocale(KeycloakSession session, UserModel user) {
        if (isAdminRequest(session)) {
            Token token = session.getContext().getBearerToken();
            String tag = token instanceof IDToken ? ((IDToken) token).getLocale() : null;
            return tag == null || tag.isBlank() ? Locale.ENGLISH : Locale.forLanguageTag(tag);
        }
        try {
            Locale locale = session.getContext().resolveLocale(user);
            if (locale != null) {
                return locale;
            }
        } catch (RuntimeException e) {
            LOG.debugf(e, "cannot resolve the locale, using French");
        }
        return Locale.FRENCH;
    }

    /**
     * The messages for this locale: the theme's (login, or admin for admin REST requests), with realm
     * overrides, on top of the texts bundled in the jar.
     */
    public static Properties messages(KeycloakSession session, RealmModel realm, Locale locale) {
        Properties merged = new Properties();
        merged.putAll(bundled(locale));
        Properties themed = themed(session, realm, locale);
        if (themed != null) {
            merged.putAll(themed);
        }
        return merged;
    }

    /**
     * Only the policy's own keys ({@code douanePasswordPolicy*}), theme (with realm overrides) over bundled:
     * what {@link DouanePasswordPolicyProvider#toError} needs. Same texts as {@link #messages} for these keys,
     * without copying the whole theme (over a thousand keys) on every refused password.
     */
    public static Properties policyMessages(KeycloakSession session, RealmModel realm, Locale locale) {
        Properties bundled = bundled(locale);
        Properties themed = themed(session, realm, locale);
        Properties out = new Properties();
        for (String key : policyKeys()) {
            String value = themed == null ? null : themed.getProperty(key);
            if (value == null) {
                value = bundled.getProperty(key);
            }
            if (value != null) {
                out.put(key, value);
            }
        }
        return out;
    }

    private static volatile String[] policyKeys;

    /** The policy's message keys, as shipped (English is the complete set). */
    private static String[] policyKeys() {
        String[] keys = policyKeys;
        if (keys == null) {
            keys = bundled(Locale.ENGLISH).stringPropertyNames().stream()
                    .filter(k -> k.startsWith(POLICY_KEY_PREFIX)).sorted().toArray(String[]::new);
            policyKeys = keys;
        }
        return keys;
    }

    private static final String POLICY_KEY_PREFIX = "douanePasswordPolicy";

    private static Properties themed(KeycloakSession session, RealmModel realm, Locale locale) {
        Theme.Type type = isAdminRequest(session) ? Theme.Type.ADMIN : Theme.Type.LOGIN;
        try {
            Theme theme = session.theme().getTheme(type);
            if (theme != null) {
                return realm != null ? theme.getEnhancedMessages(realm, locale) : theme.getMessages(locale);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf(e, "cannot load the %s theme messages for %s, using the bundled texts", type, locale);
        }
        return null;
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

    /** The whole sentence, as a page would show the error. */
    public static String sentence(List<DouanePasswordPolicyViolation> violations, Properties messages, Locale locale) {
        return format(messages, locale, DouanePasswordPolicyViolation.KEY_UNMET, describe(violations, messages, locale));
    }
}
