package fr.douane.keycloak.policy;

import java.io.Serializable;

import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;

/**
 * The settings of one {@code douane-passay} policy: what stands between the parentheses of
 * {@code douane-passay(...)} in the realm's {@code passwordPolicy}, parsed by {@link DouanePolicyConfigParser}
 * (which also documents the syntax, the ranges and the defaults).
 *
 * <p>Immutable; the factory compiles one rule set per distinct value and Keycloak keeps the parsed value in
 * the realm's {@link PasswordPolicy}, so a record's value equality is what the compiled-rules cache needs.
 *
 * @param minLength        fewest visible code points
 * @param maxLength        most code points, invisible ones included
 * @param minLower         fewest lower-case letters (Unicode Ll), 0 = no requirement
 * @param minUpper         fewest upper-case letters (Lu)
 * @param minDigit         fewest decimal digits (Nd)
 * @param minSpecial       fewest characters of {@code specialChars}
 * @param specialChars     the characters that count as special
 * @param blocklist        common passwords refused
 * @param blocklistFrench  French common words and names refused as well (needs {@code blocklist})
 * @param notUsername      the username refused as a password
 * @param notEmail         the email refused as a password
 * @param maxRepeat        most identical characters in a row, 0 = unlimited
 * @param maxSequence      longest alphabetical, numerical or keyboard run, 0 = unlimited
 */
public record DouanePolicyConfig(int minLength, int maxLength, int minLower, int minUpper, int minDigit,
                                 int minSpecial, DouaneSpecialCharacterData specialChars, boolean blocklist,
                                 boolean blocklistFrench, boolean notUsername, boolean notEmail, int maxRepeat,
                                 int maxSequence) implements Serializable {

    /** The douane rule: 8 to 128 characters, one of each class, common passwords, username and email refused. */
    public static final DouanePolicyConfig DEFAULT = new DouanePolicyConfig(8, 128, 1, 1, 1, 1,
            DouaneSpecialCharacterData.DOUANE, true, false, true, true, 0, 0);

    /**
     * The config of the {@code douane-passay} policy in this realm, or {@code null} when the realm does not
     * use it.
     */
    public static DouanePolicyConfig ofRealm(RealmModel realm) {
        PasswordPolicy policy = realm == null ? null : realm.getPasswordPolicy();
        if (policy == null || !policy.getPolicies().contains(DouanePasswordPolicyProviderFactory.PROVIDER_ID)) {
            return null;
        }
        Object config = policy.getPolicyConfig(DouanePasswordPolicyProviderFactory.PROVIDER_ID);
        if (config instanceof DouanePolicyConfig parsed) {
            return parsed;
        }
        // Parsed by an earlier class loader (hot redeploy), or not at all: read the string form.
        return config == null ? DEFAULT : DouanePolicyConfigParser.parse(String.valueOf(config));
    }

    /** The canonical config string ({@link DouanePolicyConfigParser#format}), for logs and tests. */
    @Override
    public String toString() {
        return DouanePolicyConfigParser.format(this);
    }
}
