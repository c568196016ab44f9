package fr.douane.keycloak.resetflow;

import java.util.OptionalLong;

import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;

/**
 * When a mail that failed for a reason that can pass is tried again: after {@code firstDelay},
 * then twice the previous delay each time, never more than {@code maxDelay}, and never after
 * {@code window} from the first attempt (the last attempt is made at the end of the window, then
 * the mail is given up). A window of 0 means no retry.
 *
 * <p>Read from the realm's attributes ({@link #WINDOW_ATTRIBUTE}, {@link #FIRST_DELAY_ATTRIBUTE},
 * {@link #MAX_DELAY_ATTRIBUTE}), so every node of a cluster applies the same schedule.</p>
 */
record MailRetrySchedule(long windowMillis, long firstDelayMillis, long maxDelayMillis) {

    private static final Logger LOG = Logger.getLogger(MailRetrySchedule.class);

    static final String WINDOW_ATTRIBUTE = "douaneMailRetryWindowMinutes";
    static final String FIRST_DELAY_ATTRIBUTE = "douaneMailRetryFirstDelaySeconds";
    static final String MAX_DELAY_ATTRIBUTE = "douaneMailRetryMaxDelaySeconds";

    static final int DEFAULT_WINDOW_MINUTES = 15;
    static final int DEFAULT_FIRST_DELAY_SECONDS = 30;
    static final int DEFAULT_MAX_DELAY_SECONDS = 300;

    static final MailRetrySchedule DEFAULT = new MailRetrySchedule(DEFAULT_WINDOW_MINUTES * 60_000L,
            DEFAULT_FIRST_DELAY_SECONDS * 1000L, DEFAULT_MAX_DELAY_SECONDS * 1000L);

    static MailRetrySchedule of(RealmModel realm) {
        int window = read(realm, WINDOW_ATTRIBUTE, DEFAULT_WINDOW_MINUTES, 0, 1440);
        int first = read(realm, FIRST_DELAY_ATTRIBUTE, DEFAULT_FIRST_DELAY_SECONDS, 1, 3600);
        int max = read(realm, MAX_DELAY_ATTRIBUTE, DEFAULT_MAX_DELAY_SECONDS, 1, 3600);
        return new MailRetrySchedule(window * 60_000L, first * 1000L, Math.max(first, max) * 1000L);
    }

    boolean retries() {
        return windowMillis > 0;
    }

    /** The delay before attempt number {@code attemptsMade + 1} (the first retry follows attempt 1). */
    long delayAfter(int attemptsMade) {
        long delay = firstDelayMillis;
        for (int n = 1; n < attemptsMade && delay < maxDelayMillis; n++) {
            delay *= 2;
        }
        return Math.min(delay, maxDelayMillis);
    }

    /**
     * When to try again a mail first tried at {@code firstAttemptAt} and tried {@code attemptsMade}
     * times, the last one failing at {@code now}; empty when it is to be given up.
     */
    OptionalLong nextAttempt(long firstAttemptAt, int attemptsMade, long now) {
        long deadline = firstAttemptAt + windowMillis;
        if (!retries() || now >= deadline) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.min(now + delayAfter(attemptsMade), deadline));
    }

    private static int read(RealmModel realm, String name, int fallback, int min, int max) {
        String value = realm.getAttribute(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Logged below.
        }
        LOG.warnf("douane realm %s: attribute %s=%s out of range %d-%d, %d applies", realm.getName(), name, value,
                min, max, fallback);
        return fallback;
    }
}
