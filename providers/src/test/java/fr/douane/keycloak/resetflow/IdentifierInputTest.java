package fr.douane.keycloak.resetflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierInputTest {

    @ParameterizedTest
    @CsvSource({
            "'  marie.dupont@exemple.fr  ', marie.dupont@exemple.fr",
            "jest_telepaiement, jest_telepaiement",
            // Full-width characters are folded by NFKC to what the account stores.
            "'ｍａｒｉｅ@exemple.fr', marie@exemple.fr",
            "'Élodie.Fèvre@exemple.fr', 'Élodie.Fèvre@exemple.fr'"})
    void acceptsTrimsAndNormalizes(String raw, String expected) {
        IdentifierInput input = IdentifierInput.parse(raw);
        assertThat(input.isValid()).isTrue();
        assertThat(input.value()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t"})
    void emptyIsMissing(String raw) {
        assertThat(IdentifierInput.parse(raw).problem()).isEqualTo(IdentifierInput.Problem.MISSING);
        assertThat(IdentifierInput.parse(null).problem()).isEqualTo(IdentifierInput.Problem.MISSING);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "marie\r\nBcc: victime@exemple.fr", "nul\u0000l", "<script>alert(1)</script>", "a\"b", "zero\u200Bwidth",
            "tab\tinside"})
    void controlAndMarkupCharactersAreInvalidAndNotKept(String raw) {
        IdentifierInput input = IdentifierInput.parse(raw);
        assertThat(input.problem()).isEqualTo(IdentifierInput.Problem.INVALID);
        assertThat(input.value()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {255, 1_017, 10_240, 1_000_000})
    void overLongValuesAreInvalid(int length) {
        assertThat(IdentifierInput.parse("a".repeat(length)).problem()).isEqualTo(IdentifierInput.Problem.INVALID);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 254})
    void lengthsUpToTheAddressLimitAreAccepted(int length) {
        assertThat(IdentifierInput.parse("a".repeat(length)).isValid()).isTrue();
    }
}
