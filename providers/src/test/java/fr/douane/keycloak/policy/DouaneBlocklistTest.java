package fr.douane.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DouaneBlocklistTest {

    private static final DouaneBlocklist SHIPPED = DouaneBlocklist.builtIn();

    @ParameterizedTest
    @ValueSource(strings = {"azerty", "AZERTY", "AzErTy", "azerty123", "Azerty123!", "!azerty!", "4z3rty",
        "motdepasse", "M0tDeP@sse", "password", "P@ssw0rd", "Pa$$word1", "123456", "soleil", "S0le1l2024",
        "jetaime", "JeTaime!!", "bonjour1", "douane", "Portailpro2024", "qwerty", "@dmin"})
    void blocksCommonPasswordsAndTheirVariants(String password) {
        assertThat(SHIPPED.search(password)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Abcdef1_!", "Tr0ub4dor&3", "Soleillevant7!", "kxqmzwpt", "123", "Marie&Pierre2024!", "a1!", ""})
    void letsOthersThrough(String password) {
        assertThat(SHIPPED.search(password)).isFalse();
    }

    @Test
    void shippedListIsLoadedSortedAndDeduplicated() {
        assertThat(SHIPPED.size()).isGreaterThan(400);
        assertThat(SHIPPED.getSource()).isEqualTo("classpath:" + DouaneBlocklist.BUILT_IN_RESOURCE);
    }

    @Test
    void extraFileIsNormalizedAndCommentsIgnored(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("extra.txt");
        Files.writeString(file, "# comment\n\n  Marseillaise  \nÉCUREUIL\nE\u0301cureuil\n", StandardCharsets.UTF_8);
        DouaneBlocklist extra = DouaneBlocklist.fromFile(file);
        assertThat(extra.size()).isEqualTo(2);
        assertThat(extra.search("marseillaise")).isTrue();
        assertThat(extra.search("Marseillaise13!")).isTrue();
        assertThat(extra.search("\u00E9cureuil")).isTrue();
        assertThat(extra.search("# comment")).isFalse();
    }

    @Test
    void extraFileFromTheConfigAddsToTheShippedList(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mots.txt");
        Files.writeString(file, "gabelou\n", StandardCharsets.UTF_8);
        DouanePasswordPolicyProviderFactory factory = new DouanePasswordPolicyProviderFactory();
        factory.init(null);
        DouanePasswordRules rules = factory.rules(DouanePasswordPolicyConfig.parse(
                "blocklistFile=" + DouanePasswordPolicyConfig.percentEncode(file.toString())));
        assertThat(rules.check("Gabelou2024!", null, null)).extracting(DouanePasswordPolicyViolation::getRuleId)
                .containsExactly(DouanePasswordPolicyViolation.BLOCKLIST);
        assertThat(rules.check("Soleil2024!", null, null)).hasSize(1);

        // A missing file is logged, never fatal: the shipped list still applies.
        DouanePasswordRules missing = factory.rules(DouanePasswordPolicyConfig.parse("blocklistFile=/nonexistent/douane.txt"));
        assertThat(missing.check("Soleil2024!", null, null)).hasSize(1);
        assertThat(missing.check("Gabelou2024!", null, null)).isEmpty();
    }

    @Test
    void decoding() {
        assertThat(DouaneBlocklist.trimNonLetters("12!soleil2024!")).isEqualTo("soleil");
        assertThat(DouaneBlocklist.trimNonLetters("1234")).isEmpty();
        assertThat(DouaneBlocklist.undoLeet("p@ssw0rd")).isEqualTo("password");
        assertThat(DouaneBlocklist.of(List.of("B", "a", "b"), "t").size()).isEqualTo(2);
    }
}
