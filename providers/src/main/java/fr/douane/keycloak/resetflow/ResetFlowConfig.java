package fr.douane.keycloak.resetflow;

import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.models.AuthenticatorConfigModel;

/**
 * Typed view over the authenticator config of the douane reset flow. Both authenticators of the
 * flow read the config of the request step ({@link ResetRequestAuthenticatorFactory}); the
 * password step reads its own for the mismatch limit. Missing or blank values fall back to the
 * defaults, and {@link #validate(Map)} refuses values an admin should not be able to save.
 */
public final class ResetFlowConfig {

    private static final Logger LOG = Logger.getLogger(ResetFlowConfig.class);

    public static final String MAILS_PER_ACCOUNT_PER_HOUR = "douaneMailsPerAccountPerHour";
    public static final String MAILS_PER_ADDRESS_PER_HOUR = "douaneMailsPerAddressPerHour";
    public static final String MAX_IDENTIFIER_MISMATCHES = "douaneMaxIdentifierMismatches";

    static final int DEFAULT_MAILS_PER_ACCOUNT_PER_HOUR = 3;
    static final int DEFAULT_MAILS_PER_ADDRESS_PER_HOUR = 20;
    static final int DEFAULT_MAX_IDENTIFIER_MISMATCHES = 5;

    /** Upper bounds keep the rate-limit probes (one store call per slot) cheap. */
    static final int MAX_MAILS_PER_ACCOUNT_PER_HOUR = 50;
    static final int MAX_MAILS_PER_ADDRESS_PER_HOUR = 1000;
    static final int MAX_MAX_IDENTIFIER_MISMATCHES = 20;

    public static final ResetFlowConfig DEFAULTS = new ResetFlowConfig(Map.of());

    private final int mailsPerAccountPerHour;
    private final int mailsPerAddressPerHour;
    private final int maxIdentifierMismatches;

    private ResetFlowConfig(Map<String, String> raw) {
        this.mailsPerAccountPerHour = intValue(raw, MAILS_PER_ACCOUNT_PER_HOUR, DEFAULT_MAILS_PER_ACCOUNT_PER_HOUR, 1, MAX_MAILS_PER_ACCOUNT_PER_HOUR);
        this.mailsPerAddressPerHour = intValue(raw, MAILS_PER_ADDRESS_PER_HOUR, DEFAULT_MAILS_PER_ADDRESS_PER_HOUR, 1, MAX_MAILS_PER_ADDRESS_PER_HOUR);
        this.maxIdentifierMismatches = intValue(raw, MAX_IDENTIFIER_MISMATCHES, DEFAULT_MAX_IDENTIFIER_MISMATCHES, 1, MAX_MAX_IDENTIFIER_MISMATCHES);
    }

    /**
     * The config in force for a request. Keycloak offers no save-time hook for authenticator
     * configs, so a value an admin mistyped is logged and the defaults apply rather than a 500.
     */
    public static ResetFlowConfig of(AuthenticatorConfigModel model) {
        if (model == null || model.getConfig() == null) {
            return DEFAULTS;
        }
        try {
            return new ResetFlowConfig(model.getConfig());
        } catch (IllegalArgumentException e) {
            LOG.warnf("Authenticator config '%s' of the douane reset flow is invalid (%s); defaults apply",
                    model.getAlias(), e.getMessage());
            return DEFAULTS;
        }
    }

    /** Strict parse: an {@link IllegalArgumentException} names the property and what is wrong. */
    public static ResetFlowConfig parse(Map<String, String> raw) {
        return raw == null ? DEFAULTS : new ResetFlowConfig(raw);
    }

    public int mailsPerAccountPerHour() {
        return mailsPerAccountPerHour;
    }

    public int mailsPerAddressPerHour() {
        return mailsPerAddressPerHour;
    }

    public int maxIdentifierMismatches() {
        return maxIdentifierMismatches;
    }

    private static int intValue(Map<String, String> raw, String key, int defaultValue, int min, int max) {
        String value = raw.get(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a whole number");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(key + ": " + parsed + " is outside " + min + ".." + max);
        }
        return parsed;
    }
}
