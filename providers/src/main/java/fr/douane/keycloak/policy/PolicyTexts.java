package fr.douane.keycloak.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.Token;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.IDToken;

/**
 * The policy's sentences in a language: the pack's message files ({@code theme-resources/messages}, which
 * Keycloak also merges into every theme) under the realm's own localization texts (Realm settings →
 * Localization), looked up from the most specific language to English as Keycloak does.
 */
final class PolicyTexts {

    private static final Logger LOG = Logger.getLogger(PolicyTexts.class);
    private static final String BUNDLE = "theme-resources/messages/messages_%s.properties";
    private static final Map<String, Properties> BUNDLED = new ConcurrentHashMap<>();
    private static final Properties NONE = new Properties();

    /** Bounds the cache of message files: tags come from tokens and requests. */
    private static final int MAX_BUNDLES = 64;

    private final Locale locale;
    private final List<String> tags;
    /** The realm's localization texts per tag of {@link #tags} (empty maps without a realm). */
    private final List<Map<String, String>> overrides;

    private PolicyTexts(RealmModel realm, Locale locale) {
        this.locale = locale;
        this.tags = chain(locale);
        this.overrides = new ArrayList<>(tags.size());
        for (String tag : tags) {
            Map<String, String> texts = realm == null ? null : realm.getRealmLocalizationTextsByLocale(tag);
            overrides.add(texts == null ? Map.of() : texts);
        }
    }

    /** The texts of a language, with the realm's overrides when {@code realm} is given. */
    static PolicyTexts of(RealmModel realm, Locale locale) {
        return new PolicyTexts(realm, locale == null ? Locale.ENGLISH : locale);
    }

    /**
     * The language whoever formats the policy's error uses. REST endpoints authenticated by a bearer token (the
     * admin API's reset-password) format it with the token's {@code locale} claim, English without one; login
     * pages (reset, update password, registration) with the locale Keycloak resolves for the page's user.
     */
    static Locale callerLocale(KeycloakSession session, UserModel user) {
        try {
            Token bearer = session.getContext().getBearerToken();
            if (bearer != null) {
                String tag = bearer instanceof IDToken id ? id.getLocale() : null;
                return tag == null || tag.isBlank() ? Locale.ENGLISH : Locale.forLanguageTag(tag);
            }
            Locale locale = session.getContext().resolveLocale(user);
            return locale == null ? Locale.ENGLISH : locale;
        } catch (RuntimeException e) {
            // No request around (a job, a closed session): Keycloak's own last resort.
            LOG.debugf(e, "no caller locale, English used");
            return Locale.ENGLISH;
        }
    }

    Locale locale() {
        return locale;
    }

    /** The message of {@code key}, or the key itself when no file and no override has it (as Keycloak shows it). */
    String pattern(String key) {
        for (int i = 0; i < tags.size(); i++) {
            String value = overrides.get(i).get(key);
            if (value == null) {
                value = bundled(tags.get(i)).getProperty(key);
            }
            if (value != null) {
                return value;
            }
        }
        return key;
    }

    /** One rule's sentence in this language. */
    String sentence(RuleSentence rule) {
        return rule.format(pattern(rule.messageKey()), locale);
    }

    /** The sentences of these rules joined with the list separator of this language. */
    String join(List<RuleSentence> rules) {
        String separator = pattern(DouaneRule.KEY_SEPARATOR);
        StringBuilder sb = new StringBuilder(rules.size() * 48);
        for (RuleSentence rule : rules) {
            if (sb.length() > 0) {
                sb.append(separator);
            }
            sb.append(sentence(rule));
        }
        return sb.toString();
    }

    /** fr-CA → fr-CA, fr, en; fr → fr, en; en → en. */
    private static List<String> chain(Locale locale) {
        List<String> tags = new ArrayList<>(3);
        if (!locale.getCountry().isEmpty()) {
            tags.add(locale.toLanguageTag());
        }
        if (!locale.getLanguage().isEmpty() && !"en".equals(locale.getLanguage())) {
            tags.add(locale.getLanguage());
        }
        tags.add("en");
        return tags;
    }

    /** One message file of the jar, as it is (no fallback merged in); empty when the jar has none. */
    private static Properties bundled(String tag) {
        Properties cached = BUNDLED.get(tag);
        if (cached != null) {
            return cached;
        }
        if (BUNDLED.size() >= MAX_BUNDLES) {
            BUNDLED.clear();
        }
        return BUNDLED.computeIfAbsent(tag, t -> {
            String name = String.format(BUNDLE, t.replace('-', '_'));
            try (InputStream in = PolicyTexts.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    return NONE;
                }
                Properties p = new Properties();
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                return p;
            } catch (IOException e) {
                LOG.warnf(e, "cannot read %s", name);
                return NONE;
            }
        });
    }
}
