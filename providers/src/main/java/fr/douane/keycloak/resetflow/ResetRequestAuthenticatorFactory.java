package fr.douane.keycloak.resetflow;

import java.util.List;

import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

/** Factory of {@link ResetRequestAuthenticator}, the first step of the douane reset flow. */
public final class ResetRequestAuthenticatorFactory extends ResetStepFactorySupport {

    public static final String PROVIDER_ID = "douane-reset-request";
    private static final ResetRequestAuthenticator INSTANCE = new ResetRequestAuthenticator();

    @Override
    public Authenticator create(KeycloakSession session) {
        return INSTANCE;
    }

    /** Every node looks for the reset flow's mails that are due for another attempt. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, s -> s.getProvider(TimerProvider.class)
                        .scheduleTask((ScheduledTask) MailDelivery::poll, MailDelivery.POLL_MILLIS, MAIL_RETRY_TASK));
            }
        });
    }

    static final String MAIL_RETRY_TASK = "douane-mail-retry";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Douane: forgot password (Identifiant or Courriel)";
    }

    @Override
    public String getHelpText() {
        return "Asks for the identifiant or the email, always answers with the same confirmation page, "
                + "and mails a 24 h single-use link off the request thread. Rate-limited per account and per address.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ResetFlowConfigProperties.REQUEST_STEP;
    }
}
