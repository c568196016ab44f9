package fr.douane.keycloak.standing;

/**
 * What the directory an account comes from says about it now, read at the moment a sensitive
 * step needs it (mailing a reset link, setting the new password) rather than from Keycloak's user
 * cache, which may be minutes old.
 */
public enum AccountStanding {
    /** The directory holds the account and nothing in it stops the step. */
    GOOD,
    /** Suspended, closed or gone in the directory: the step stops. */
    BLOCKED,
    /** The address designates several active accounts of the directory: no link can be mailed. */
    SHARED_ADDRESS,
    /** The directory could not be read now: the step fails closed. */
    UNREADABLE,
    /** Not an account (or an address) this directory answers for: other checks decide. */
    NOT_APPLICABLE;

    /** True when the step may go on. */
    public boolean allows() {
        return this == GOOD || this == NOT_APPLICABLE;
    }
}
