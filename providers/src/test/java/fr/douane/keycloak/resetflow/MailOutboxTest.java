package fr.douane.keycloak.resetflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

/** The claim protocol over a map with the cache's atomic operations. */
class MailOutboxTest {

    private static PendingMail mail(long now) {
        return PendingMail.create(PendingMail.Kind.RESET_LINK, "realm", "user", "client", "tab", "root", "127.0.0.1",
                Map.of("identifiant", "u", "sharedEmail", false, "linkExpiration", 1440L), "link-1", 12345,
                Map.of("douane_mode", "username"), now);
    }

    @Test
    void aMailSurvivesItsJsonRoundTrip() {
        PendingMail m = mail(1000).heldBy("node-a", 5000).failed(9000, "ConnectException: refused");
        PendingMail back = PendingMail.parse(m.json());
        assertThat(back.id()).isEqualTo(m.id());
        assertThat(back.kind()).isEqualTo(PendingMail.Kind.RESET_LINK);
        assertThat(back.attempts()).isEqualTo(1);
        assertThat(back.nextAttemptAt()).isEqualTo(9000);
        assertThat(back.holder()).isNull();
        assertThat(back.linkExpiresAt()).isEqualTo(12345);
        assertThat(back.attributes()).containsEntry("identifiant", "u").containsEntry("sharedEmail", false);
        assertThat(back.eventDetails()).containsEntry("douane_mode", "username");
        assertThat(back.json()).isEqualTo(m.json());
    }

    @Test
    void aHeldMailIsNotDueUntilItsHoldEndsAndAFailedOneUntilItsNextAttempt() {
        PendingMail held = mail(1000).heldBy("node-a", 5000);
        assertThat(held.dueAt(4999)).isFalse();
        assertThat(held.dueAt(5000)).isTrue();
        PendingMail failed = held.failed(8000, "x");
        assertThat(failed.dueAt(7999)).isFalse();
        assertThat(failed.dueAt(8000)).isTrue();
    }

    @Test
    void ofTwoNodesClaimingTheSameMailOneGetsIt() {
        MailOutbox outbox = MailOutbox.over(new ConcurrentHashMap<>());
        PendingMail m = mail(1000).failed(2000, "refused");
        assertThat(outbox.add(m.id(), m.json())).isTrue();
        assertThat(outbox.add(m.id(), m.json())).as("added once").isFalse();

        String seenByA = outbox.read(m.id());
        String seenByB = outbox.read(m.id());
        boolean a = outbox.replace(m.id(), seenByA, PendingMail.parse(seenByA).heldBy("node-a", 200_000).json());
        boolean b = outbox.replace(m.id(), seenByB, PendingMail.parse(seenByB).heldBy("node-b", 200_000).json());
        assertThat(a).isTrue();
        assertThat(b).isFalse();
        assertThat(PendingMail.parse(outbox.read(m.id())).holder()).isEqualTo("node-a");
    }

    @Test
    void theScanListsOnlyTheOutboxEntries() {
        ConcurrentHashMap<String, String> cache = new ConcurrentHashMap<>();
        cache.put("task::something", "not ours");
        MailOutbox outbox = MailOutbox.over(cache);
        PendingMail m = mail(1000);
        outbox.add(m.id(), m.json());
        assertThat(outbox.waiting()).extracting(Map.Entry::getKey).containsExactly(m.id());
        assertThat(MailOutbox.lastCount()).isEqualTo(1);
        outbox.remove(m.id());
        assertThat(outbox.waiting()).isEmpty();
    }
}
