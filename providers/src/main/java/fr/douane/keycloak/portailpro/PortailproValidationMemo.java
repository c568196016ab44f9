package fr.douane.keycloak.portailpro;

import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node last read from the directory for an imported user, for a few seconds.
 *
 * <p>Why: Keycloak validates every imported user it loads outside its user cache, and the admin
 * REST search loads its results outside that cache (UserStorageManager validates them before the
 * cache layer sees them). Without this memo, a page of 100 imported users costs 100 directory
 * statements, and a repeated admin lookup of the same user costs one each time. With it, a user is
 * read from the directory at most once per {@link #TTL_MILLIS} per node.
 *
 * <p>It is a per-node cache of directory data, like Keycloak's own local caches, never state that
 * other nodes need: losing it costs one statement. A synchronisation forgets the rows it applied,
 * so a status change brought by a sync takes effect at once; otherwise at the next validation
 * after the memo entry expired. Components with the cache policy NO_CACHE do not use it.
 */
public final class PortailproValidationMemo {

    /** Part of the bound on how long a suspension takes to stop logins (docs/portailpro.md). */
    public static final long TTL_MILLIS = 10_000;
    /** Bound on memory: ~100 bytes an entry; when full, everything is forgotten (costs statements, never correctness). */
    static final int MAX_ENTRIES = 200_000;

    private record Seen(PortailproAccount.Status status, long until) {
    }

    private final ConcurrentHashMap<String, Seen> seen = new ConcurrentHashMap<>();

    PortailproValidationMemo() {
    }

    /** The status read less than {@link #TTL_MILLIS} ago, or null. */
    PortailproAccount.Status recent(String componentId, String portailproId, long nowMillis) {
        if (portailproId == null) {
            return null;
        }
        Seen s = seen.get(key(componentId, portailproId));
        return s != null && s.until() > nowMillis ? s.status() : null;
    }

    void remember(String componentId, String portailproId, PortailproAccount.Status status, long nowMillis) {
        if (seen.size() >= MAX_ENTRIES) {
            seen.clear();
        }
        seen.put(key(componentId, portailproId), new Seen(status, nowMillis + TTL_MILLIS));
    }

    void forget(String componentId, String portailproId) {
        seen.remove(key(componentId, portailproId));
    }

    void forgetComponent(String componentId) {
        String prefix = componentId + '/';
        seen.keySet().removeIf(k -> k.startsWith(prefix));
    }

    int size() {
        return seen.size();
    }

    private static String key(String componentId, String portailproId) {
        return componentId + '/' + portailproId;
    }
}
