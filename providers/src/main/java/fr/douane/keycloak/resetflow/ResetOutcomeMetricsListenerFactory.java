package fr.douane.keycloak.resetflow;

import org.keycloak.Config;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.events.EventListenerTransaction;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import fr.douane.keycloak.PackVersion;

/**
 * Counts the reset flow's outcomes from its own events: every forgot-password request ends in one
 * {@code SEND_RESET_PASSWORD(_ERROR)} event with the detail {@code douane_outcome}, so counting the
 * events, once their transaction commits, counts the requests; the new-password page ends in
 * {@code UPDATE_PASSWORD} or {@code RESET_PASSWORD_ERROR} with the same detail. Global (like Keycloak's event
 * metrics): it needs no realm setting, and events of other kinds pass through untouched.
 */
public final class ResetOutcomeMetricsListenerFactory implements EventListenerProviderFactory,
        ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "douane-reset-metrics";

    static final String PASSWORD_CHANGED_NOTICE_FAILED = "password_changed_notice_failed";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        EventListenerTransaction tx = new EventListenerTransaction(null, ResetOutcomeMetricsListenerFactory::count);
        session.getTransactionManager().enlistAfterCompletion(tx);
        return new EventListenerProvider() {
            @Override
            public void onEvent(Event event) {
                if (isResetEvent(event)) {
                    tx.addEvent(event);
                }
            }

            @Override
            public void onEvent(AdminEvent event, boolean includeRepresentation) {
                // admin events say nothing about reset requests
            }

            @Override
            public void close() {
            }
        };
    }

    static boolean isResetEvent(Event event) {
        return (isRequest(event) || isNewPassword(event))
                && event.getDetails() != null && event.getDetails().get(ResetOutcome.EVENT_DETAIL) != null;
    }

    private static boolean isRequest(Event event) {
        return event.getType() == EventType.SEND_RESET_PASSWORD || event.getType() == EventType.SEND_RESET_PASSWORD_ERROR;
    }

    /** The last page of a link: the password changed, or why not. */
    private static boolean isNewPassword(Event event) {
        return event.getType() == EventType.UPDATE_PASSWORD || event.getType() == EventType.RESET_PASSWORD_ERROR;
    }

    static void count(Event event) {
        String outcome = event.getDetails().get(ResetOutcome.EVENT_DETAIL);
        String realm = event.getRealmName();
        if (isNewPassword(event)) {
            ResetMeters.passwordOutcome(realm, outcome);
            return;
        }
        if (PASSWORD_CHANGED_NOTICE_FAILED.equals(outcome)) {
            // Not a request: the notice mailed after a password change.
            ResetMeters.mailFailed(realm, ResetMeters.MAIL_PASSWORD_CHANGED);
            return;
        }
        ResetMeters.outcome(realm, outcome);
        if (ResetOutcome.MAIL_FAILED.detail().equals(outcome)) {
            ResetMeters.mailFailed(realm, ResetMeters.MAIL_RESET_LINK);
        }
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public java.util.Map<String, String> getOperationalInfo() {
        return PackVersion.operationalInfo();
    }
}
