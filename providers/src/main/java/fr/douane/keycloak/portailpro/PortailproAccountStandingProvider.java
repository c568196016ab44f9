package fr.douane.keycloak.portailpro;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.cache.UserCache;
import org.keycloak.storage.UserStorageProviderModel;
import org.keycloak.storage.UserStorageUtil;

import fr.douane.keycloak.standing.AccountStanding;
import fr.douane.keycloak.standing.AccountStandingProvider;

/**
 * Reads an imported Portailpro user's row now, bypassing Keycloak's user cache and the validation
 * memo: a suspension made in Portailpro a second ago stops a reset. What it reads is also applied
 * to the imported copy (status attribute, cache entry, memo), so that the same suspension stops
 * the account's logins at once instead of at the next cache expiry or synchronisation.
 */
final class PortailproAccountStandingProvider implements AccountStandingProvider {

    private static final Logger LOG = Logger.getLogger(PortailproAccountStandingProvider.class);

    private final KeycloakSession session;
    private final PortailproUserStorageProviderFactory storage;

    PortailproAccountStandingProvider(KeycloakSession session, PortailproUserStorageProviderFactory storage) {
        this.session = session;
        this.storage = storage;
    }

    @Override
    public AccountStanding standing(RealmModel realm, UserModel user) {
        ComponentModel component = component(realm, user.getFederationLink());
        if (component == null) {
            return AccountStanding.NOT_APPLICABLE;
        }
        PortailproConfig config = new PortailproConfig(component);
        String portailproId = user.getFirstAttribute(PortailproUserModel.ATTR_PORTAILPRO_ID);
        Optional<PortailproAccount> row;
        try {
            PortailproAccountRepository repository = storage.repository(session.getKeycloakSessionFactory(), component, config);
            row = portailproId != null ? repository.findById(portailproId)
                    : repository.findByIdentifiant(user.getUsername());
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Portailpro directory unavailable for the standing of user %s: %s", user.getId(), e.getMessage());
            return AccountStanding.UNREADABLE;
        }
        if (row.isEmpty()) {
            LOG.infof("Portailpro account of user %s no longer exists: reset refused", user.getId());
            return AccountStanding.BLOCKED;
        }
        PortailproAccount account = row.get();
        apply(realm, component, config, user, account);
        return account.isActive() ? AccountStanding.GOOD : AccountStanding.BLOCKED;
    }

    /** Brings the imported copy in line with the row just read, if it differs, and forgets stale memos. */
    private void apply(RealmModel realm, ComponentModel component, PortailproConfig config, UserModel user,
                       PortailproAccount account) {
        storage.memo().remember(component.getId(), account.id(), account.status(), System.currentTimeMillis());
        if (account.status().name().equals(user.getFirstAttribute(PortailproUserModel.ATTR_STATUS))) {
            return;
        }
        PortailproUserImporter importer = new PortailproUserImporter(session, component, config);
        UserModel local = importer.findImported(realm, account.id());
        if (local != null && importer.refresh(realm, local, account)) {
            UserCache cache = UserStorageUtil.userCache(session);
            if (cache != null) {
                cache.evict(realm, local);
            }
            LOG.infof("Portailpro account %s is %s: imported user %s updated", account.id(), account.status(), local.getId());
        }
    }

    @Override
    public AccountStanding addressStanding(RealmModel realm, String email) {
        if (email == null || email.isBlank()) {
            return AccountStanding.NOT_APPLICABLE;
        }
        AccountStanding answer = AccountStanding.NOT_APPLICABLE;
        for (ComponentModel component : components(realm)) {
            PortailproConfig config = new PortailproConfig(component);
            List<PortailproAccount> active;
            try {
                active = storage.repository(session.getKeycloakSessionFactory(), component, config).findActiveByEmail(email.trim());
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("Portailpro directory unavailable for an address check: %s", e.getMessage());
                return AccountStanding.UNREADABLE;
            }
            if (active.size() > 1) {
                return AccountStanding.SHARED_ADDRESS;
            }
            if (active.size() == 1) {
                answer = AccountStanding.GOOD;
            }
        }
        return answer;
    }

    /** The enabled Portailpro component the user is federated by, or null. */
    private static ComponentModel component(RealmModel realm, String federationLink) {
        if (federationLink == null) {
            return null;
        }
        ComponentModel component = realm.getComponent(federationLink);
        return isEnabledPortailpro(component) ? component : null;
    }

    private static List<ComponentModel> components(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), org.keycloak.storage.UserStorageProvider.class.getName())
                .filter(PortailproAccountStandingProvider::isEnabledPortailpro)
                .toList();
    }

    private static boolean isEnabledPortailpro(ComponentModel component) {
        return component != null && PortailproUserStorageProviderFactory.PROVIDER_ID.equals(component.getProviderId())
                && new UserStorageProviderModel(component).isEnabled();
    }
}
