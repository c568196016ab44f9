package fr.douane.keycloak.resetflow;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;

/**
 * The mails of the reset flow that wait for another attempt, kept in Keycloak's {@code work}
 * cache: the cache Keycloak itself uses to coordinate its nodes, which Keycloak refuses to start
 * unless it is replicated, so every node holds every entry and a mail queued by a node that dies
 * is still there for the others. Entries are JSON strings under {@link #PREFIX}.
 *
 * <p>Claims use the cache's conditional {@code replace} (atomic across the cluster): of two nodes
 * finding the same mail due, one gets it. The size is bounded: past {@link #MAX_WAITING} waiting
 * mails (as counted by the last scan), a failed mail is not kept for another attempt; the refusal
 * is logged and counted.</p>
 *
 * <p>The cache is reached through Keycloak's Infinispan connection provider, a server class this
 * module does not compile against; {@link ConcurrentMap} is the part of Infinispan's cache API
 * used here.</p>
 */
final class MailOutbox {

    private static final Logger LOG = Logger.getLogger(MailOutbox.class);

    static final String PREFIX = "douane-mail:";
    static final int MAX_WAITING = 10_000;
    private static final String CONNECTION_PROVIDER = "org.keycloak.connections.infinispan.InfinispanConnectionProvider";
    private static final String WORK_CACHE = "work";

    private static final AtomicLong REFUSED = new AtomicLong();
    private static volatile int lastCount;
    private static volatile boolean unavailableLogged;

    private final ConcurrentMap<String, String> cache;

    static {
        ResetMeters.registerOutbox(MailOutbox::lastCount, REFUSED);
    }

    private MailOutbox(ConcurrentMap<String, String> cache) {
        this.cache = cache;
    }

    /** The outbox of this server, or {@code null} when its cache cannot be reached (then no retry). */
    @SuppressWarnings("unchecked")
    static MailOutbox of(KeycloakSession session) {
        try {
            Class<? extends Provider> type = (Class<? extends Provider>) Class.forName(CONNECTION_PROVIDER, true,
                    MailOutbox.class.getClassLoader());
            Provider provider = session.getProvider(type);
            Method getCache = type.getMethod("getCache", String.class);
            return new MailOutbox((ConcurrentMap<String, String>) getCache.invoke(provider, WORK_CACHE));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            if (!unavailableLogged) {
                unavailableLogged = true;
                LOG.warnf("douane mail outbox unavailable, failed mails are not retried: %s", e);
            }
            return null;
        }
    }

    /** For tests. */
    static MailOutbox over(ConcurrentMap<String, String> cache) {
        return new MailOutbox(cache);
    }

    /** Keeps a mail for later attempts; false when the outbox is full (logged and counted). */
    boolean add(String id, String json) {
        if (lastCount >= MAX_WAITING) {
            long refused = REFUSED.incrementAndGet();
            LOG.warnf("douane mail outbox full (%d mails waiting): mail %s not kept for retry (%d refused since start)",
                    lastCount, id, refused);
            return false;
        }
        try {
            return cache.putIfAbsent(PREFIX + id, json) == null;
        } catch (RuntimeException e) {
            failed("keep", id, e);
            return false;
        }
    }

    String read(String id) {
        try {
            return cache.get(PREFIX + id);
        } catch (RuntimeException e) {
            failed("read", id, e);
            return null;
        }
    }

    /** Atomically replaces {@code expected} (as read) by {@code next}; false when it changed meanwhile. */
    boolean replace(String id, String expected, String next) {
        try {
            return cache.replace(PREFIX + id, expected, next);
        } catch (RuntimeException e) {
            failed("update", id, e);
            return false;
        }
    }

    void remove(String id) {
        try {
            cache.remove(PREFIX + id);
        } catch (RuntimeException e) {
            failed("remove", id, e);
        }
    }

    /**
     * A cache that fails (a node leaving mid-operation, a timeout) must cost a retry at most, never
     * the mail or its event: the caller goes on as if the mail had not been kept.
     */
    private static void failed(String what, String id, RuntimeException e) {
        LOG.warnf("douane mail outbox: could not %s mail %s (%s)", what, id, e.toString());
    }

    /** Every waiting mail (id → JSON); also counts them for the bound. */
    List<Map.Entry<String, String>> waiting() {
        List<Map.Entry<String, String>> found = new ArrayList<>();
        // The cache holds Keycloak's own entries too, of other types.
        @SuppressWarnings("unchecked")
        Map<Object, Object> all = (Map<Object, Object>) (Map<?, ?>) cache;
        for (Map.Entry<Object, Object> e : all.entrySet()) {
            if (e.getKey() instanceof String key && key.startsWith(PREFIX) && e.getValue() instanceof String json) {
                found.add(Map.entry(key.substring(PREFIX.length()), json));
            }
        }
        lastCount = found.size();
        return found;
    }

    /** Mails waiting at the last scan on this node. */
    static int lastCount() {
        return lastCount;
    }

    /** Mails refused by a full outbox on this node since it started. */
    static long refused() {
        return REFUSED.get();
    }
}
