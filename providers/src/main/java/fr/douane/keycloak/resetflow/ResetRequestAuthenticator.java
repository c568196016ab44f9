package fr.douane.keycloak.resetflow;

import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Steps 2 and 3 of the procedure: "Vous avez oublié votre mot de passe" (Identifiant or Courriel)
 * and the confirmation page. The POST looks nothing up: it checks the form, takes the
 * per-address slot and answers; everything that depends on the account runs afterwards in
 * {@link ResetRequestJob}. So the page, its status and its timing are the same whatever the account
 * (local, Portailpro, imported or not, suspended, unknown) and whatever state the directory and
 * the SMTP server are in; what happened goes into a Keycloak event.
 *
 * <p>When the flow is re-run by {@link ResetLinkTokenHandler} after a valid link was opened, this
 * step steps aside for the link's user.</p>
 */
public final class ResetRequestAuthenticator implements Authenticator {

    static final String FIELD_IDENTIFIER = "identifier";
    static final String FORM_TEMPLATE = "douane-reset-request.ftl";
    static final String SENT_TEMPLATE = "douane-reset-sent.ftl";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (ResetLinkNotes.cameThroughLink(context.getAuthenticationSession(), context.getUser())) {
            context.success();
            return;
        }
        context.challenge(form(context, ResetMode.EMAIL, "").createForm(FORM_TEMPLATE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (ResetLinkNotes.cameThroughLink(authSession, context.getUser())) {
            context.success();
            return;
        }
        MultivaluedMap<String, String> params = context.getHttpRequest().getDecodedFormParameters();
        ResetMode mode = ResetMode.fromForm(params.getFirst(ResetMode.FORM_FIELD));
        IdentifierInput input = IdentifierInput.parse(params.getFirst(FIELD_IDENTIFIER));
        if (mode == null || !input.isValid()) {
            String key = mode == null ? "douaneResetModeMissing" : input.problem().messageKey();
            LoginFormsProvider form = form(context, mode == null ? ResetMode.EMAIL : mode, input.value());
            form.addError(new FormMessage(FIELD_IDENTIFIER, key));
            context.challenge(form.createForm(FORM_TEMPLATE));
            return;
        }

        // The flow never carries a user out of this step: nothing later can act on the account.
        context.clearUser();
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        ResetFlowConfig config = ResetFlowConfig.of(context.getAuthenticatorConfig());
        String ip = context.getConnection().getRemoteAddr();
        // The per-address limit is taken first and for every request, known account or not: a
        // throttled address causes no lookup at all, and the limit says nothing about accounts.
        if (new ResetLinkStore(session, realm).takeHourlySlot("address", ClientAddress.limitKey(ip),
                config.mailsPerAddressPerHour())) {
            ResetRequestJob.queue(session, ResetRequestJob.Request.capture(session, realm, authSession, mode,
                    input.value(), config, AuthenticationProcessor.getClientData(session, authSession), ip));
        } else {
            recordThrottled(context, mode, input.value());
        }
        context.challenge(context.form().createForm(SENT_TEMPLATE));
    }

    private static void recordThrottled(AuthenticationFlowContext context, ResetMode mode, String typed) {
        EventBuilder event = context.getEvent().clone().event(EventType.SEND_RESET_PASSWORD)
                .detail(ResetOutcome.EVENT_DETAIL, ResetOutcome.RATE_LIMITED_ADDRESS.detail())
                .detail("douane_mode", mode.formValue());
        // Nothing was looked up, so what was typed is recorded as for an unknown account.
        String digest = TypedValueDigest.of(context.getSession(), context.getRealm(), typed);
        if (digest != null) {
            event.detail(TypedValueDigest.EVENT_DETAIL, digest);
        }
        event.error(ResetOutcome.RATE_LIMITED_ADDRESS.eventError());
    }

    private static LoginFormsProvider form(AuthenticationFlowContext context, ResetMode mode, String identifier) {
        return context.form()
                .setAttribute("resetMode", mode.formValue())
                .setAttribute(FIELD_IDENTIFIER, identifier);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }

}
