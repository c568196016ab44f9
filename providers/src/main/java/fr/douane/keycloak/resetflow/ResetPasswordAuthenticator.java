package fr.douane.keycloak.resetflow;

import java.util.Locale;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.storage.ReadOnlyException;

import fr.douane.keycloak.standing.AccountStanding;
import fr.douane.keycloak.standing.AccountStandings;

/**
 * Step 5 of the procedure: "Réinitialisation de votre mot de passe" with Identifiant *, Mot de
 * passe *, Confirmer le mot de passe * and the rule box. Only reachable through a verified link
 * ({@link ResetLinkNotes}); the identifiant typed must be the link's account; the link is claimed
 * atomically so that two submissions change the password once. After the change every session
 * and offline token of the user ends, a notification mail goes out, and the person is sent to
 * the login page with a success message instead of being logged in.
 */
public final class ResetPasswordAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(ResetPasswordAuthenticator.class);

    static final String TEMPLATE = "douane-reset-password.ftl";
    static final String FIELD_USERNAME = "username";
    static final String FIELD_PASSWORD = "password-new";
    static final String FIELD_CONFIRM = "password-confirm";
    static final String ATTR_TYPED_IDENTIFIER = "typedIdentifier";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        ResetLinkNotes.Verdict verdict = verify(context);
        if (verdict != ResetLinkNotes.Verdict.VALID) {
            refuse(context, verdict);
            return;
        }
        context.challenge(form(context).createForm(TEMPLATE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        ResetLinkNotes.Verdict verdict = verify(context);
        MultivaluedMap<String, String> params = context.getHttpRequest().getDecodedFormParameters();
        IdentifierInput identifier = IdentifierInput.parse(params.getFirst(FIELD_USERNAME));
        UserModel user = context.getUser();
        // A wrong identifiant is counted even while another submission of the same link holds its
        // claim (the link then reads as used for a moment): otherwise the last allowed mistake
        // could slip through uncounted, and the link survive, while the other submission is refused
        // by the policy and gives its claim back.
        boolean wrongAccount = identifier.isValid() && user != null && !designates(user, identifier.value());
        if (wrongAccount && (verdict == ResetLinkNotes.Verdict.VALID || verdict == ResetLinkNotes.Verdict.USED)) {
            mismatch(context, ResetFlowConfig.of(context.getAuthenticatorConfig()),
                    ResetLinkNotes.linkId(context.getAuthenticationSession()), verdict, identifier.value());
            return;
        }
        if (verdict != ResetLinkNotes.Verdict.VALID) {
            refuse(context, verdict);
            return;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String linkId = ResetLinkNotes.linkId(authSession);

        if (!identifier.isValid()) {
            showErrors(context, identifier.value(), new FormMessage(FIELD_USERNAME, identifier.problem().messageKey()));
            return;
        }

        String password = params.getFirst(FIELD_PASSWORD);
        String confirm = params.getFirst(FIELD_CONFIRM);
        if (password == null || password.isEmpty()) {
            showErrors(context, identifier.value(), new FormMessage(FIELD_PASSWORD, "douaneResetPasswordMissing"));
            return;
        }
        if (!password.equals(confirm)) {
            showErrors(context, identifier.value(), new FormMessage(FIELD_CONFIRM, "douaneResetPasswordConfirmMismatch"));
            return;
        }
        if (!standingAllows(context, user, linkId, identifier.value())) {
            return;
        }
        ResetLinkStore store = new ResetLinkStore(context.getSession(), context.getRealm());
        // A link killed by a concurrent wrong identifiant stays dead even if this claim succeeded.
        if (!store.claim(linkId, ResetLinkNotes.secondsLeft(authSession)) || store.isKilled(linkId)) {
            refuse(context, ResetLinkNotes.Verdict.USED);
            return;
        }
        // The realm's policy is checked once, by updateCredential (Keycloak's password provider
        // validates before hashing and throws the policy error): checking it here as well would run
        // the password-history policy twice, one more full password hash per reset.
        try {
            user.credentialManager().updateCredential(UserCredentialModel.password(password, false));
        } catch (ModelException e) {
            // Refused by the policy: the link was not used, give the claim back and show every unmet rule.
            store.release(linkId);
            showErrors(context, identifier.value(), new FormMessage(FIELD_PASSWORD, e.getMessage(), e.getParameters()));
            return;
        }
        afterPasswordChanged(context, user);
    }

    /**
     * The account's directory says now whether it may still change its password (Keycloak's cache
     * may be minutes old). Blocked: the link dies and the person sees the used-link page.
     * Unreadable: nothing is changed, the form says so and the link stays valid for a later try.
     */
    private static boolean standingAllows(AuthenticationFlowContext context, UserModel user, String linkId, String typed) {
        AccountStanding standing = AccountStandings.of(context.getSession(), context.getRealm(), user);
        if (standing == AccountStanding.BLOCKED) {
            new ResetLinkStore(context.getSession(), context.getRealm())
                    .kill(linkId, ResetLinkNotes.secondsLeft(context.getAuthenticationSession()));
            refuse(context, ResetLinkNotes.Verdict.ACCOUNT_BLOCKED);
            return false;
        }
        if (standing == AccountStanding.UNREADABLE) {
            context.getEvent().clone().event(EventType.RESET_PASSWORD_ERROR).user(user)
                    .detail(ResetOutcome.EVENT_DETAIL, ResetOutcome.DIRECTORY_ERROR.detail())
                    .error(ResetOutcome.DIRECTORY_ERROR.eventError());
            showErrors(context, typed, new FormMessage(null, "douaneResetDirectoryUnavailable"));
            return false;
        }
        return true;
    }

    private static ResetLinkNotes.Verdict verify(AuthenticationFlowContext context) {
        return ResetLinkNotes.verify(context.getSession(), context.getRealm(), context.getAuthenticationSession(), context.getUser());
    }

    /** The identifiant of the account, or its address: both designate the link's account only. */
    static boolean designates(UserModel user, String typed) {
        String value = typed.toLowerCase(Locale.ROOT);
        return value.equals(user.getUsername().toLowerCase(Locale.ROOT))
                || (user.getEmail() != null && value.equals(user.getEmail().toLowerCase(Locale.ROOT)));
    }

    private static void mismatch(AuthenticationFlowContext context, ResetFlowConfig config, String linkId,
                                 ResetLinkNotes.Verdict verdict, String typed) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        ResetLinkStore store = new ResetLinkStore(context.getSession(), context.getRealm());
        int count = store.countMismatch(linkId, config.maxIdentifierMismatches(), ResetLinkNotes.secondsLeft(authSession));
        context.getEvent().clone().event(EventType.RESET_PASSWORD_ERROR).user(context.getUser())
                .detail(ResetOutcome.EVENT_DETAIL, "identifier_mismatch")
                .detail("douane_mismatch_count", Integer.toString(count))
                .error(Errors.INVALID_USER_CREDENTIALS);
        if (count >= config.maxIdentifierMismatches()) {
            store.kill(linkId, ResetLinkNotes.secondsLeft(authSession));
            refuse(context, ResetLinkNotes.Verdict.USED);
            return;
        }
        if (verdict != ResetLinkNotes.Verdict.VALID) {
            refuse(context, verdict);
            return;
        }
        // What was typed comes back (escaped by the theme): the person corrects a typo instead of typing it all again.
        showErrors(context, typed, new FormMessage(FIELD_USERNAME, "douaneResetIdentifierMismatch"));
    }

    private static void afterPasswordChanged(AuthenticationFlowContext context, UserModel user) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();

        // The link proved the person reads this mailbox. Both writes only when they change
        // something: on Keycloak's cached user each one reloads the user from the database first.
        if (!user.isEmailVerified()) {
            try {
                user.setEmailVerified(true);
            } catch (ReadOnlyException e) {
                LOG.debugf("email of user %s is read-only here", user.getId());
            }
        }
        String updatePassword = UserModel.RequiredAction.UPDATE_PASSWORD.name();
        if (user.getRequiredActionsStream().anyMatch(updatePassword::equals)) {
            user.removeRequiredAction(updatePassword);
        }

        // The link proved the mailbox: a temporary brute-force lockout of the account ends with the
        // change, as it does when an admin re-enables the user, so the person can log in with the
        // new password at once. A permanent lockout disables the account, and a disabled account's
        // link never opens: that stays the admin's call.
        if (session.loginFailures().getUserLoginFailure(realm, user.getId()) != null) {
            session.loginFailures().removeUserLoginFailure(realm, user.getId());
        }

        // Every other session and every token issued so far end now.
        session.sessions().getOfflineUserSessionsStream(realm, user).toList()
                .forEach(s -> session.sessions().removeOfflineUserSession(realm, s));
        session.sessions().removeUserSessions(realm, user);
        session.users().setNotBeforeForUser(realm, user, Time.currentTime());

        context.getEvent().clone().event(EventType.UPDATE_PASSWORD).user(user)
                .detail(Details.USERNAME, user.getUsername())
                .detail(ResetOutcome.EVENT_DETAIL, "password_changed").success();
        ResetMailer.queuePasswordChanged(session, realm, user, session.getContext().getUri().getBaseUri(),
                context.getConnection().getRemoteAddr());

        ResetLinkNotes.clear(authSession);
        context.clearUser();
        // A fresh login in a forked session: the person logs in with identifiant + new password.
        context.forkWithSuccessMessage(new FormMessage("douanePasswordUpdated"));
    }

    private static void refuse(AuthenticationFlowContext context, ResetLinkNotes.Verdict verdict) {
        context.getEvent().clone().event(EventType.RESET_PASSWORD_ERROR)
                .detail(ResetOutcome.EVENT_DETAIL, "link_" + verdict.name().toLowerCase(Locale.ROOT))
                .error(Errors.INVALID_CODE);
        ResetLinkNotes.clear(context.getAuthenticationSession());
        context.clearUser();
        Response page = context.form().setError(verdict.messageKey()).createErrorPage(Response.Status.BAD_REQUEST);
        context.failure(AuthenticationFlowError.EXPIRED_CODE, page);
    }

    /**
     * The form again with its error and the identifiant as typed ({@link IdentifierInput#value()}: empty when it was
     * refused as unsafe), in attribute {@value #ATTR_TYPED_IDENTIFIER}. Passwords never come back.
     */
    private static void showErrors(AuthenticationFlowContext context, String identifier, FormMessage error) {
        LoginFormsProvider form = form(context).setAttribute(ATTR_TYPED_IDENTIFIER, identifier);
        form.addError(error);
        context.challenge(form.createForm(TEMPLATE));
    }

    private static LoginFormsProvider form(AuthenticationFlowContext context) {
        LoginFormsProvider form = context.form();
        String rules = PasswordRulesForPage.json(context.getSession(), context.getRealm());
        if (rules != null) {
            form.setAttribute("passwordRulesJson", rules);
        }
        return form;
    }

    @Override
    public boolean requiresUser() {
        // Checked by hand (ResetLinkNotes): a missing user must give the douane error page.
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
