package fr.douane.keycloak.portailpro;

import java.time.Instant;
import java.util.Locale;

/**
 * One row of the directory relation, already cleaned by {@link PortailproAccountMapper}.
 * {@code identifiant} is never blank; {@code email} is null when unusable.
 */
public record PortailproAccount(String id, String identifiant, String email, String firstName, String lastName,
                                String siret, Status status, Instant updatedAt) {

    public enum Status {
        ACTIVE, SUSPENDED, CLOSED;

        /** Unknown statuses are treated as SUSPENDED: never let an unexpected value log in. */
        static Status parse(String raw) {
            if (raw == null) {
                return SUSPENDED;
            }
            try {
                return valueOf(raw.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return SUSPENDED;
            }
        }
    }

    public boolean isActive() {
        return status == Status.ACTIVE;
    }

    /** The Keycloak username: Keycloak stores usernames lower-cased. */
    public String username() {
        return identifiant.toLowerCase(Locale.ROOT);
    }
}
