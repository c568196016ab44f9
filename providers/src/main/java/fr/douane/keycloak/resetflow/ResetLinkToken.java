package fr.douane.keycloak.resetflow;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.authentication.actiontoken.DefaultActionToken;
import org.keycloak.authentication.actiontoken.resetcred.ResetCredentialsActionToken;
import org.keycloak.models.RealmModel;

/**
 * The signed token inside the link of the "Réinitialisation mot de passe" mail. Besides the user,
 * the expiry and the browser session it was asked from, it carries a fingerprint of the account's
 * email and current password so that the link dies as soon as either changes.
 */
public final class ResetLinkToken extends DefaultActionToken {

    public static final String TOKEN_TYPE = "douane-reset-credentials";

    private static final String FINGERPRINT = "dfp";

    @JsonProperty(FINGERPRINT)
    private String accountFingerprint;

    public ResetLinkToken(String userId, String email, int absoluteExpirationInSecs, String compoundAuthSessionId,
                          String clientId, String accountFingerprint) {
        super(userId, TOKEN_TYPE, absoluteExpirationInSecs, UUID.randomUUID(), compoundAuthSessionId);
        setEmail(email);
        issuedFor(clientId);
        id(UUID.randomUUID().toString());
        this.accountFingerprint = accountFingerprint;
    }

    /**
     * The link lifespan is the realm's "Forgot password" action-token lifespan (Realm settings,
     * Tokens, override per action), so the admin sets it where they would for the stock flow.
     */
    public static int lifespanSeconds(RealmModel realm) {
        return realm.getActionTokenGeneratedByUserLifespan(ResetCredentialsActionToken.TOKEN_TYPE);
    }

    /** For Jackson. */
    private ResetLinkToken() {
    }

    public String getAccountFingerprint() {
        return accountFingerprint;
    }
}
