package fr.douane.keycloak.resetflow;

import jakarta.ws.rs.core.MultivaluedMap;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Steps 2 and 3 of the procedure: "Vous avez oublié votre mot de passe" (Identifiant or Courriel)
 * and the confirmation page. Whatever happens to the request (unknown, disabled or suspended
 * account, no email, shared email, directory down, rate limit), the person gets the same
 * confirmation page with the same status; the outcome goes into a Keycloak event, and the mail
 * goes out from {@link ResetMailer} off the request thread.
 *
 * <p>When the flow is re-run by {@link ResetLinkTokenHandler} after a valid link was opened, this
 * step steps aside for the link's user.</p>
 */
public final class ResetRequestAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(ResetRequestAuthenticator.class);

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
        ResetFlowConfig config = ResetFlowConfig.of(context.getAuthenticatorConfig());
        Lookup lookup = lookup(context.getSession(), context.getRealm(), mode, input.value());
        ResetOutcome outcome = decide(context, config, lookup, input.value());
        if (outcome == ResetOutcome.MAIL_QUEUED || outcome == ResetOutcome.SHARED_EMAIL_NOTICE_QUEUED) {
            ResetMailer.queueResetLink(context.getSession(), ResetMailer.Request.capture(context.getSession(),
                    context.getRealm(), authSession, lookup.user(),
                    AuthenticationProcessor.getClientData(context.getSession(), authSession),
                    context.getConnection().getRemoteAddr(), lookup.shared()));
        }
        record(context.getEvent(), mode, input.value(), lookup.user(), outcome);
        context.challenge(context.form().createForm(SENT_TEMPLATE));
    }

    /** The account the person designated, if any. Lookups by email are case-insensitive in Keycloak. */
    record Lookup(UserModel user, boolean shared, boolean directoryError) {
    }

    private static Lookup lookup(KeycloakSession session, RealmModel realm, ResetMode mode, String value) {
        try {
            if (mode == ResetMode.USERNAME) {
                return new Lookup(session.users().getUserByUsername(realm, value), false, false);
            }
            return new Lookup(session.users().getUserByEmail(realm, value), false, false);
        } catch (ModelDuplicateException e) {
            // Several accounts share this address (the realm allows it): the mailbox owner is told to
            // use the Identifiant option; no link, because the address does not say which account.
            UserModel first = session.users()
                    .searchForUserStream(realm, java.util.Map.of(UserModel.EMAIL, value, UserModel.EXACT, "true"), 0, 1)
                    .findFirst().orElse(null);
            return new Lookup(first, first != null, false);
        } catch (RuntimeException e) {
            // A user-storage provider (the Portailpro directory) failed: same page, an event, a log line.
            LOG.warnf("douane reset: account lookup failed (%s)", e.toString());
            return new Lookup(null, false, true);
        }
    }

    private static ResetOutcome decide(AuthenticationFlowContext context, ResetFlowConfig config, Lookup lookup, String typed) {
        ResetLinkStore store = new ResetLinkStore(context.getSession(), context.getRealm());
        // The per-address limit counts every request, known account or not, so it cannot be used
        // to tell them apart.
        if (!store.takeHourlySlot("address", context.getConnection().getRemoteAddr(), config.mailsPerAddressPerHour())) {
            return ResetOutcome.RATE_LIMITED_ADDRESS;
        }
        UserModel user = lookup.user();
        // Every request takes an account slot, keyed by the account when there is one and by what
        // was typed otherwise: the same store work whatever the outcome, so the time spent here
        // says nothing about the account.
        String subject = user != null ? user.getId() : "typed:" + typed.toLowerCase(java.util.Locale.ROOT);
        boolean accountSlot = store.takeHourlySlot("account", subject, config.mailsPerAccountPerHour());
        if (lookup.directoryError()) {
            return ResetOutcome.DIRECTORY_ERROR;
        }
        if (user == null) {
            return ResetOutcome.UNKNOWN_ACCOUNT;
        }
        if (!user.isEnabled()) {
            return ResetOutcome.DISABLED_ACCOUNT;
        }
        if (user.getEmail() == null || user.getEmail().isBlank()) {
            return ResetOutcome.NO_EMAIL;
        }
        if (!accountSlot) {
            return ResetOutcome.RATE_LIMITED_ACCOUNT;
        }
        return lookup.shared() ? ResetOutcome.SHARED_EMAIL_NOTICE_QUEUED : ResetOutcome.MAIL_QUEUED;
    }

    private static void record(EventBuilder event, ResetMode mode, String value, UserModel user, ResetOutcome outcome) {
        if (outcome == ResetOutcome.MAIL_QUEUED || outcome == ResetOutcome.SHARED_EMAIL_NOTICE_QUEUED) {
            // The mail job records SEND_RESET_PASSWORD itself once the mail is (or is not) sent.
            return;
        }
        EventBuilder e = event.clone().event(EventType.SEND_RESET_PASSWORD)
                .detail(ResetOutcome.EVENT_DETAIL, outcome.detail())
                .detail("douane_mode", mode.formValue())
                .detail(mode == ResetMode.USERNAME ? Details.USERNAME : Details.EMAIL, value);
        if (user != null) {
            e.user(user);
        }
        e.error(outcome.eventError());
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
