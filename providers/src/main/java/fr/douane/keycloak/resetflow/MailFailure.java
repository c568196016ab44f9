package fr.douane.keycloak.resetflow;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a mail that could not be sent may go through later. A failure that can pass (the SMTP
 * server refusing or dropping connections, not answering in time, or answering with a 4xx
 * "try again later") is {@link #TRANSIENT}: the mail is retried. Everything else is
 * {@link #PERMANENT}: a 5xx answer (address refused, message refused, authentication refused)
 * would be refused again, and so would a mail that cannot be built (template, address syntax).
 *
 * <p>The SMTP classes come from the server's mail implementation, which this module does not
 * compile against: a reply code is read from any exception of the cause chain that exposes
 * {@code getReturnCode()}, as Jakarta Mail's SMTP exceptions do.</p>
 */
enum MailFailure {
    TRANSIENT,
    PERMANENT;

    /** Jakarta Mail reports a refused greeting in text only. */
    private static final Pattern REPLY_IN_TEXT = Pattern.compile("response: ([2-5]\\d\\d)\\b");

    static MailFailure of(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        boolean io = false;
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            int code = replyCode(t);
            if (code >= 500) {
                return PERMANENT;
            }
            if (code >= 400) {
                return TRANSIENT;
            }
            if ("AuthenticationFailedException".equals(t.getClass().getSimpleName())) {
                // Wrong credentials stay wrong until an admin changes them.
                return PERMANENT;
            }
            io |= t instanceof IOException;
        }
        // Refused, reset, timed out, name not resolved: the network or the server, for now.
        return io ? TRANSIENT : PERMANENT;
    }

    /** The SMTP reply code carried by {@code t}, or 0. */
    static int replyCode(Throwable t) {
        try {
            Method method = t.getClass().getMethod("getReturnCode");
            if (method.getReturnType() == int.class) {
                return (int) method.invoke(t);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // No reply code on this one.
        }
        String message = t.getMessage();
        if (message != null) {
            Matcher m = REPLY_IN_TEXT.matcher(message);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return 0;
    }
}
