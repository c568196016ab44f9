package fr.douane.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import fr.douane.keycloak.passwordrules.PasswordRules;
import fr.douane.keycloak.passwordrules.PasswordRulesProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.policy.PasswordPolicyProvider;
import org.keycloak.util.JsonSerialization;

/** The rules as the reset page reads them, through the pack's password-rules SPI. */
class PageRulesTest {

    private static DouanePasswordPolicyProviderFactory policies;

    private KeycloakSession session;
    private RealmModel realm;
    private PasswordRulesProvider provider;

    @BeforeAll
    static void loadFactory() {
        policies = new DouanePasswordPolicyProviderFactory();
        policies.init(null);
    }

    @BeforeEach
    void mockKeycloak() {
        session = mock(KeycloakSession.class);
        realm = mock(RealmModel.class);
        KeycloakSessionFactory sessions = mock(KeycloakSessionFactory.class);
        when(sessions.getProviderFactory(PasswordPolicyProvider.class, DouanePasswordPolicyProviderFactory.PROVIDER_ID))
                .thenAnswer(i -> policies);
        when(session.getProvider(eq(PasswordPolicyProvider.class), eq(DouanePasswordPolicyProviderFactory.PROVIDER_ID)))
                .thenAnswer(i -> policies.create(session));
        when(realm.getRealmLocalizationTextsByLocale(anyString())).thenReturn(Map.of());
        DouanePageRulesProviderFactory factory = new DouanePageRulesProviderFactory();
        factory.postInit(sessions);
        provider = factory.create(session);
        when(session.getAllProviders(PasswordRulesProvider.class)).thenReturn(java.util.Set.of(provider));
        use("passwordHistory(3) and douane-passay");
    }

    private void use(String policyString) {
        when(session.getProvider(eq(PasswordPolicyProvider.class), eq("passwordHistory")))
                .thenReturn(new org.keycloak.policy.HistoryPasswordPolicyProviderFactory().create(session));
        PasswordPolicy policy = PasswordPolicy.parse(session, policyString);
        when(realm.getPasswordPolicy()).thenReturn(policy);
    }

    private JsonNode json(Locale locale) throws Exception {
        String json = PasswordRules.pageRulesJson(session, realm, locale);
        return json == null ? null : JsonSerialization.readValue(json, JsonNode.class);
    }

    @Test
    void theDouaneRuleInFrench() throws Exception {
        JsonNode j = json(Locale.FRENCH);
        assertThat(j.get("policy").asText()).isEqualTo("douane-passay");
        assertThat(j.get("normalization").asText()).isEqualTo("none");
        assertThat(j.get("lengthUnit").asText()).isEqualTo("codePoint");
        assertThat(j.get("specialChars").asText()).isEqualTo(DouaneSpecialCharacterData.DOUANE_SPECIALS);
        assertThat(j.get("lowerPattern").asText()).isEqualTo("\\p{Ll}");
        assertThat(j.get("invisiblePattern").asText()).isEqualTo("[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Zl}\\p{Zp}]");
        JsonNode rules = j.get("rules");
        assertThat(ids(rules)).containsExactly("minLength", "maxLength", "invisible", "lower", "upper", "digit", "special",
                "notUsername", "notEmail", "blocklist", "passwordHistory");
        JsonNode min = rules.get(0);
        assertThat(min.get("messageKey").asText()).isEqualTo("douanePasswordPolicyMinLength");
        assertThat(min.get("params").get(0).asInt()).isEqualTo(8);
        assertThat(min.get("serverOnly").asBoolean()).isFalse();
        assertThat(min.get("label").asText()).isEqualTo("au moins 8 caractères");
        JsonNode special = rules.get(6);
        assertThat(special.get("params").get(1).asText()).isEqualTo("!\u00A0?\u00A0@\u00A0#\u00A0$\u00A0%\u00A0*\u00A0€");
        assertThat(special.get("label").asText()).startsWith("au moins un caractère spécial (par exemple\u00A0!\u00A0?\u00A0@");
        JsonNode blocklist = rules.get(9);
        assertThat(blocklist.get("serverOnly").asBoolean()).isTrue();
        assertThat(blocklist.get("label").asText()).startsWith("ne pas être un mot de passe courant");
        assertThat(rules.get(2).get("label").asText()).startsWith("ne contenir aucun caractère invisible");
        JsonNode history = rules.get(10);
        assertThat(history.get("messageKey").asText()).isEqualTo("douanePasswordPolicyHistory");
        assertThat(history.get("params").get(0).asInt()).isEqualTo(3);
        assertThat(history.get("serverOnly").asBoolean()).isTrue();
        assertThat(history.get("label").asText()).isEqualTo("être différent des 3 derniers mots de passe");
    }

    /** The procedure's sentence tells the length and the four classes of the douane rule; the page lists the rest. */
    @Test
    void theRulesTheProceduresSentenceAlreadyTells() throws Exception {
        JsonNode j = json(Locale.FRENCH);
        assertThat(j.get("ruleTextApplies").asBoolean()).isTrue();
        List<String> told = new java.util.ArrayList<>();
        j.get("rules").forEach(r -> {
            if (r.get("inRuleText").asBoolean()) {
                told.add(r.get("id").asText());
            }
        });
        assertThat(told).containsExactly("minLength", "lower", "upper", "digit", "special");

        for (String variant : List.of("minLength=12", "minDigit=0", "minSpecial=2", "specialChars=%21_")) {
            use("douane-passay(" + variant + ")");
            JsonNode v = json(Locale.FRENCH);
            assertThat(v.get("ruleTextApplies").asBoolean()).as(variant).isFalse();
            v.get("rules").forEach(r -> assertThat(r.get("inRuleText").asBoolean()).as(variant).isFalse());
        }
    }

    /** Keycloak's own refusing policies of the realm are announced too, in the page's language. */
    @Test
    void keycloaksHistoryAndAgePoliciesAreListed() throws Exception {
        when(session.getProvider(eq(PasswordPolicyProvider.class), eq("passwordAge")))
                .thenReturn(new org.keycloak.policy.AgePasswordPolicyProviderFactory().create(session));
        use("passwordHistory(1) and passwordAge(30) and douane-passay");
        JsonNode rules = json(Locale.ENGLISH).get("rules");
        assertThat(ids(rules)).endsWith("passwordHistory", "passwordAge");
        assertThat(rules.get(rules.size() - 2).get("label").asText()).isEqualTo("be different from the current password");
        assertThat(rules.get(rules.size() - 1).get("label").asText()).isEqualTo("not have been used in the last 30 days");
        use("douane-passay");
        assertThat(ids(json(Locale.ENGLISH).get("rules"))).doesNotContain("passwordHistory", "passwordAge");
    }

    /** The labels are the error's sentences, in the page's language. */
    @Test
    void labelsInEnglishAndRealmTexts() throws Exception {
        assertThat(json(Locale.ENGLISH).get("rules").get(5).get("label").asText()).isEqualTo("at least one digit");
        when(realm.getRealmLocalizationTextsByLocale("fr")).thenReturn(Map.of("douanePasswordPolicyDigits", "un chiffre"));
        assertThat(json(Locale.FRENCH).get("rules").get(5).get("label").asText()).isEqualTo("un chiffre");
    }

    @Test
    void aVariantListsWhatItChecks() throws Exception {
        use("douane-passay(minLength=12,minDigit=0,maxRepeat=2,maxSequence=3,notEmail=off,blocklist=off)");
        JsonNode rules = json(Locale.ENGLISH).get("rules");
        assertThat(ids(rules)).containsExactly("minLength", "maxLength", "invisible", "lower", "upper", "special", "repeat",
                "sequence", "notUsername");
        assertThat(rules.get(0).get("label").asText()).isEqualTo("at least 12 characters");
        assertThat(rules.get(6).get("serverOnly").asBoolean()).as("repeat is checked live").isFalse();
        assertThat(rules.get(7).get("serverOnly").asBoolean()).as("keyboard runs are not").isTrue();
    }

    @Test
    void aRealmWithoutThePolicyGetsNoRules() throws Exception {
        when(realm.getPasswordPolicy()).thenReturn(PasswordPolicy.empty());
        assertThat(json(Locale.FRENCH)).isNull();
    }

    /** The page's pattern for invisible characters is the server's rule, code point by code point. */
    @Test
    void theInvisiblePatternIsTheServersRule() {
        java.util.regex.Pattern pattern = java.util.regex.Pattern.compile(PageRules.INVISIBLE_PATTERN);
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            boolean page = pattern.matcher(new String(Character.toChars(cp))).matches();
            assertThat(page).as("U+%04X", cp).isEqualTo(CharacterClasses.isInvisible(cp));
        }
    }

    private static List<String> ids(JsonNode rules) {
        List<String> ids = new java.util.ArrayList<>();
        rules.forEach(r -> ids.add(r.get("id").asText()));
        return ids;
    }
}
