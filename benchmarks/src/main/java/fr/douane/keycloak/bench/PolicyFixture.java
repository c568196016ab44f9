package fr.douane.keycloak.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

import fr.douane.keycloak.policy.BlocklistSources;
import fr.douane.keycloak.policy.DouanePasswordPolicyProvider;
import fr.douane.keycloak.policy.DouanePasswordPolicyProviderFactory;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.policy.DefaultPasswordPolicyManagerProvider;
import org.keycloak.policy.DenylistPasswordPolicyProviderFactory;
import org.keycloak.policy.DigitsPasswordPolicyProviderFactory;
import org.keycloak.policy.LengthPasswordPolicyProviderFactory;
import org.keycloak.policy.LowerCasePasswordPolicyProviderFactory;
import org.keycloak.policy.MaximumLengthPasswordPolicyProviderFactory;
import org.keycloak.policy.NotEmailPasswordPolicyProviderFactory;
import org.keycloak.policy.NotUsernamePasswordPolicyProviderFactory;
import org.keycloak.policy.PasswordPolicyManagerProvider;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PasswordPolicyProviderFactory;
import org.keycloak.policy.SpecialCharsPasswordPolicyProviderFactory;
import org.keycloak.policy.UpperCasePasswordPolicyProviderFactory;
import org.keycloak.theme.Theme;
import org.keycloak.models.ThemeManager;

/**
 * One realm + one user + one session per policy string, wired the way the server wires them: the realm's
 * {@link PasswordPolicy} is parsed by Keycloak's own {@link PasswordPolicy#parse}, and validation goes
 * through Keycloak's own {@link DefaultPasswordPolicyManagerProvider} (what the reset page, the account
 * console and the admin REST API call). Providers are created once per session, as the server does.
 */
final class PolicyFixture {

    /** The stock chain with a denylist; the word list is douane's common list, written out for the Bloom filter. */
    static final String STOCK_POLICY = "length(8) and lowerCase(1) and upperCase(1) and digits(1) and specialChars(1)"
            + " and passwordBlacklist(" + WordList.FILE_NAME + ")";
    /** The same plus what douane-passay also checks by default (max length, not username, not email). */
    static final String STOCK_FULL_POLICY = STOCK_POLICY + " and maxLength(128) and notUsername and notEmail";
    static final String DOUANE_POLICY = "douane-passay()";
    /** The douane rule with the French lists as well. */
    static final String DOUANE_FRENCH_POLICY = "douane-passay(blocklistFrench=on)";

    /** A realistic mix: what people type on a reset page, accepted ones and the usual ways to fail. */
    static final String[] PASSWORDS = {
            // accepted by both
            "Tr0mpette!Verte", "Ba#2xLq9zW", "Nuage-Gris-47", "K8v$wq2!Lmn", "Pomme&Cannelle9", "Hiver2019?Lyon",
            "Z3bre.Rapide", "L0ngue*Phrase*De*Passe",
            // too short
            "Ab1!", "Chat7?",
            // one class missing
            "soleil2024!x", "MOTDEPASSE9!", "Bonjour!Monde", "Abcdefgh12",
            // the underscore is not special (douane); stock counts it as special
            "Abcdef1_",
            // common passwords, plain and decorated
            "azerty123", "Soleil2024!", "P@ssw0rd1!", "Marseille13!",
            // the username as password
            "Jean.Dupont1",
    };

    /** Length of {@link #PASSWORDS} (a constant for JMH's annotations; checked at class init). */
    static final int MIX = 20;

    static {
        if (PASSWORDS.length != MIX) {
            throw new IllegalStateException("MIX must be " + PASSWORDS.length);
        }
    }

    static final String USERNAME = "jean.dupont1";
    static final String EMAIL = "jean.dupont@example.fr";

    final KeycloakSession session;
    final RealmModel realm;
    final UserModel user;
    final PasswordPolicyManagerProvider manager;
    final Map<String, PasswordPolicyProvider> providers = new HashMap<>();

    private PolicyFixture(String policyString, Factories factories, ThemeMessages messages) {
        Map<String, Function<Object[], Object>> u = Stubs.answers();
        u.put("getUsername", a -> USERNAME);
        u.put("getEmail", a -> EMAIL);
        u.put("getFirstAttribute", a -> null);
        this.user = Stubs.stub(UserModel.class, u);

        PasswordPolicy[] policy = new PasswordPolicy[1];
        Map<String, Function<Object[], Object>> r = Stubs.answers();
        r.put("getPasswordPolicy", a -> policy[0]);
        r.put("getName", a -> "douane");
        r.put("isInternationalizationEnabled", a -> true);
        r.put("getDefaultLocale", a -> "fr");
        r.put("getRealmLocalizationTextsByLocale", a -> Map.of());
        this.realm = Stubs.stub(RealmModel.class, r);

        Map<String, Function<Object[], Object>> c = Stubs.answers();
        c.put("getRealm", a -> realm);
        c.put("resolveLocale", a -> Locale.FRENCH);
        KeycloakContext context = Stubs.stub(KeycloakContext.class, c);

        // Neither policy reads a theme while validating; the stand-in answers if one ever did.
        Theme theme = messages == null ? null : messages.theme();
        Map<String, Function<Object[], Object>> tm = Stubs.answers();
        tm.put("getTheme", a -> theme);
        ThemeManager themeManager = Stubs.stub(ThemeManager.class, tm);

        Map<String, Function<Object[], Object>> s = Stubs.answers();
        s.put("getContext", a -> context);
        s.put("theme", a -> themeManager);
        s.put("getProvider", a -> a.length == 2 ? providers.get((String) a[1]) : null);
        this.session = Stubs.stub(KeycloakSession.class, s);

        for (PasswordPolicyProviderFactory f : factories.all) {
            providers.put(f.getId(), f.create(session));
        }
        policy[0] = PasswordPolicy.parse(session, policyString);
        this.manager = new DefaultPasswordPolicyManagerProvider(session);
    }

    static PolicyFixture of(String policyString, Factories factories, ThemeMessages messages) {
        return new PolicyFixture(policyString, factories, messages);
    }

    DouanePasswordPolicyProvider douane() {
        return (DouanePasswordPolicyProvider) providers.get(DouanePasswordPolicyProviderFactory.PROVIDER_ID);
    }

    /** The per-node factories (singletons in the server). */
    static final class Factories {
        final List<PasswordPolicyProviderFactory> all = new ArrayList<>();
        final DenylistPasswordPolicyProviderFactory denylist = new DenylistPasswordPolicyProviderFactory();
        final DouanePasswordPolicyProviderFactory douane = new DouanePasswordPolicyProviderFactory();

        Factories(Path wordListDir) {
            // The stock factory looks for its lists in this folder (its documented system property).
            System.setProperty(DenylistPasswordPolicyProviderFactory.SYSTEM_PROPERTY, wordListDir.toString());
            all.add(new LengthPasswordPolicyProviderFactory());
            all.add(new LowerCasePasswordPolicyProviderFactory());
            all.add(new UpperCasePasswordPolicyProviderFactory());
            all.add(new DigitsPasswordPolicyProviderFactory());
            all.add(new SpecialCharsPasswordPolicyProviderFactory());
            all.add(new MaximumLengthPasswordPolicyProviderFactory());
            all.add(new NotUsernamePasswordPolicyProviderFactory());
            all.add(new NotEmailPasswordPolicyProviderFactory());
            all.add(denylist);
            all.add(douane);
            for (PasswordPolicyProviderFactory f : all) {
                f.init(null);
            }
        }
    }

    /**
     * The login theme's messages as the server serves them: Keycloak's base login messages (en, fr) with the
     * pack's theme-resources messages merged in, grouped per locale once (the server caches that), and merged
     * again for the requested locale on every {@code getEnhancedMessages} call, as Keycloak 26.7.3's
     * {@code DefaultThemeManager} / {@code LocaleUtil} do.
     */
    static final class ThemeMessages {
        private final Properties en;
        private final Properties fr;

        ThemeMessages() throws IOException {
            en = load("theme/base/login/messages/messages_en.properties", "theme-resources/messages/messages_en.properties");
            fr = load("theme/base/login/messages/messages_fr.properties", "theme-resources/messages/messages_fr.properties");
        }

        int size() {
            return en.size() + fr.size();
        }

        private static Properties load(String... resources) throws IOException {
            Properties p = new Properties();
            for (String name : resources) {
                try (InputStream in = PolicyFixture.class.getClassLoader().getResourceAsStream(name)) {
                    if (in == null) {
                        throw new IOException(name + " is not on the class path");
                    }
                    p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                }
            }
            return p;
        }

        Properties enhanced(Locale locale) {
            Properties merged = new Properties();
            merged.putAll(en);
            if ("fr".equals(locale.getLanguage())) {
                merged.putAll(fr);
            }
            return merged;
        }

        Theme theme() {
            Map<String, Function<Object[], Object>> t = Stubs.answers();
            t.put("getEnhancedMessages", a -> enhanced((Locale) a[1]));
            t.put("getMessages", a -> enhanced((Locale) a[a.length - 1]));
            t.put("getName", a -> "douane");
            return Stubs.stub(Theme.class, t);
        }
    }

    /** douane's common list, as the stock provider reads it: one lower-case entry per line. */
    static final class WordList {
        static final String FILE_NAME = "douane-common-passwords.txt";

        /** The npm list and the pack's additions (comments and blanks dropped, NFKC, lower case, unique). */
        static Path write(Path dir) throws IOException {
            Set<String> entries = new LinkedHashSet<>();
            List<String> all = new ArrayList<>(BlocklistSources.json(BlocklistSources.COMMON));
            all.addAll(BlocklistSources.lines(BlocklistSources.ADDITIONS));
            for (String line : all) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    entries.add(Normalizer.normalize(t, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT));
                }
            }
            Files.createDirectories(dir);
            Path file = dir.resolve(FILE_NAME);
            Files.write(file, entries, StandardCharsets.UTF_8);
            return file;
        }
    }
}
