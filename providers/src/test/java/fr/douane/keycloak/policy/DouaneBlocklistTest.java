package fr.douane.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.Config;

/** The lists as the build ships them, the matcher's forms, the French option and the admin's file. */
class DouaneBlocklistTest {

    private static DouaneBlocklist common;
    private static DouaneBlocklist withFrench;

    @BeforeAll
    static void load() {
        common = new DouaneBlocklist(List.of(BlocklistSources.common()), "common");
        withFrench = new DouaneBlocklist(List.of(BlocklistSources.common(), BlocklistSources.french()), "common + French");
    }

    @ParameterizedTest
    @ValueSource(strings = {"azerty", "AZERTY", "AzErTy", "azerty123", "Azerty123!", "!azerty!", "4z3rty",
        "motdepasse", "M0tDeP@sse", "password", "P@ssw0rd", "Pa$$word1", "123456", "soleil", "S0le1l2024",
        "jetaime", "JeTaime!!", "bonjour1", "douane", "Portailpro2024", "qwerty", "@dmin",
        // from the npm list only
        "dragon", "Dragon2024!", "baseball", "1qaz2wsx", "1qaz2wsx!", "Qwerty123!", "trustno1", "Abcdef1_!"})
    void blocksCommonPasswordsAndTheirVariants(String password) {
        assertThat(common.search(password)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Kxqmzwpt1!", "Soleillevant7!", "Marie&Pierre2024!", "Tr0ub4dor&3", "Correct-Horse-Battery-Staple-1",
        "Nuage-Gris-47", "Ba#2xLq9zW", "a1!", "123", ""})
    void letsOthersThrough(String password) {
        assertThat(common.search(password)).isFalse();
    }

    /** Exact: a word close to a listed one, or holding one, is not refused. */
    @Test
    void noFalsePositive() {
        assertThat(common.search("Azertyx1!")).isFalse();
        assertThat(common.search("Xazerty1!")).isFalse();
        assertThat(common.search("Passwore1!")).isFalse();
    }

    /** Short words only block the exact password, never a core. */
    @Test
    void shortWordsBlockOnlyThemselves() {
        WordList list = WordList.of(List.of("abc", "chat"));
        DouaneBlocklist b = new DouaneBlocklist(List.of(list), "t");
        assertThat(b.search("abc")).isTrue();
        assertThat(b.search("Abc123!")).isFalse();
        assertThat(b.search("Chat2024!")).isTrue();
    }

    @Test
    void theCommonListHoldsTheNpmListAndThePacksAdditions() {
        WordList list = BlocklistSources.common();
        assertThat(list.size()).isGreaterThan(49_000);
        List<String> npm = BlocklistSources.json(BlocklistSources.COMMON);
        assertThat(npm).hasSizeGreaterThan(49_000).startsWith("123456", "password");
        for (String word : List.of("douane", "portailpro", "azerty", "soleil", "motdepasse")) {
            assertThat(new DouaneBlocklist(List.of(list), "t").search(word)).as(word).isTrue();
        }
    }

    /** Common words and names of French, only with the option. */
    @ParameterizedTest
    @ValueSource(strings = {"Capitaine2024!", "Cheveux!1", "Wilfried1990!", "Arnault1975!"})
    void frenchWordsAndNamesWithTheOption(String password) {
        assertThat(common.search(password)).as("common list only").isFalse();
        assertThat(withFrench.search(password)).as("with the French lists").isTrue();
    }

    @Test
    void theFrenchOptionOfThePolicy() {
        DouanePasswordPolicyProviderFactory factory = new DouanePasswordPolicyProviderFactory();
        factory.init(null);
        assertThat(factory.rules(DouanePolicyConfig.DEFAULT).check("Capitaine2024!", null, null)).isEmpty();
        assertThat(factory.rules(DouanePolicyConfigParser.parse("blocklistFrench=on")).check("Capitaine2024!", null, null))
                .extracting(RuleSentence::rule).containsExactly(DouaneRule.BLOCKLIST);
    }

    @Test
    void anAdminFileIsNormalizedAndCommentsIgnored(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("extra.txt");
        Files.writeString(file, "# comment\n\n  Marseillaise  \nÉCUREUIL\nE\u0301cureuil\n", StandardCharsets.UTF_8);
        WordList words = BlocklistSources.file(file);
        assertThat(words.size()).isEqualTo(2);
        DouaneBlocklist extra = new DouaneBlocklist(List.of(words), "t");
        assertThat(extra.search("marseillaise")).isTrue();
        assertThat(extra.search("Marseillaise13!")).isTrue();
        assertThat(extra.search("\u00E9cureuil")).isTrue();
        assertThat(extra.search("# comment")).isFalse();
    }

    /** The server option, read the way Keycloak hands a factory its scope. */
    @Test
    void theServerOptionAddsAFileToEveryBlocklist(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mots.txt");
        Files.writeString(file, "gabelou\n", StandardCharsets.UTF_8);
        DouanePasswordPolicyProviderFactory factory = new DouanePasswordPolicyProviderFactory();
        factory.init(scope(Map.of(DouanePasswordPolicyProviderFactory.OPTION_BLOCKLIST_FILE, file.toString())));
        assertThat(factory.rules(DouanePolicyConfig.DEFAULT).check("Gabelou2024!", null, null))
                .extracting(RuleSentence::rule).containsExactly(DouaneRule.BLOCKLIST);
        assertThat(factory.rules(DouanePolicyConfigParser.parse("blocklistFrench=on")).check("Gabelou2024!", null, null)).hasSize(1);
        assertThat(factory.rules(DouanePolicyConfig.DEFAULT).check("Soleil2024!", null, null)).hasSize(1);
        assertThat(factory.rules(DouanePolicyConfigParser.parse("blocklist=off")).check("Gabelou2024!", null, null)).isEmpty();
        assertThat(factory.getOperationalInfo()).containsEntry("blocklist-file", file.toString())
                .containsEntry("blocklist-file-words", "1");
    }

    /** A file the admin asked for and that cannot be read stops the server rather than silently missing. */
    @Test
    void anUnreadableFileStopsTheStart() {
        DouanePasswordPolicyProviderFactory factory = new DouanePasswordPolicyProviderFactory();
        assertThatThrownBy(() -> factory.init(scope(Map.of(DouanePasswordPolicyProviderFactory.OPTION_BLOCKLIST_FILE,
                "/nonexistent/douane.txt"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("/nonexistent/douane.txt");
    }

    @Test
    void theOptionIsDeclared() {
        assertThat(new DouanePasswordPolicyProviderFactory().getConfigMetadata())
                .extracting(p -> p.getName()).containsExactly(DouanePasswordPolicyProviderFactory.OPTION_BLOCKLIST_FILE);
    }

    static Config.Scope scope(Map<String, String> values) {
        return new Config.SystemPropertiesScope("test.") {
            @Override
            public String get(String key) {
                return values.get(key);
            }
        };
    }
}
