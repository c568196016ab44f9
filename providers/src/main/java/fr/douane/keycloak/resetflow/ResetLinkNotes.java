package fr.douane.keycloak.resetflow;

import org.keycloak.common.util.Time;
import org.keycloak.models.DefaultActionTokenKey;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The auth-session notes that {@link ResetLinkTokenHandler} writes when a valid link is opened,
 * and the one check every step that may set a password runs before it does anything. Without
 * these notes, written only by our handler after the token's signature, expiry and bindings were
 * verified, no step of the flow shows or accepts the new-password form (CVE-2026-18963: a
 * password step reachable without the token).
 */
public final class ResetLinkNotes {

    static final String LINK_ID = "douane.reset.link-id";
    static final String LINK_USER = "douane.reset.link-user";
    static final String LINK_EXPIRES = "douane.reset.link-exp";
    static final String LINK_FINGERPRINT = "douane.reset.link-fp";

    public enum Verdict {
        VALID(null),
        NO_LINK("douaneResetLinkInvalid"),
        EXPIRED("douaneResetLinkExpired"),
        SUPERSEDED("douaneResetLinkInvalid"),
        USED("douaneResetLinkUsed"),
        ACCOUNT_CHANGED("douaneResetLinkInvalid"),
        /** Suspended or closed in its directory: the same page as a used link, nothing more is said. */
        ACCOUNT_BLOCKED("douaneResetLinkUsed");

        private final String messageKey;

        Verdict(String messageKey) {
            this.messageKey = messageKey;
        }

        public String messageKey() {
            return messageKey;
        }
    }

    private ResetLinkNotes() {
    }

    static void write(AuthenticationSessionModel authSession, ResetLinkToken token) {
        authSession.setAuthNote(LINK_ID, token.getId());
        authSession.setAuthNote(LINK_USER, token.getUserId());
        authSession.setAuthNote(LINK_EXPIRES, Long.toString(token.getExp()));
        authSession.setAuthNote(LINK_FINGERPRINT, token.getAccountFingerprint());
    }

    static void clear(AuthenticationSessionModel authSession) {
        authSession.removeAuthNote(LINK_ID);
        authSession.removeAuthNote(LINK_USER);
        authSession.removeAuthNote(LINK_EXPIRES);
        authSession.removeAuthNote(LINK_FINGERPRINT);
        authSession.removeAuthNote(DefaultActionTokenKey.ACTION_TOKEN_USER_ID);
        authSession.removeAuthNote(AuthenticationManager.END_AFTER_REQUIRED_ACTIONS);
    }

    static String linkId(AuthenticationSessionModel authSession) {
        return authSession.getAuthNote(LINK_ID);
    }

    /** True when this auth session came through a verified link for exactly this user. */
    static boolean cameThroughLink(AuthenticationSessionModel authSession, UserModel user) {
        String linkId = authSession.getAuthNote(LINK_ID);
        String linkUser = authSession.getAuthNote(LINK_USER);
        String tokenUser = authSession.getAuthNote(DefaultActionTokenKey.ACTION_TOKEN_USER_ID);
        return linkId != null && user != null && user.getId().equals(linkUser) && user.getId().equals(tokenUser);
    }

    /** Re-checks, at the moment of use, everything that could have changed since the link was opened. */
    static Verdict verify(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession, UserModel user) {
        if (!cameThroughLink(authSession, user)) {
            return Verdict.NO_LINK;
        }
        String linkId = authSession.getAuthNote(LINK_ID);
        long expires = parseLong(authSession.getAuthNote(LINK_EXPIRES));
        if (expires <= Time.currentTime()) {
            return Verdict.EXPIRED;
        }
        ResetLinkStore store = new ResetLinkStore(session, realm);
        if (store.isUsed(linkId)) {
            return Verdict.USED;
        }
        if (!store.isNewest(user.getId(), linkId)) {
            return Verdict.SUPERSEDED;
        }
        if (!AccountFingerprint.of(user).equals(authSession.getAuthNote(LINK_FINGERPRINT))) {
            return Verdict.ACCOUNT_CHANGED;
        }
        return Verdict.VALID;
    }

    static int secondsLeft(AuthenticationSessionModel authSession) {
        return (int) Math.max(1, parseLong(authSession.getAuthNote(LINK_EXPIRES)) - Time.currentTime());
    }

    private static long parseLong(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
