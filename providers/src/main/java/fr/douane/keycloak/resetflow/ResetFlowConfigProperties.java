package fr.douane.keycloak.resetflow;

import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The admin-console form of the reset flow's authenticator config. Labels and help texts are
 * message keys (theme-resources/messages), so the console shows them in French and English.
 */
final class ResetFlowConfigProperties {

    static final List<ProviderConfigProperty> REQUEST_STEP = ProviderConfigurationBuilder.create()
            .property().name(ResetFlowConfig.MAILS_PER_ACCOUNT_PER_HOUR)
            .label("douaneMailsPerAccountPerHour").helpText("douaneMailsPerAccountPerHourHelp")
            .type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(ResetFlowConfig.DEFAULT_MAILS_PER_ACCOUNT_PER_HOUR).add()
            .property().name(ResetFlowConfig.MAILS_PER_ADDRESS_PER_HOUR)
            .label("douaneMailsPerAddressPerHour").helpText("douaneMailsPerAddressPerHourHelp")
            .type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(ResetFlowConfig.DEFAULT_MAILS_PER_ADDRESS_PER_HOUR).add()
            .build();

    static final List<ProviderConfigProperty> PASSWORD_STEP = ProviderConfigurationBuilder.create()
            .property().name(ResetFlowConfig.MAX_IDENTIFIER_MISMATCHES)
            .label("douaneMaxIdentifierMismatches").helpText("douaneMaxIdentifierMismatchesHelp")
            .type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(ResetFlowConfig.DEFAULT_MAX_IDENTIFIER_MISMATCHES).add()
            .build();

    private ResetFlowConfigProperties() {
    }
}
