package fr.douane.keycloak.bench.load;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import fr.douane.keycloak.it.harness.AdminApi;

/**
 * Local bench users, created in bulk through the admin partial import with a password credential
 * hashed here, once, exactly as Keycloak's pbkdf2-sha512 provider stores it. Creating thousands
 * of users through the user endpoint would make Keycloak hash each password (about as much CPU
 * as the benchmark itself); with the stored hash the users are equal to users who set that
 * password in Keycloak, and a login or a password-history check verifies it at its own cost.
 *
 * <p>A partial import grants no role the representation does not name, so each user is given the
 * realm's default role explicitly: a user created in the admin console, registered or imported by
 * a user-storage provider has it, and its composites (offline_access, account roles…) are what the
 * token mappers and the audience resolution work through at every login. Without it the local
 * users of B3 were lighter than any real user, and a Portailpro user looked ~5 % slower for it.
 */
final class Accounts {

    /** Keycloak 26's default for pbkdf2-sha512 (no hashIterations in the policy). */
    static final int DEFAULT_ITERATIONS = 210_000;
    static final String OLD_PASSWORD = "Ancien-Mot2passe!";

    private Accounts() {
    }

    static String email(String username) {
        return username + "@exemple.fr";
    }

    /** Creates {@code count} users {@code prefix-0..} in {@code realm}; returns their usernames. */
    static List<String> create(AdminApi admin, String realm, String prefix, int count, int iterations) {
        Map<String, Object> credential = pbkdf2Sha512(OLD_PASSWORD, iterations);
        String defaultRole = admin.get("/admin/realms/" + realm).json().path("defaultRole").path("name").asText();
        if (defaultRole.isEmpty()) {
            throw new IllegalStateException("realm " + realm + " has no default role");
        }
        List<String> usernames = new ArrayList<>();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String username = prefix + "-" + i;
            usernames.add(username);
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("username", username);
            user.put("email", email(username));
            user.put("firstName", "Banc");
            user.put("lastName", "Essai");
            user.put("enabled", true);
            user.put("emailVerified", true);
            user.put("credentials", List.of(credential));
            user.put("realmRoles", List.of(defaultRole));
            batch.add(user);
            if (batch.size() == 500 || i == count - 1) {
                AdminApi.Response r = admin.post("/admin/realms/" + realm + "/partialImport",
                        Map.of("ifResourceExists", "FAIL", "users", batch));
                if (r.status() != 200) {
                    throw new IllegalStateException("partial import into " + realm + ": " + r);
                }
                batch = new ArrayList<>();
            }
        }
        return usernames;
    }

    /** A password credential representation as Keycloak's Pbkdf2PasswordHashProvider writes it. */
    static Map<String, Object> pbkdf2Sha512(String password, int iterations) {
        try {
            byte[] salt = new byte[16];
            new SecureRandom().nextBytes(salt);
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 512);
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
            Base64.Encoder b64 = Base64.getEncoder();
            return Map.of("type", "password",
                    "secretData", "{\"value\":\"" + b64.encodeToString(hash) + "\",\"salt\":\"" + b64.encodeToString(salt)
                            + "\",\"additionalParameters\":{}}",
                    "credentialData", "{\"hashIterations\":" + iterations + ",\"algorithm\":\"pbkdf2-sha512\",\"additionalParameters\":{}}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
