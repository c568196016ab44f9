package fr.douane.keycloak.resetflow;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.SecretKey;

import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * What a person typed in the forgot-password form, as it may appear in events: a keyed hash, never
 * the text. When the value designates no account it may be anything, a password typed in the
 * wrong field among others, and events end up in logs and databases read by many. The key is the
 * realm's active HMAC key (Keycloak's {@code hmac-generated} key provider), so the digest lets an
 * admin see that the same value came back, and nobody without the key can test guesses against it.
 */
final class TypedValueDigest {

    static final String EVENT_DETAIL = "douane_typed_digest";

    private TypedValueDigest() {
    }

    /** The digest, or null when the realm has no active HMAC key (nothing is recorded then). */
    static String of(KeycloakSession session, RealmModel realm, String typed) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
        if (key == null || key.getSecretKey() == null) {
            return null;
        }
        return of(key.getSecretKey(), typed);
    }

    static String of(SecretKey secret, String typed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getEncoded(), "HmacSHA256"));
            byte[] digest = mac.doFinal(typed.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            return null;
        }
    }
}
