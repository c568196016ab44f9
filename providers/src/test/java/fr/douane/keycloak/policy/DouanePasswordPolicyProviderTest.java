package fr.douane.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.text.MessageFormat;
import java.util.Locale;
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
import org.keycloak.policy.HashIterationsPasswordPolicyProviderFactory;
import org.keycloak.policy.HistoryPasswordPolicyProviderFactory;
import org.keycloak.policy.PasswordPolicyConfigException;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.policy.PolicyError;
import org.keycloak.theme.Theme;

/**
 * The provider as Keycloak drives it: the realm's policy string parsed by Keycloak's own
 * {@link PasswordPolicy}, one {@link PolicyError} carrying every unmet rule, rendered the way the login
 * pages and the admin REST API render it, in French and in English.
 */
class DouanePasswordPolicyProviderTest {

    private static DouanePasswordPolicyProviderFactory factory;

    private KeycloakSession session;
    private KeycloakContext context;
    private RealmModel realm;
    private UserModel user;
    private Theme loginTheme;
    private Theme adminTheme;
    private DouanePasswordPolicyProvider provider;

    @BeforeAll
    static void loadFactory() {
        factory = new DouanePasswordPolicyProviderFactory();
        factory.init(null);
    }

    @BeforeEach
    void mockKeycloak() throws IOException {
        session = mock(KeycloakSession.class);
        context = mock(KeycloakContext.class);
        realm = mock(RealmModel.class);
        user = mock(UserModel.class);
        ThemeManager themes = mock(ThemeManager.class);
        loginTheme = mock(Theme.class);
        adminTheme = mock(Theme.class);
        provider = (DouanePasswordPolicyProvider) factory.create(session);

        when(session.getContext()).thenReturn(context);
        when(session.theme()).thenReturn(themes);
        when(session.getProvider(PasswordPolicyProvider.class, DouanePasswordPolicyProviderFactory.PROVIDER_ID)).thenReturn(provider);
        when(context.getRealm()).thenReturn(realm);
        when(themes.getTheme(Theme.Type.LOGIN)).thenReturn(loginTheme);
        when(themes.getTheme(Theme.Type.ADMIN)).thenReturn(adminTheme);
        // Keycloak merges the jar's theme-resources messages into every theme; the bundled texts stand for that.
        when(loginTheme.getEnhancedMessages(eq(realm), any())).thenAnswer(i -> themeMessages(i.getArgument(1)));
        when(adminTheme.getEnhancedMessages(eq(realm), any())).thenAnswer(i -> themeMessages(i.getArgument(1)));
        when(user.getUsername()).thenReturn("jdupont");
        when(user.getEmail()).thenReturn("jean.dupont@example.fr");
        usePolicy("douane-passay");
    }

    private static Properties themeMessages(Locale locale) {
        Properties p = new Properties();
        p.putAll(DouanePasswordPolicyMessages.bundled(locale));
        p.setProperty("invalidPasswordMinLengthMessage", "stock message");
        return p;
    }

    private void usePolicy(String policyString) {
        PasswordPolicy policy = PasswordPolicy.parse(session, policyString);
        when(realm.getPasswordPolicy()).thenReturn(policy);
    }

    /** What the reset page, update-password page and registration show: FreeMarkerLoginFormsProvider.formatMessage. */
    private static String asLoginPageShowsIt(PolicyError e, Locale locale) {
        Properties messages = themeMessages(locale);
        return new MessageFormat(messages.getProperty(e.getMessage()), locale).format(e.getParameters());
    }

    /** What the admin REST reset-password endpoint answers: UserResource.resetPassword's ModelException branch. */
    private static String asAdminRestShowsIt(ModelException e, Locale adminLocale) {
        Properties messages = themeMessages(adminLocale);
        return MessageFormat.format(messages.getProperty(e.getMessage(), e.getMessage()), e.getParameters());
    }

    @Test
    void everyUnmetRuleAtOnceInFrench() {
        PolicyError error = provider.validate(realm, user, "abc");

        assertThat(error.getMessage()).isEqualTo("douanePasswordPolicyUnmet");
        assertThat(error.getParameters()).hasSize(DouaneUnmetRulesMessage.ARGUMENTS);
        assertThat(asLoginPageShowsIt(error, Locale.FRENCH)).isEqualTo(
                "Le mot de passe ne respecte pas les règles suivantes : au moins 8 caractères ; "
                        + "au moins une lettre majuscule ; au moins un chiffre ; au moins un caractère spécial "
                        + "(par exemple ! ? @ # $ % * € ; le caractère « underscore » _ n’est pas considéré "
                        + "comme un caractère spécial).");
    }

    @Test
    void everyUnmetRuleAtOnceInEnglish() {
        PolicyError error = provider.validate(realm, user, "JDUPONT");

        assertThat(asLoginPageShowsIt(error, Locale.ENGLISH)).isEqualTo(
                "The password does not meet the following rules: at least 8 characters; at least one lower-case letter; "
                        + "at least one digit; at least one special character (for example ! ? @ # $ % * €; "
                        + "the underscore _ does not count as a special character); be different from the username.");
    }

    /** The string checked is the string Keycloak hashes: U+FDFA is one character, whatever NFKC makes of it. */
    @Test
    void lengthIsCountedOnThePasswordAsTyped() {
        assertThat(asLoginPageShowsIt(provider.validate(realm, user, "Aa1!\uFDFA"), Locale.FRENCH))
                .isEqualTo("Le mot de passe ne respecte pas les règles suivantes : au moins 8 caractères.");
    }

    @Test
    void invisibleCharactersAreNamedInBothLanguages() {
        PolicyError error = provider.validate(realm, user, "Aa1!\u200B\u200B\u200B\u200B");
        assertThat(asLoginPageShowsIt(error, Locale.FRENCH)).isEqualTo(
                "Le mot de passe ne respecte pas les règles suivantes : au moins 8 caractères ; ne contenir aucun caractère "
                        + "invisible, souvent apporté par un copier-coller (espace sans chasse, trait d’union conditionnel, "
                        + "caractère de contrôle).");
        assertThat(asAdminRestShowsIt(new ModelException(error.getMessage(), error.getParameters()), Locale.ENGLISH)).isEqualTo(
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
        assertThat(provider.validate(realm, user, "Abcdef1_!")).isNull();
        assertThat(provider.validate(realm, user, "Abcdef1_")).isNotNull();
    }

    @Test
    void theSameErrorReadsInTheLanguageOfWhoeverShowsIt() {
        // The admin REST API formats with the admin's language, the login pages with the page's: the policy
        // returns no text, so one error serves both.
        PolicyError error = provider.validate(realm, user, "kxqmzwpt1");
        ModelException thrown = new ModelException(error.getMessage(), error.getParameters());
        assertThat(asAdminRestShowsIt(thrown, Locale.ENGLISH)).isEqualTo(
                "The password does not meet the following rules: at least one upper-case letter; at least one special "
                        + "character (for example ! ? @ # $ % * €; the underscore _ does not count as a special character).");
        assertThat(asAdminRestShowsIt(thrown, Locale.FRENCH))
                .startsWith("Le mot de passe ne respecte pas les règles suivantes : au moins une lettre majuscule ; ");
        assertThat(asLoginPageShowsIt(error, Locale.FRENCH))
                .isEqualTo(asAdminRestShowsIt(thrown, Locale.FRENCH));
    }

    @Test
    void validationNeverLoadsThemesNorResolvesLocales() {
        ThemeManager watched = mock(ThemeManager.class);
        when(session.theme()).thenReturn(watched);
        assertThat(provider.validate(realm, user, "Kxqmzwpt!")).isNotNull();
        verifyNoInteractions(watched);
        verify(context, never()).resolveLocale(any());
    }

    @Test
    void aRealmOverrideOfTheMessageIsWhatThePageShows() {
        Properties custom = themeMessages(Locale.FRENCH);
        custom.setProperty("douanePasswordPolicyUnmet", "Mot de passe refusé{4,choice,0#|1# : il manque un chiffre|2# ; il manque un chiffre}.");
        PolicyError error = provider.validate(realm, user, "Kxqmzwpt!");
        assertThat(new MessageFormat(custom.getProperty(error.getMessage()), Locale.FRENCH).format(error.getParameters()))
                .isEqualTo("Mot de passe refusé : il manque un chiffre.");
    }

    @Test
    void registrationValidatesWithTheUsernameOnly() {
        assertThat(asLoginPageShowsIt(provider.validate("jean.dupont1@example.fr", "Jean.Dupont1@example.fr"), Locale.FRENCH))
                .isEqualTo("Le mot de passe ne respecte pas les règles suivantes : être différent de l’identifiant.");
        assertThat(provider.validate("jdupont", "Abcdef1_!")).isNull();
    }

    @Test
    void configFromTheRealmPolicyString() {
        usePolicy("douane-passay(minLength=12,minSpecial=2)");
        DouanePasswordPolicyConfig config = DouanePasswordPolicyConfig.fromRealm(realm);
        assertThat(config.getMinLength()).isEqualTo(12);
        assertThat(config.getMinSpecial()).isEqualTo(2);
        assertThat(asLoginPageShowsIt(provider.validate(realm, user, "Abcdef1_!"), Locale.FRENCH))
                .startsWith("Le mot de passe ne respecte pas les règles suivantes : au moins 12 caractères ; au moins 2 caractères spéciaux");

        usePolicy("douane-passay");
        assertThat(DouanePasswordPolicyConfig.fromRealm(realm)).isEqualTo(DouanePasswordPolicyConfig.DEFAULT);

        when(realm.getPasswordPolicy()).thenReturn(PasswordPolicy.empty());
        assertThat(DouanePasswordPolicyConfig.fromRealm(realm)).isNull();
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
                        + "minLower, minUpper, minDigit, minSpecial, specialChars, blocklist, blocklistFile, notUsername, "
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
        assertThat(DouanePasswordPolicyConfig.fromRealm(realm).getMinLength()).isEqualTo(10);
        assertThat(policy.toString()).isEqualTo("hashIterations(210000) and passwordHistory(3) and douane-passay(minLength=10)");
    }

    @Test
    void factoryDescribesItself() {
        assertThat(factory.getId()).isEqualTo("douane-passay");
        assertThat(factory.getDisplayName()).isEqualTo("Douane (Passay)");
        assertThat(factory.getConfigType()).isEqualTo(PasswordPolicyProvider.STRING_CONFIG_TYPE);
        assertThat(DouanePasswordPolicyConfig.parse(factory.getDefaultConfigValue())).isEqualTo(DouanePasswordPolicyConfig.DEFAULT);
        assertThat(factory.isMultiplSupported()).isFalse();
        assertThat(factory.getOperationalInfo()).containsKey("Implementation-Version");
        assertThat(factory.builtInBlocklistSize()).isGreaterThan(400);
    }
}
