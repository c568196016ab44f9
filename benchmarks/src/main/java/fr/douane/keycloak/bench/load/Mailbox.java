package fr.douane.keycloak.bench.load;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import fr.douane.keycloak.it.harness.MailServer;

/**
 * Reads one recipient's inbox in the SMTP sink. GreenMail keeps an inbox per recipient, so a poll
 * costs the same whether the sink holds ten mails or ten thousand (the harness's scan of all
 * received mail would grow with the run and eat the load generator's CPU).
 */
final class Mailbox {

    private final GreenMail greenMail;

    Mailbox(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /** Forgets every mail received so far (the soak, between windows: the sink lives in the driver's heap). */
    void purge() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (FolderException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reset link of the first mail to {@code email} that has one, or null. */
    String resetLink(String email) {
        GreenMailUser user = greenMail.getUserManager().getUserByEmail(email);
        if (user == null) {
            return null;
        }
        try {
            MailFolder inbox = greenMail.getManagers().getImapHostManager().getInbox(user);
            for (StoredMessage message : inbox.getMessages()) {
                String link = MailServer.resetLink(message.getMimeMessage()).orElse(null);
                if (link != null) {
                    return link;
                }
            }
            return null;
        } catch (FolderException e) {
            return null;
        }
    }
}
