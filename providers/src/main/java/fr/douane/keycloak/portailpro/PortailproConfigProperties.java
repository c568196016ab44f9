package fr.douane.keycloak.portailpro;

import java.util.List;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The admin console form. Labels and help texts are message keys, translated in
 * theme-resources/messages/messages_{fr,en}.properties (section "portailpro").
 */
public final class PortailproConfigProperties {

    private PortailproConfigProperties() {
    }

    public static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property()
                .name(PortailproConfig.JDBC_URL)
                .label("douanePortailproJdbcUrl")
                .helpText("douanePortailproJdbcUrlHelp")
                .type(ProviderConfigProperty.STRING_TYPE)
                .required(true)
                .add()
            .property()
                .name(PortailproConfig.JDBC_USER)
                .label("douanePortailproJdbcUser")
                .helpText("douanePortailproJdbcUserHelp")
                .type(ProviderConfigProperty.STRING_TYPE)
                .add()
            .property()
                .name(PortailproConfig.JDBC_PASSWORD)
                .label("douanePortailproJdbcPassword")
                .helpText("douanePortailproJdbcPasswordHelp")
                .type(ProviderConfigProperty.PASSWORD)
                .secret(true)
                .add()
            .property()
                .name(PortailproConfig.POOL_SIZE)
                .label("douanePortailproPoolSize")
                .helpText("douanePortailproPoolSizeHelp")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.valueOf(PortailproConfig.DEFAULT_POOL_SIZE))
                .add()
            .property()
                .name(PortailproConfig.QUERY_TIMEOUT_SECONDS)
                .label("douanePortailproQueryTimeout")
                .helpText("douanePortailproQueryTimeoutHelp")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.valueOf(PortailproConfig.DEFAULT_QUERY_TIMEOUT_SECONDS))
                .add()
            .property()
                .name(PortailproConfig.CONNECT_TIMEOUT_SECONDS)
                .label("douanePortailproConnectTimeout")
                .helpText("douanePortailproConnectTimeoutHelp")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.valueOf(PortailproConfig.DEFAULT_CONNECT_TIMEOUT_SECONDS))
                .add()
            .property()
                .name(PortailproConfig.EDIT_MODE)
                .label("douanePortailproEditMode")
                .helpText("douanePortailproEditModeHelp")
                .type(ProviderConfigProperty.LIST_TYPE)
                .options("READ_ONLY", "UNSYNCED")
                .defaultValue(PortailproConfig.DEFAULT_EDIT_MODE.name())
                .add()
            .build();
}
