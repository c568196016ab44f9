package fr.douane.keycloak.resetflow;

import org.keycloak.events.Errors;

/**
 * What became of one forgot-password request. The person who asked always sees the same page;
 * the outcome only goes into the Keycloak event (detail {@link #EVENT_DETAIL}) for the admin.
 */
public enum ResetOutcome {
    MAIL_SENT(null),
    MAIL_FAILED(Errors.EMAIL_SEND_FAILED),
    UNKNOWN_ACCOUNT(Errors.USER_NOT_FOUND),
    DISABLED_ACCOUNT(Errors.USER_DISABLED),
    SERVICE_ACCOUNT(Errors.NOT_ALLOWED),
    NO_EMAIL(Errors.INVALID_EMAIL),
    /** Suspended, closed or gone in the directory the account comes from, read at the time of the request. */
    ACCOUNT_BLOCKED("douane_account_blocked"),
    SHARED_EMAIL_NOTICE_QUEUED(null),
    RATE_LIMITED_ACCOUNT("douane_rate_limited_account"),
    RATE_LIMITED_ADDRESS("douane_rate_limited_address"),
    /** The directory could not be read (lookup or fresh status): no link is mailed. */
    DIRECTORY_ERROR("douane_directory_error");

    public static final String EVENT_DETAIL = "douane_outcome";

    private final String eventError;

    ResetOutcome(String eventError) {
        this.eventError = eventError;
    }

    /** The event error, or {@code null} when the outcome is recorded as a success. */
    public String eventError() {
        return eventError;
    }

    public String detail() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
