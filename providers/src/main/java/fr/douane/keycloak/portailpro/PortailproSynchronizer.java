package fr.douane.keycloak.portailpro;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.cache.UserCache;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.storage.UserStorageProviderModel;
import org.keycloak.storage.UserStorageUtil;
import org.keycloak.storage.user.SynchronizationResult;

/**
 * Full and changed-since synchronisation, in batches of {@value #BATCH_SIZE} rows read by keyset
 * paging, each batch in its own Keycloak transaction (a bad row costs its batch a retry row by
 * row, never the whole run).
 *
 * <ul>
 *   <li>ACTIVE: imported when new, refreshed when imported.</li>
 *   <li>SUSPENDED: not imported when new; the imported user's status is refreshed (reported disabled).</li>
 *   <li>CLOSED: the imported user is removed (so that a new account may reuse the identifiant).</li>
 *   <li>Row gone: full sync only (changed-since cannot see a deleted row) removes the imported user;
 *       between full syncs validation at next lookup does the same.</li>
 * </ul>
 * A directory outage stops the run where it is, with a warning, and reports it "ignored" so that
 * Keycloak does not advance the last-sync time; the next run starts again.
 *
 * <p>Slightly over the pack's usual size: the batch, its row-by-row retry and the removal of vanished users share
 * the transaction and cache handling, which reads better in one place.
 */
final class PortailproSynchronizer {

    private static final Logger LOG = Logger.getLogger(PortailproSynchronizer.class);
    static final int BATCH_SIZE = 500;

    private final KeycloakSessionFactory sessionFactory;
    private final String realmId;
    private final UserStorageProviderModel model;
    private final PortailproConfig config;
    private final PortailproAccountRepository repository;
    private final PortailproValidationMemo memo;

    PortailproSynchronizer(KeycloakSessionFactory sessionFactory, String realmId, UserStorageProviderModel model,
                           PortailproConfig config, PortailproAccountRepository repository, PortailproValidationMemo memo) {
        this.sessionFactory = sessionFactory;
        this.realmId = realmId;
        this.model = model;
        this.config = config;
        this.repository = repository;
        this.memo = memo;
    }

    SynchronizationResult fullSync() {
        SynchronizationResult result = new SynchronizationResult();
        String afterId = "";
        try {
            while (true) {
                List<PortailproAccount> page = repository.pageAll(afterId, BATCH_SIZE);
                if (page.isEmpty()) {
                    break;
                }
                applyBatch(page, result);
                afterId = page.get(page.size() - 1).id();
                if (page.size() < BATCH_SIZE) {
                    break;
                }
            }
            removeVanished(result);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Portailpro full synchronisation of %s stopped (directory unavailable?), last sync time "
                    + "not advanced: %s", model.getName(), e.getMessage());
            stopped(result);
        }
        LOG.infof("Portailpro full synchronisation of %s: %s", model.getName(), result.getStatus());
        return result;
    }

    SynchronizationResult changedSince(Instant since) {
        SynchronizationResult result = new SynchronizationResult();
        Instant afterUpdatedAt = null;
        String afterId = null;
        try {
            while (true) {
                List<PortailproAccount> page = repository.changedSince(since, afterUpdatedAt, afterId, BATCH_SIZE);
                if (page.isEmpty()) {
                    break;
                }
                applyBatch(page, result);
                PortailproAccount last = page.get(page.size() - 1);
                afterUpdatedAt = last.updatedAt();
                afterId = last.id();
                if (page.size() < BATCH_SIZE) {
                    break;
                }
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Portailpro changed-since synchronisation of %s stopped (directory unavailable?), last sync "
                    + "time not advanced: %s", model.getName(), e.getMessage());
            stopped(result);
        }
        // Periodic runs that find nothing stay out of the log at INFO (one a minute with the shipped realm).
        boolean applied = result.getAdded() + result.getUpdated() + result.getRemoved() + result.getFailed() > 0;
        LOG.logf(applied ? Logger.Level.INFO : Logger.Level.DEBUG, "Portailpro changed-since synchronisation of %s: %s",
                model.getName(), result.getStatus());
        return result;
    }

    /**
     * An interrupted run is reported "ignored": Keycloak then keeps the previous last-sync time, so
     * the next changed-since run still sees the rows this one could not read. What was applied
     * before the interruption is idempotent and simply applied again.
     */
    private static void stopped(SynchronizationResult result) {
        result.increaseFailed();
        result.setIgnored(true);
    }

    private void applyBatch(List<PortailproAccount> page, SynchronizationResult total) {
        // What the sync applies wins over what validation remembered on this node.
        page.forEach(a -> memo.forget(model.getId(), a.id()));
        SynchronizationResult batch = new SynchronizationResult();
        try {
            KeycloakModelUtils.runJobInTransaction(sessionFactory, session -> {
                RealmModel realm = realm(session);
                PortailproUserImporter importer = new PortailproUserImporter(session, model, config);
                for (PortailproAccount a : page) {
                    apply(session, realm, importer, a, batch);
                }
            });
            total.add(batch);
        } catch (RuntimeException batchFailure) {
            // One row broke the batch transaction: redo it row by row so the others still land.
            LOG.warnf("Portailpro synchronisation batch failed (%s), retrying row by row", batchFailure.getMessage());
            for (PortailproAccount a : page) {
                SynchronizationResult one = new SynchronizationResult();
                try {
                    KeycloakModelUtils.runJobInTransaction(sessionFactory, session -> {
                        RealmModel realm = realm(session);
                        apply(session, realm, new PortailproUserImporter(session, model, config), a, one);
                    });
                    total.add(one);
                } catch (RuntimeException e) {
                    LOG.warnf("Portailpro account %s could not be synchronised: %s", a.id(), e.getMessage());
                    total.increaseFailed();
                }
            }
        }
    }

    static void apply(KeycloakSession session, RealmModel realm, PortailproUserImporter importer, PortailproAccount a,
                      SynchronizationResult result) {
        UserModel existing = importer.findImported(realm, a.id());
        switch (a.status()) {
            case ACTIVE -> {
                if (existing == null) {
                    if (importer.importOrRefresh(realm, a) != null) {
                        result.increaseAdded();
                    } else {
                        result.increaseFailed();
                    }
                } else if (importer.refresh(realm, existing, a)) {
                    evict(session, realm, existing);
                    result.increaseUpdated();
                }
            }
            case SUSPENDED -> {
                if (existing != null && importer.refresh(realm, existing, a)) {
                    evict(session, realm, existing);
                    result.increaseUpdated();
                }
            }
            case CLOSED -> {
                if (existing != null && importer.remove(realm, existing)) {
                    result.increaseRemoved();
                }
            }
        }
    }

    /** Imported users whose directory row is gone: found by paging the imported ids, checked by batch. */
    private void removeVanished(SynchronizationResult result) throws SQLException {
        List<String> vanishedUserIds = new ArrayList<>();
        String[] after = {null};
        int first = 0;
        while (true) {
            Map<String, String> page = new HashMap<>(); // portailproId -> local user id
            int[] seen = {0};
            int offset = first;
            KeycloakModelUtils.runJobInTransaction(sessionFactory, session -> {
                RealmModel realm = realm(session);
                PortailproUserImporter importer = new PortailproUserImporter(session, model, config);
                List<String[]> imported = importer.importedPage(realm, after[0], BATCH_SIZE);
                if (imported != null) {
                    seen[0] = imported.size();
                    imported.forEach(r -> page.put(r[1], r[0]));
                    if (!imported.isEmpty()) {
                        after[0] = imported.get(imported.size() - 1)[0];
                    }
                    return;
                }
                // Without Keycloak's JPA store (unit tests): page through local users.
                importer.local().searchForUserStream(realm, Map.of(UserModel.INCLUDE_SERVICE_ACCOUNT, "false"),
                                offset, BATCH_SIZE)
                        .peek(u -> seen[0]++)
                        .filter(importer::isOurs)
                        .forEach(u -> {
                            String pid = u.getFirstAttribute(PortailproUserModel.ATTR_PORTAILPRO_ID);
                            if (pid != null) {
                                page.put(pid, u.getId());
                            }
                        });
            });
            if (!page.isEmpty()) {
                Set<String> present = repository.findByIds(page.keySet()).stream()
                        .map(PortailproAccount::id).collect(Collectors.toSet());
                page.forEach((pid, userId) -> {
                    if (!present.contains(pid)) {
                        memo.forget(model.getId(), pid);
                        vanishedUserIds.add(userId);
                    }
                });
            }
            if (seen[0] < BATCH_SIZE) {
                break;
            }
            first += BATCH_SIZE;
        }
        // Removed after the scan: removing while paging would shift the offsets.
        for (String userId : vanishedUserIds) {
            KeycloakModelUtils.runJobInTransaction(sessionFactory, session -> {
                RealmModel realm = realm(session);
                PortailproUserImporter importer = new PortailproUserImporter(session, model, config);
                UserModel u = importer.local().getUserById(realm, userId);
                if (u != null && importer.remove(realm, u)) {
                    result.increaseRemoved();
                }
            });
        }
    }

    /**
     * The realm, also bound to the job's session: Keycloak's JPA user queries (admin permission
     * filters) refuse a session without a realm ("Session not bound to a realm").
     */
    private RealmModel realm(KeycloakSession session) {
        RealmModel realm = session.realms().getRealm(realmId);
        session.getContext().setRealm(realm);
        return realm;
    }

    private static void evict(KeycloakSession session, RealmModel realm, UserModel user) {
        UserCache cache = UserStorageUtil.userCache(session);
        if (cache != null) {
            cache.evict(realm, user);
        }
    }
}
