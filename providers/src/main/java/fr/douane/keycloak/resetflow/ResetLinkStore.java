package fr.douane.keycloak.resetflow;

import java.util.Map;

import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.SingleUseObjectProvider;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * Everything the reset flow remembers between requests, kept in Keycloak's
 * {@link SingleUseObjectProvider} (the cluster-replicated action-token store): a link requested on
 * one node is honoured, refused or counted the same way on every other node.
 *
 * <p>Counters are built from {@code putIfAbsent} on numbered slots rather than read-modify-write,
 * because {@code putIfAbsent} is the one atomic operation the store guarantees across nodes.</p>
 */
public final class ResetLinkStore {

    private static final String PREFIX = "douane-reset:";
    private static final String LINK_ID_NOTE = "linkId";
    private static final int HOUR = 3600;

    private final SingleUseObjectProvider store;
    private final String realmId;

    public ResetLinkStore(KeycloakSession session, RealmModel realm) {
        this(session.singleUseObjects(), realm.getId());
    }

    ResetLinkStore(SingleUseObjectProvider store, String realmId) {
        this.store = store;
        this.realmId = realmId;
    }

    /**
     * Records the newest link of an account in a session and transaction of its own, committed
     * (on every owner of the entry in a cluster) when this method returns; only then may the link
     * be mailed. Keycloak's store applies a {@code put} when the caller's transaction commits,
     * which for the mail job is after the mail has left: the link could reach its owner before any
     * node knows it is the newest (and be refused as superseded), or never be recorded at all when
     * that late commit fails (a remote owner timing out), with the mail already sent.
     */
    public static void markNewestCommitted(KeycloakSessionFactory factory, String realmId, String userId, String linkId,
                                           int lifespanSeconds) {
        KeycloakModelUtils.runJobInTransaction(factory,
                s -> new ResetLinkStore(s.singleUseObjects(), realmId).markNewest(userId, linkId, lifespanSeconds));
    }

    /** Records the newest link of an account: every older link of that account dies with it. */
    public void markNewest(String userId, String linkId, int lifespanSeconds) {
        store.put(key("newest", userId), Math.max(lifespanSeconds, 1), Map.of(LINK_ID_NOTE, linkId));
    }

    public boolean isNewest(String userId, String linkId) {
        Map<String, String> notes = store.get(key("newest", userId));
        return notes != null && linkId.equals(notes.get(LINK_ID_NOTE));
    }

    /**
     * Claims a link for the one password change it allows. Of two concurrent submissions exactly
     * one gets {@code true}.
     */
    public boolean claim(String linkId, int lifespanSeconds) {
        return store.putIfAbsent(key("used", linkId), Math.max(lifespanSeconds, 1));
    }

    /** Gives a claim back when the change it was taken for did not happen (policy refused it). */
    public void release(String linkId) {
        store.remove(key("used", linkId));
    }

    /** True when the link was used for its password change or killed. */
    public boolean isUsed(String linkId) {
        return store.contains(key("used", linkId)) || store.contains(key("dead", linkId));
    }

    /** True when the link was killed (see {@link #kill}). */
    public boolean isKilled(String linkId) {
        return store.contains(key("dead", linkId));
    }

    /**
     * Kills a link for good (too many identifiant mismatches, account blocked): it then reads as
     * used. A mark of its own rather than the claim, because a concurrent submission holding the
     * claim may give it back ({@link #release}) after this call, which must not revive the link.
     */
    public void kill(String linkId, int lifespanSeconds) {
        store.putIfAbsent(key("dead", linkId), Math.max(lifespanSeconds, 1));
    }

    /**
     * Counts one identifiant mismatch on a link and returns the count so far (1 for the first).
     * Returns {@code limit} once the limit is reached.
     */
    public int countMismatch(String linkId, int limit, int lifespanSeconds) {
        for (int n = 1; n <= limit; n++) {
            if (store.putIfAbsent(key("mismatch", linkId + ":" + n), Math.max(lifespanSeconds, 1))) {
                return n;
            }
        }
        return limit;
    }

    /**
     * Takes one of the {@code limit} mail slots of the current hour for {@code subject}; false when
     * they are all taken. Fixed one-hour windows: simple, cluster-safe, and at most twice the
     * limit over any sliding hour.
     */
    public boolean takeHourlySlot(String kind, String subject, int limit) {
        long window = Time.currentTime() / HOUR;
        int ttl = HOUR - (int) (Time.currentTime() % HOUR) + 1;
        for (int n = 1; n <= limit; n++) {
            if (store.putIfAbsent(key("rate:" + kind, subject + ":" + window + ":" + n), ttl)) {
                return true;
            }
        }
        return false;
    }

    private String key(String kind, String subject) {
        return PREFIX + realmId + ":" + kind + ":" + subject;
    }
}
