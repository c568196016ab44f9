package fr.douane.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.ThemeManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.policy.HashIterationsPasswordPolicyProviderFactory;
import org.keycloak.policy.HistoryPasswordPolicyProviderFactory;
import org.keycloak.policy.PasswordPolicyConfigException;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PolicyError;
import org.keycloak.representations.AccessToken;
import org.keycloak.util.JsonSerialization;

/**
 * The provider as Keycloak drives it: the realm's policy string parsed by Keycloak's own
 * {@link PasswordPolicy}, one {@link PolicyError} listing every unmet rule, formatted the way the login pages
 * and the admin REST API format it, in French and in English.
 */
class DouanePasswordPolicyProviderTest {

    private static DouanePasswordPolicyProviderFactory factory;

    private KeycloakSession session;
    private KeycloakContext context;
    private RealmModel realm;
    private UserModel user;
    private DouanePasswordPolicyProvider provider;

    @BeforeAll
    static void loadFactory() {
        factory = new DouanePasswordPolicyProviderFactory();
        factory.init(null);
    }

    @BeforeEach
    void mockKeycloak() {
        session = mock(KeycloakSession.class);
        context = mock(KeycloakContext.class);
        realm = mock(RealmModel.class);
        user = mock(UserModel.class);
        provider = (DouanePasswordPolicyProvider) factory.create(session);

        when(session.getContext()).thenReturn(context);
        when(session.getProvider(PasswordPolicyProvider.class, DouanePasswordPolicyProviderFactory.PROVIDER_ID)).thenReturn(provider);
        when(context.getRealm()).thenReturn(realm);
        when(realm.getRealmLocalizationTextsByLocale(anyString())).thenReturn(Map.of());
        when(user.getUsername()).thenReturn("jdupont");
        when(user.getEmail()).thenReturn("jean.dupont@example.fr");
        usePolicy("douane-passay");
    }

    /** The messages a theme holds: Keycloak merges the jar's theme-resources messages into every theme. */
    private static Properties themeMessages(Locale locale) {
        Properties p = new Properties();
        for (String lang : new String[] {"en", locale.getLanguage()}) {
            try (InputStream in = DouanePasswordPolicyProviderTest.class.getClassLoader()
                    .getResourceAsStream("theme-resources/messages/messages_" + lang + ".properties")) {
                p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        p.setProperty("invalidPasswordMinLengthMessage", "stock message");
        return p;
    }

    private void usePolicy(String policyString) {
        PasswordPolicy policy = PasswordPolicy.parse(session, policyString);
        when(realm.getPasswordPolicy()).thenReturn(policy);
    }

    /**
     * What the reset page, update-password page and registration show: FreeMarkerLoginFormsProvider.formatMessage,
     * with the locale Keycloak resolves for the page's user.
     */
    private String asLoginPageShowsIt(PolicyError e, Locale locale) {
        when(context.getBearerToken()).thenReturn(null);
        when(context.resolveLocale(any())).thenReturn(locale);
        return new MessageFormat(themeMessages(locale).getProperty(e.getMessage()), locale).format(e.getParameters());
    }

    /**
     * What the admin REST reset-password endpoint answers: UserResource.resetPassword's ModelException branch,
     * with the messages of the admin token's locale claim (English without one).
     */
    private String asAdminRestShowsIt(ModelException e, String tokenLocale) {
        AccessToken token = new AccessToken();
        token.setLocale(tokenLocale);
        when(context.getBearerToken()).thenReturn(token);
        when(context.resolveLocale(any())).thenReturn(Locale.GERMAN); // never the one used by the admin API
        Properties messages = themeMessages(tokenLocale == null ? Locale.ENGLISH : Locale.forLanguageTag(tokenLocale));
        return MessageFormat.format(messages.getProperty(e.getMessage(), e.getMessage()), e.getParameters());
    }

    private static ModelException thrown(PolicyError e) {
        // What PasswordCredentialProvider throws with the policy's error.
        return new ModelException(e.getMessage(), e.getParameters());
    }

    @Test
    void everyUnmetRuleAtOnceInFrench() {
        PolicyError error = provider.validate(realm, user, "abc");

        assertThat(error.getMessage()).isEqualTo("douanePasswordPolicyUnmet");
        assertThat(error.getParameters()).hasSize(1);
        assertThat(asLoginPageShowsIt(error, Locale.FRENCH)).isEqualTo(
                "Le mot de passe ne respecte pas les règles suivantes\u00A0: au moins 8 caractères\u00A0; "
                        + "au moins une lettre majuscule\u00A0; au moins un chiffre\u00A0; au moins un caractère spécial "
                        + "(par exemple\u00A0!\u00A0?\u00A0@\u00A0#\u00A0$\u00A0%\u00A0*\u00A0€\u00A0; le caractère «\u00A0underscore\u00A0» _ n’est pas considéré "
                        + "comme un caractère spécial).");
    }

    @Test
    void everyUnmetRuleAtOnceInEnglish() {
        PolicyError error = provider.validate(realm, user, "JDUPONT");

        assertThat(asLoginPageShowsIt(error, Locale.ENGLISH)).isEqualTo(
                "The password does not meet the following rules: at least 8 characters; at least one lower-case letter; "
                        + "at least one digit; at least one special character (for example !\u00A0?\u00A0@\u00A0#\u00A0$\u00A0%\u00A0*\u00A0€; "
                        + "the underscore _ does not count as a special character); be different from the username.");
    }

    /** The string checked is the string Keycloak hashes: U+FDFA is one character, whatever NFKC makes of it. */
    @Test
    void lengthIsCountedOnThePasswordAsTyped() {
        assertThat(asLoginPageShowsIt(provider.validate(realm, user, "Aa1!\uFDFA"), Locale.FRENCH))
                .isEqualTo("Le mot de passe ne respecte pas les règles suivantes\u00A0: au moins 8 caractères.");
    }

    @Test
    void invisibleCharactersAreNamedInBothLanguages() {
        PolicyError error = provider.validate(realm, user, "Aa1!\u200B\u200B\u200B\u200B");
        assertThat(asLoginPageShowsIt(error, Locale.FRENCH)).isEqualTo(
                "Le mot de passe ne respecte pas les règles suivantes\u00A0: au moins 8 caractères\u00A0; ne contenir aucun caractère "
                        + "invisible, souvent apporté par un copier-coller (espace sans chasse, trait d’union conditionnel, "
                        + "caractère de contrôle).");
        assertThat(asAdminRestShowsIt(thrown(error), null)).isEqualTo(
                "The password does not meet the following rules: at least 8 characters; no invisible character, often "
                        + "brought in by copy and paste (zero-width space, soft hyphen, control character).");
    }

    @Test
    void blocklistEmailAndClassesTogether() {
        PolicyError error = provider.validate(realm, user, "azerty2024");
        assertThat(asLoginPageShowsIt(error, Locale.FRENCH))
                .contains("au moins une lettre majuscule", "au moins un caractère spécial", "ne pas être un mot de passe courant")
                .doesNotContain("au moins 8 caractères", "au moins un chiffre");

        when(user.getEmail()).thenReturn("Jean.Dupont1@example.fr");
        assertThat(asLoginPageShowsIt(provider.validate(realm, user, "jean.dupont1@example.fr"), Locale.FRENCH))
                .contains("au moins une lettre majuscule", "être différent de l’adresse électronique");
    }

    @Test
    void acceptedPasswordGivesNoError() {
        assertThat(provider.validate(realm, user, "Kxqmzw_p1!")).isNull();
        assertThat(provider.validate(realm, user, "Kxqmzw_p1")).isNotNull();
    }

    /** The admin REST API formats with the admin's language, the login pages with the page's: one error serves both. */
    @Test
    void theSameErrorReadsInTheLanguageOfWhoeverShowsIt() {
        PolicyError error = provider.validate(realm, user, "kxqmzwpt1");
        assertThat(asAdminRestShowsIt(thrown(error), null)).isEqualTo(
                "The password does not meet the following rules: at least one upper-case letter; at least one special "
                        + "character (for example !\u00A0?\u00A0@\u00A0#\u00A0$\u00A0%\u00A0*\u00A0€; the underscore _ does not count as a special character).");
        assertThat(asAdminRestShowsIt(thrown(error), "fr"))
                .startsWith("Le mot de passe ne respecte pas les règles suivantes\u00A0: au moins une lettre majuscule\u00A0; ");
        assertThat(asLoginPageShowsIt(error, Locale.FRENCH)).isEqualTo(asAdminRestShowsIt(thrown(error), "fr"));
        assertThat(asLoginPageShowsIt(error, Locale.ENGLISH)).isEqualTo(asAdminRestShowsIt(thrown(error), "en"));
    }

    /** Validation evaluates rules only: the language and the texts are read when, and if, the error is shown. */
    @Test
    void validationNeverLoadsThemesNorResolvesLocales() {
        ThemeManager watched = mock(ThemeManager.class);
        when(session.theme()).thenReturn(watched);
        assertThat(provider.validate(realm, user, "Kxqmzwpt!")).isNotNull();
        verifyNoInteractions(watched);
        verify(context, never()).resolveLocale(any());
        verify(context, never()).getBearerToken();
        verify(realm, never()).getRealmLocalizationTextsByLocale(anyString());
    }

    /** A realm's localization text for one rule (Realm settings → Localization) is what every caller shows. */
    @Test
    void aRealmOverrideOfOneSentenceIsWhatThePageAndTheApiShow() {
        when(realm.getRealmLocalizationTextsByLocale("fr")).thenReturn(Map.of("douanePasswordPolicyDigits", "un chiffre, au moins"));
        PolicyError error = provider.validate(realm, user, "Kxqmzwpt!");
        assertThat(asLoginPageShowsIt(error, Locale.FRENCH))
                .isEqualTo("Le mot de passe ne respecte pas les règles suivantes\u00A0: un chiffre, au moins.");
        assertThat(asAdminRestShowsIt(thrown(error), "fr")).endsWith(": un chiffre, au moins.");
        assertThat(asLoginPageShowsIt(error, Locale.ENGLISH)).endsWith(": at least one digit.");
    }

    /** Where Keycloak keeps a form message as JSON (messages forwarded across a redirect), the error is its text. */
    @Test
    void theErrorSerializesAsItsText() throws IOException {
        PolicyError error = provider.validate(realm, user, "Kxqmzwpt!");
        when(context.resolveLocale(any())).thenReturn(Locale.ENGLISH);
        String json = JsonSerialization.writeValueAsString(new FormMessage("password", error.getMessage(), error.getParameters()));
        assertThat(json).contains("\"at least one digit\"");
    }

    /** Without a request (a closed session), the error still reads, in English. */
    @Test
    void anErrorFormattedOutsideTheRequestFallsBackToEnglish() {
        PolicyError error = provider.validate(realm, user, "Kxqmzwpt!");
        when(context.getBearerToken()).thenThrow(new IllegalStateException("session closed"));
        assertThat(error.getParameters()[0]).hasToString("at least one digit");
    }

    @Test
    void registrationValidatesWithTheUsernameOnly() {
        assertThat(asLoginPageShowsIt(provider.validate("jean.dupont1@example.fr", "Jean.Dupont1@example.fr"), Locale.FRENCH))
                .isEqualTo("Le mot de passe ne respecte pas les règles suivantes\u00A0: être différent de l’identifiant.");
        assertThat(provider.validate("jdupont", "Kxqmzw_p1!")).isNull();
    }

    @Test
    void configFromTheRealmPolicyString() {
        usePolicy("douane-passay(minLength=12,minSpecial=2)");
        DouanePolicyConfig config = DouanePolicyConfig.ofRealm(realm);
        assertThat(config.minLength()).isEqualTo(12);
        assertThat(config.minSpecial()).isEqualTo(2);
        assertThat(asLoginPageShowsIt(provider.validate(realm, user, "Kxqmzw_p1!"), Locale.FRENCH))
                .startsWith("Le mot de passe ne respecte pas les règles suivantes\u00A0: au moins 12 caractères\u00A0; au moins 2 caractères spéciaux");

        usePolicy("douane-passay");
        assertThat(DouanePolicyConfig.ofRealm(realm)).isEqualTo(DouanePolicyConfig.DEFAULT);

        when(realm.getPasswordPolicy()).thenReturn(PasswordPolicy.empty());
        assertThat(DouanePolicyConfig.ofRealm(realm)).isNull();
    }

    @Test
    void malformedConfigIsRefusedWhenTheAdminSavesIt() {
        assertThatThrownBy(() -> provider.parseConfig("maxLength=32"))
                .isInstanceOf(PasswordPolicyConfigException.class)
                .hasMessageContaining("maxLength must be between 64 and 4096, got 32");
        // Keycloak's own parser wraps it with the policy id; this is what the admin console shows.
        assertThatThrownBy(() -> PasswordPolicy.parse(session, "douane-passay(minLength=8,colour=blue)"))
                .isInstanceOf(ModelException.class)
                .hasMessage("Invalid config for douane-passay: unknown key 'colour'; known keys: minLength, maxLength, "
                        + "minLower, minUpper, minDigit, minSpecial, specialChars, blocklist, blocklistFrench, notUsername, "
                        + "notEmail, maxRepeat, maxSequence");
    }

    @Test
    void livesBesideStockPolicies() {
        when(session.getProvider(PasswordPolicyProvider.class, "hashIterations"))
                .thenReturn(new HashIterationsPasswordPolicyProviderFactory().create(session));
        when(session.getProvider(PasswordPolicyProvider.class, "passwordHistory"))
                .thenReturn(new HistoryPasswordPolicyProviderFactory().create(session));
        usePolicy("hashIterations(210000) and passwordHistory(3) and douane-passay(minLength=10)");
        PasswordPolicy policy = realm.getPasswordPolicy();
        assertThat(policy.getHashIterations()).isEqualTo(210000);
        assertThat(policy.getExpiredPasswords()).isEqualTo(3);
        assertThat(DouanePolicyConfig.ofRealm(realm).minLength()).isEqualTo(10);
        assertThat(policy.toString()).isEqualTo("hashIterations(210000) and passwordHistory(3) and douane-passay(minLength=10)");
    }

    @Test
    void factoryDescribesItself() {
        assertThat(factory.getId()).isEqualTo("douane-passay");
        assertThat(factory.getDisplayName()).isEqualTo("Douane (Passay)");
        assertThat(factory.getConfigType()).isEqualTo(PasswordPolicyProvider.STRING_CONFIG_TYPE);
        assertThat(DouanePolicyConfigParser.parse(factory.getDefaultConfigValue())).isEqualTo(DouanePolicyConfig.DEFAULT);
        assertThat(factory.isMultiplSupported()).isFalse();
        assertThat(factory.getOperationalInfo()).containsKey("Implementation-Version").containsEntry("blocklist-file", "none");
        assertThat(Integer.parseInt(factory.getOperationalInfo().get("blocklist-common-words"))).isGreaterThan(49_000);
    }
}
