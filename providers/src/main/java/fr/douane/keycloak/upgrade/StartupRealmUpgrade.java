package fr.douane.keycloak.upgrade;

import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.dblock.DBLockManager;
import org.keycloak.models.dblock.DBLockProvider;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * What runs once Keycloak has migrated its own model at startup: every realm of the pack is
 * brought to the settings of the running jar, one transaction per realm. The nodes of a cluster
 * start side by side, so the work runs under Keycloak's boot lock in the database: the first node
 * upgrades, the others find the marker written. Nothing here stops Keycloak from starting: a
 * template that cannot be read or a realm that cannot be upgraded is logged and left as it was.
 */
final class StartupRealmUpgrade {

    private static final Logger LOG = Logger.getLogger(StartupRealmUpgrade.class);

    private StartupRealmUpgrade() {
    }

    static void run(KeycloakSessionFactory factory) {
        PackRealmTemplate template;
        try {
            template = PackRealmTemplate.load();
        } catch (Exception e) {
            LOG.warnf("douane pack upgrade skipped: the realm export bundled in the jar cannot be read (%s)", e.toString());
            return;
        }
        try (KeycloakSession lockSession = factory.create()) {
            DBLockProvider lock = new DBLockManager(lockSession).getDBLock();
            lock.waitForLock(DBLockProvider.Namespace.KEYCLOAK_BOOT);
            try {
                List<String> realmIds = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                        s -> s.realms().getRealmsStream().map(RealmModel::getId).toList());
                realmIds.forEach(id -> upgrade(factory, id, template));
            } finally {
                lock.releaseLock();
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "douane pack upgrade skipped: %s", e.toString());
        }
    }

    private static void upgrade(KeycloakSessionFactory factory, String realmId, PackRealmTemplate template) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm != null) {
                    session.getContext().setRealm(realm);
                    new RealmUpgrade(session, realm, template).run();
                }
            });
        } catch (RuntimeException e) {
            // The transaction rolled back: the realm keeps its previous settings and marker, and the next start tries again.
            LOG.warnf(e, "Realm %s, douane pack upgrade failed and was rolled back; the realm keeps its previous settings: %s",
                    realmId, e.toString());
        }
    }
}
