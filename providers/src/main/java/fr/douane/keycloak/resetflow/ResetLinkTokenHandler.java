package fr.douane.keycloak.resetflow;

import java.util.Locale;

import jakarta.ws.rs.core.Response;
import org.keycloak.TokenVerifier.Predicate;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.authentication.actiontoken.ActionTokenContext;
import org.keycloak.authentication.actiontoken.ActionTokenHandler;
import org.keycloak.authentication.actiontoken.TokenUtils;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.services.resources.LoginActionsServiceChecks.IsActionRequired;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.CommonClientSessionModel.Action;

/**
 * Opens a douane reset link. Keycloak has already checked the signature, the expiry, the realm and
 * that the user exists and is enabled; this handler adds the douane bindings (same email, same
 * password as when the link was issued, newest link of the account, not used yet) and then runs
 * the realm's reset-credentials flow with the link's user, where
 * {@link ResetPasswordAuthenticator} shows the last page.
 *
 * <p>Opening a link does not consume it ({@link #canUseTokenRepeatedly} is true): the person may
 * mistype the identifiant or pick a password the policy refuses and try again. The link is
 * consumed by the one password change it allows, through {@link ResetLinkStore#claim}.</p>
 */
public final class ResetLinkTokenHandler implements ActionTokenHandler<ResetLinkToken> {

    @Override
    public Class<ResetLinkToken> getTokenClass() {
        return ResetLinkToken.class;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Predicate<? super ResetLinkToken>[] getVerifiers(ActionTokenContext<ResetLinkToken> context) {
        RealmModel realm = context.getRealm();
        ResetLinkStore store = new ResetLinkStore(context.getSession(), realm);
        return TokenUtils.predicates(
                TokenUtils.checkThat(realm::isResetPasswordAllowed, Errors.NOT_ALLOWED, "douaneResetLinkInvalid"),
                TokenUtils.checkThat(t -> sameEmail(t, user(context)), Errors.INVALID_EMAIL, "douaneResetLinkInvalid"),
                TokenUtils.checkThat(t -> !store.isUsed(t.getId()), Errors.EXPIRED_CODE, "douaneResetLinkUsed"),
                TokenUtils.checkThat(t -> store.isNewest(t.getUserId(), t.getId()), Errors.EXPIRED_CODE, "douaneResetLinkInvalid"),
                TokenUtils.checkThat(t -> AccountFingerprint.of(user(context)).equals(t.getAccountFingerprint()),
                        Errors.INVALID_TOKEN, "douaneResetLinkInvalid"),
                new IsActionRequired(context, Action.AUTHENTICATE));
    }

    private static UserModel user(ActionTokenContext<ResetLinkToken> context) {
        return context.getAuthenticationSession().getAuthenticatedUser();
    }

    private static boolean sameEmail(ResetLinkToken token, UserModel user) {
        String email = user == null ? null : user.getEmail();
        return token.getEmail() != null && email != null
                && token.getEmail().toLowerCase(Locale.ROOT).equals(email.toLowerCase(Locale.ROOT));
    }

    @Override
    public Response handleToken(ResetLinkToken token, ActionTokenContext<ResetLinkToken> context) {
        ResetLinkNotes.write(context.getAuthenticationSession(), token);
        return context.processFlow(false, LoginActionsService.RESET_CREDENTIALS_PATH,
                context.getRealm().getResetCredentialsFlow(), null, new AuthenticationProcessor());
    }

    @Override
    public String getAuthenticationSessionIdFromToken(ResetLinkToken token, ActionTokenContext<ResetLinkToken> context,
                                                      AuthenticationSessionModel currentAuthSession) {
        return token.getCompoundAuthenticationSessionId();
    }

    @Override
    public AuthenticationSessionModel startFreshAuthenticationSession(ResetLinkToken token, ActionTokenContext<ResetLinkToken> context) {
        // The link was opened in another browser than the one that asked for it.
        AuthenticationSessionModel authSession = context.createAuthenticationSessionForClient(token.getIssuedFor());
        authSession.setAuthNote(AuthenticationManager.END_AFTER_REQUIRED_ACTIONS, "true");
        return authSession;
    }

    @Override
    public boolean canUseTokenRepeatedly(ResetLinkToken token, ActionTokenContext<ResetLinkToken> context) {
        return true;
    }

    @Override
    public EventType eventType() {
        return EventType.RESET_PASSWORD;
    }

    @Override
    public String getDefaultEventError() {
        return Errors.NOT_ALLOWED;
    }

    @Override
    public String getDefaultErrorMessage() {
        return "douaneResetLinkInvalid";
    }

    @Override
    public void close() {
    }
}
