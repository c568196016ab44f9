package fr.douane.keycloak.resetflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which pool each kind of mail leaves from, first attempt and retries alike. */
class ResetJobsTest {

    @Test
    void thePasswordChangedNoticesLeaveFromTheirOwnPoolAndEveryMailAnsweringARequestFromTheLinks() {
        assertThat(ResetJobs.executorFor(PendingMail.Kind.PASSWORD_CHANGED)).isEqualTo(ResetJobs.NOTICE_EXECUTOR);
        assertThat(ResetJobs.executorFor(PendingMail.Kind.RESET_LINK)).isEqualTo(ResetJobs.EXECUTOR);
        assertThat(ResetJobs.executorFor(PendingMail.Kind.SHARED_EMAIL_NOTICE)).isEqualTo(ResetJobs.EXECUTOR);
        assertThat(ResetJobs.NOTICE_EXECUTOR).isNotEqualTo(ResetJobs.EXECUTOR);
    }
}
