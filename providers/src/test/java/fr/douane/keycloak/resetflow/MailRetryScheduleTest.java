package fr.douane.keycloak.resetflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.keycloak.models.RealmModel;

class MailRetryScheduleTest {

    private static final long S = 1000;

    /** The attempt times (seconds after the first) of a mail that never goes through. */
    private static List<Long> attempts(MailRetrySchedule schedule) {
        List<Long> at = new ArrayList<>();
        long now = 0;
        at.add(now);
        for (int made = 1; ; made++) {
            OptionalLong next = schedule.nextAttempt(0, made, now);
            if (next.isEmpty()) {
                return at;
            }
            now = next.getAsLong();
            at.add(now / S);
        }
    }

    @Test
    void theDefaultDoublesFromThirtySecondsUpToFiveMinutesAndStopsAtFifteenMinutes() {
        assertThat(attempts(MailRetrySchedule.DEFAULT)).containsExactly(0L, 30L, 90L, 210L, 450L, 750L, 900L);
    }

    @Test
    void theLastAttemptIsAtTheEndOfTheWindowThenTheMailIsGivenUp() {
        MailRetrySchedule schedule = new MailRetrySchedule(60 * S, 5 * S, 10 * S);
        assertThat(attempts(schedule)).containsExactly(0L, 5L, 15L, 25L, 35L, 45L, 55L, 60L);
        assertThat(schedule.nextAttempt(0, 8, 60 * S)).isEmpty();
    }

    @Test
    void delaysDoubleAndAreCapped() {
        MailRetrySchedule schedule = new MailRetrySchedule(3600 * S, 10 * S, 45 * S);
        assertThat(schedule.delayAfter(1)).isEqualTo(10 * S);
        assertThat(schedule.delayAfter(2)).isEqualTo(20 * S);
        assertThat(schedule.delayAfter(3)).isEqualTo(40 * S);
        assertThat(schedule.delayAfter(4)).isEqualTo(45 * S);
        assertThat(schedule.delayAfter(1000)).isEqualTo(45 * S);
    }

    @Test
    void aWindowOfZeroMeansNoRetry() {
        MailRetrySchedule schedule = new MailRetrySchedule(0, 5 * S, 10 * S);
        assertThat(schedule.retries()).isFalse();
        assertThat(schedule.nextAttempt(0, 1, 0)).isEmpty();
    }

    @Test
    void theRealmsAttributesSetTheScheduleAndBadValuesFallBackToTheDefaults() {
        RealmModel realm = mock(RealmModel.class);
        when(realm.getAttribute(MailRetrySchedule.WINDOW_ATTRIBUTE)).thenReturn("5");
        when(realm.getAttribute(MailRetrySchedule.FIRST_DELAY_ATTRIBUTE)).thenReturn("5");
        when(realm.getAttribute(MailRetrySchedule.MAX_DELAY_ATTRIBUTE)).thenReturn("10");
        assertThat(MailRetrySchedule.of(realm)).isEqualTo(new MailRetrySchedule(300 * S, 5 * S, 10 * S));

        when(realm.getAttribute(MailRetrySchedule.WINDOW_ATTRIBUTE)).thenReturn("soon");
        when(realm.getAttribute(MailRetrySchedule.FIRST_DELAY_ATTRIBUTE)).thenReturn("0");
        when(realm.getAttribute(MailRetrySchedule.MAX_DELAY_ATTRIBUTE)).thenReturn(null);
        assertThat(MailRetrySchedule.of(realm)).isEqualTo(MailRetrySchedule.DEFAULT);

        // A maximum below the first delay is raised to it.
        when(realm.getAttribute(MailRetrySchedule.WINDOW_ATTRIBUTE)).thenReturn("0");
        when(realm.getAttribute(MailRetrySchedule.FIRST_DELAY_ATTRIBUTE)).thenReturn("60");
        when(realm.getAttribute(MailRetrySchedule.MAX_DELAY_ATTRIBUTE)).thenReturn("10");
        assertThat(MailRetrySchedule.of(realm)).isEqualTo(new MailRetrySchedule(0, 60 * S, 60 * S));
    }
}
