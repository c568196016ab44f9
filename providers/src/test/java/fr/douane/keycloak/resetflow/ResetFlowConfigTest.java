package fr.douane.keycloak.resetflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.models.AuthenticatorConfigModel;

class ResetFlowConfigTest {

    @Test
    void missingConfigMeansTheDefaults() {
        ResetFlowConfig config = ResetFlowConfig.of((AuthenticatorConfigModel) null);
        assertThat(config.mailsPerAccountPerHour()).isEqualTo(3);
        assertThat(config.mailsPerAddressPerHour()).isEqualTo(20);
        assertThat(config.maxIdentifierMismatches()).isEqualTo(5);
    }

    @Test
    void valuesAreRead() {
        ResetFlowConfig config = ResetFlowConfig.parse(Map.of(
                ResetFlowConfig.MAILS_PER_ACCOUNT_PER_HOUR, " 5 ",
                ResetFlowConfig.MAILS_PER_ADDRESS_PER_HOUR, "100",
                ResetFlowConfig.MAX_IDENTIFIER_MISMATCHES, ""));
        assertThat(config.mailsPerAccountPerHour()).isEqualTo(5);
        assertThat(config.mailsPerAddressPerHour()).isEqualTo(100);
        assertThat(config.maxIdentifierMismatches()).isEqualTo(5);
    }

    @ParameterizedTest
    @CsvSource({
            "douaneMailsPerAccountPerHour, beaucoup, is not a whole number",
            "douaneMailsPerAccountPerHour, 0, outside 1..50",
            "douaneMailsPerAddressPerHour, 1001, outside 1..1000",
            "douaneMaxIdentifierMismatches, -1, outside 1..20"})
    void theStrictParseSaysWhatIsWrong(String key, String value, String message) {
        assertThatThrownBy(() -> ResetFlowConfig.parse(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key).hasMessageContaining(message);
    }

    @Test
    void aMistypedStoredConfigFallsBackToTheDefaultsAtRunTime() {
        AuthenticatorConfigModel model = new AuthenticatorConfigModel();
        model.setAlias("douane reset request");
        model.setConfig(Map.of(ResetFlowConfig.MAILS_PER_ACCOUNT_PER_HOUR, "beaucoup"));
        assertThat(ResetFlowConfig.of(model).mailsPerAccountPerHour()).isEqualTo(3);
    }
}
