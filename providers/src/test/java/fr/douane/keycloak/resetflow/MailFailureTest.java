package fr.douane.keycloak.resetflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import org.junit.jupiter.api.Test;
import org.keycloak.email.EmailException;

class MailFailureTest {

    /** Shaped like Jakarta Mail's SMTP exceptions: a reply code behind {@code getReturnCode()}. */
    static final class SmtpReply extends Exception {
        private final int code;

        SmtpReply(int code, String text, Throwable next) {
            super(code + " " + text, next);
            this.code = code;
        }

        public int getReturnCode() {
            return code;
        }
    }

    /** Shaped like Jakarta Mail's: the class name is what tells it apart. */
    static final class AuthenticationFailedException extends Exception {
        AuthenticationFailedException(String message) {
            super(message);
        }
    }

    /** As Keycloak's sender reports every failure. */
    private static EmailException sent(Throwable cause) {
        return new EmailException("Error when attempting to send the email to the server.", new Exception("wrapper", cause));
    }

    @Test
    void connectionRefusedTimeoutsAndUnknownHostsAreRetried() {
        assertThat(MailFailure.of(sent(new ConnectException("Connection refused")))).isEqualTo(MailFailure.TRANSIENT);
        assertThat(MailFailure.of(sent(new SocketTimeoutException("Read timed out")))).isEqualTo(MailFailure.TRANSIENT);
        assertThat(MailFailure.of(sent(new UnknownHostException("smtp.example")))).isEqualTo(MailFailure.TRANSIENT);
        assertThat(MailFailure.of(sent(new IOException("Connection reset")))).isEqualTo(MailFailure.TRANSIENT);
    }

    @Test
    void fourHundredRepliesAreRetriedFiveHundredRepliesAreNot() {
        assertThat(MailFailure.of(sent(new SmtpReply(421, "4.3.2 try later", null)))).isEqualTo(MailFailure.TRANSIENT);
        assertThat(MailFailure.of(sent(new SmtpReply(451, "4.7.1 greylisted", null)))).isEqualTo(MailFailure.TRANSIENT);
        assertThat(MailFailure.of(sent(new SmtpReply(550, "5.1.1 no such user", null)))).isEqualTo(MailFailure.PERMANENT);
        assertThat(MailFailure.of(sent(new SmtpReply(554, "5.7.1 refused", null)))).isEqualTo(MailFailure.PERMANENT);
    }

    @Test
    void theReplyCodeWinsOverTheSocketErrorBehindIt() {
        // A 5xx answer followed by the connection closing is still a refusal.
        assertThat(MailFailure.of(sent(new SmtpReply(554, "refused", new IOException("closed")))))
                .isEqualTo(MailFailure.PERMANENT);
    }

    @Test
    void aRefusedGreetingIsReadFromItsText() {
        assertThat(MailFailure.of(sent(new Exception("Got bad greeting from SMTP host: h, port: 25, response: 421 busy"))))
                .isEqualTo(MailFailure.TRANSIENT);
        assertThat(MailFailure.of(sent(new Exception("Got bad greeting from SMTP host: h, port: 25, response: 554 go away"))))
                .isEqualTo(MailFailure.PERMANENT);
    }

    @Test
    void refusedCredentialsAndMailsThatCannotBeBuiltAreNotRetried() {
        assertThat(MailFailure.of(sent(new AuthenticationFailedException("bad credentials")))).isEqualTo(MailFailure.PERMANENT);
        assertThat(MailFailure.of(new EmailException("Invalid address 'x'"))).isEqualTo(MailFailure.PERMANENT);
        assertThat(MailFailure.of(new EmailException("Failed to template email", new IllegalStateException("template"))))
                .isEqualTo(MailFailure.PERMANENT);
    }

    @Test
    void aCauseChainWithALoopEnds() {
        Exception a = new Exception("a");
        Exception b = new Exception("b", a);
        a.initCause(b);
        assertThat(MailFailure.of(a)).isEqualTo(MailFailure.PERMANENT);
    }
}
