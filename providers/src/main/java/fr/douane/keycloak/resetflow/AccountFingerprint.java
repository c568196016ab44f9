package fr.douane.keycloak.resetflow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

import org.keycloak.credential.CredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;

/**
 * A short digest of what a reset link must not outlive: the account's email and its current
 * password credential (id and creation time, never the hash itself). A link whose fingerprint no
 * longer matches was issued before the email or the password changed.
 */
public final class AccountFingerprint {

    private AccountFingerprint() {
    }

    public static String of(UserModel user) {
        String email = user.getEmail() == null ? "" : user.getEmail().toLowerCase(Locale.ROOT);
        String password = user.credentialManager()
                .getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE)
                .findFirst()
                .map(AccountFingerprint::describe)
                .orElse("none");
        return digest(user.getId() + "\n" + email + "\n" + password);
    }

    private static String describe(CredentialModel credential) {
        return credential.getId() + "@" + credential.getCreatedDate();
    }

    static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
