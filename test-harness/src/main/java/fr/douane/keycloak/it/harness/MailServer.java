package fr.douane.keycloak.it.harness;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** A real SMTP server (GreenMail) on a free loopback port; the realm's SMTP points at it. */
public final class MailServer implements AutoCloseable {

    private static final Pattern LINK = Pattern.compile("https?://[^\\s\"'<>]+/login-actions/action-token\\?[^\\s\"'<>]+");

    private final GreenMail greenMail;
    private final int port;

    public MailServer(int port) {
        this.port = port;
        this.greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    public int port() {
        return port;
    }

    public GreenMail greenMail() {
        return greenMail;
    }

    public List<MimeMessage> messagesTo(String address) {
        return Arrays.stream(greenMail.getReceivedMessages()).filter(m -> isTo(m, address)).toList();
    }

    /** Waits (bounded) for a new mail to {@code address} beyond the {@code already} seen. */
    public MimeMessage awaitMessageTo(String address, int already, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            List<MimeMessage> messages = messagesTo(address);
            if (messages.size() > already) {
                return messages.get(messages.size() - 1);
            }
            LocalFiles.sleep(100);
        }
        throw new AssertionError("no mail to " + address + " within " + timeoutMillis + " ms");
    }

    public static String body(MimeMessage message) {
        return GreenMailUtil.getBody(message);
    }

    /** The plain-text part of a mail, decoded (what a person reads in a text-only mail client). */
    public static String text(MimeMessage message) {
        try {
            return textOf(message.getContent());
        } catch (MessagingException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String textOf(Object content) throws MessagingException, java.io.IOException {
        if (content instanceof String s) {
            return s;
        }
        if (content instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                jakarta.mail.BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType("text/plain") || part.isMimeType("multipart/*")) {
                    return textOf(part.getContent());
                }
            }
        }
        return "";
    }

    /** The reset link in a mail, with quoted-printable soft breaks and HTML entities undone. */
    public static Optional<String> resetLink(MimeMessage message) {
        String raw = body(message).replace("=\r\n", "").replace("=\n", "").replace("=3D", "=").replace("&amp;", "&");
        Matcher m = LINK.matcher(raw);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    private static boolean isTo(MimeMessage message, String address) {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> a.toString().toLowerCase().contains(address.toLowerCase()));
        } catch (MessagingException e) {
            return false;
        }
    }


    @Override
    public void close() {
        greenMail.stop();
    }
}
