package fr.douane.keycloak.portailpro;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserManager;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.models.cache.UserCache;
import org.keycloak.storage.UserStoragePrivateUtil;
import org.keycloak.storage.UserStorageUtil;

/**
 * Writes directory accounts into Keycloak's local user storage, the way Keycloak's LDAP provider
 * imports: the local user is created through the local store (not through session.users(), which
 * would offer it to other federation providers), carries the federation link of the component,
 * and the directory id in the attribute {@code portailproId}. Used by lookups, validation and
 * synchronisation alike.
 */
final class PortailproUserImporter {

    private static final Logger LOG = Logger.getLogger(PortailproUserImporter.class);

    private final KeycloakSession session;
    private final ComponentModel model;
    private final PortailproConfig config;

    PortailproUserImporter(KeycloakSession session, ComponentModel model, PortailproConfig config) {
        this.session = session;
        this.model = model;
        this.config = config;
    }

    UserProvider local() {
        return UserStoragePrivateUtil.userLocalStorage(session);
    }

    boolean isOurs(UserModel u) {
        return u != null && model.getId().equals(u.getFederationLink());
    }

    /** The local user imported from this directory id, or null. One indexed local query. */
    UserModel findImported(RealmModel realm, String portailproId) {
        return local().searchForUserByUserAttributeStream(realm, PortailproUserModel.ATTR_PORTAILPRO_ID, portailproId)
                .filter(this::isOurs)
                .findFirst()
                .orElse(null);
    }

    /**
     * The directory ids of every user this component imported into the realm, in ONE query of
     * Keycloak's own store (ids only, no user loaded), or empty when there are more than
     * {@code limit}. The search excludes them in SQL so that the directory part of an admin list
     * is exactly "the accounts Keycloak does not list from its own store", paged in SQL.
     *
     * <p>Keycloak's user API has no "users of a federation link" query, hence the JPA query on its
     * entities (the only user store of Keycloak 26). Without it (unit tests), local users are walked.
     */
    Optional<Set<String>> importedIds(RealmModel realm, int limit) {
        JpaConnectionProvider jpa = session.getProvider(JpaConnectionProvider.class);
        List<String> ids;
        if (jpa != null) {
            ids = jpa.getEntityManager().createQuery("select a.value from UserAttributeEntity a join a.user u"
                            + " where u.realmId = :realmId and u.federationLink = :link and a.name = :name", String.class)
                    .setParameter("realmId", realm.getId())
                    .setParameter("link", model.getId())
                    .setParameter("name", PortailproUserModel.ATTR_PORTAILPRO_ID)
                    .setMaxResults(limit + 1)
                    .getResultList();
        } else {
            ids = local().searchForUserStream(realm, Map.of(UserModel.INCLUDE_SERVICE_ACCOUNT, "false"), null, null)
                    .filter(this::isOurs)
                    .map(u -> u.getFirstAttribute(PortailproUserModel.ATTR_PORTAILPRO_ID))
                    .filter(Objects::nonNull)
                    .limit(limit + 1L)
                    .collect(Collectors.toList());
        }
        return ids.size() > limit ? Optional.empty() : Optional.of(new HashSet<>(ids));
    }

    /**
     * One keyset page of (local user id, directory id) of the users this component imported,
     * ordered by user id, after {@code afterUserId} (null for the first page); null when Keycloak's
     * JPA store is not there (unit tests), then callers page through local users instead.
     * Why not Keycloak's user search: it applies admin permission filters and finds nobody in a
     * background synchronisation session.
     */
    List<String[]> importedPage(RealmModel realm, String afterUserId, int limit) {
        JpaConnectionProvider jpa = session.getProvider(JpaConnectionProvider.class);
        if (jpa == null) {
            return null;
        }
        return jpa.getEntityManager().createQuery("select u.id, a.value from UserAttributeEntity a join a.user u"
                        + " where u.realmId = :realmId and u.federationLink = :link and a.name = :name and u.id > :after"
                        + " order by u.id", Object[].class)
                .setParameter("realmId", realm.getId())
                .setParameter("link", model.getId())
                .setParameter("name", PortailproUserModel.ATTR_PORTAILPRO_ID)
                .setParameter("after", afterUserId == null ? "" : afterUserId)
                .setMaxResults(limit)
                .getResultList().stream()
                .map(r -> new String[] {(String) r[0], (String) r[1]})
                .collect(Collectors.toList());
    }

    /**
     * Imports an ACTIVE account, or returns the user already imported from it (refreshed).
     * Null when the account cannot be imported: its identifiant is the username of a local user or
     * of another provider's user (never taken over), or belongs to an older Portailpro account that
     * is still imported.
     */
    UserModel importOrRefresh(RealmModel realm, PortailproAccount account) {
        UserModel existing = findImported(realm, account.id());
        if (existing != null) {
            refresh(realm, existing, account);
            return existing;
        }
        UserModel byName = local().getUserByUsername(realm, account.username());
        if (byName != null) {
            LOG.warnf("Portailpro account %s not imported: username [%s] already used by %s user %s",
                    account.id(), PortailproAccountMapper.shorten(account.username()),
                    isOurs(byName) ? "another imported Portailpro" : "a local or other provider's", byName.getId());
            return null;
        }
        UserModel user = local().addUser(realm, account.username());
        user.setFederationLink(model.getId());
        user.setEnabled(true);
        user.setSingleAttribute(PortailproUserModel.ATTR_PORTAILPRO_ID, account.id());
        user.setSingleAttribute(PortailproUserModel.ATTR_STATUS, account.status().name());
        copyAttributes(realm, user, account);
        LOG.debugf("Portailpro account %s imported as user %s", account.id(), user.getId());
        return user;
    }

    /**
     * Brings an imported user in line with its directory row. The status is always copied (it is
     * what an outage falls back to); the other attributes only in READ_ONLY mode: in UNSYNCED mode
     * local edits win. Returns true when something was written.
     */
    boolean refresh(RealmModel realm, UserModel user, PortailproAccount account) {
        boolean changed = false;
        if (!account.status().name().equals(user.getFirstAttribute(PortailproUserModel.ATTR_STATUS))) {
            user.setSingleAttribute(PortailproUserModel.ATTR_STATUS, account.status().name());
            changed = true;
        }
        if (config.isReadOnly()) {
            changed |= copyAttributes(realm, user, account);
        }
        return changed;
    }

    /**
     * Removes an imported user with Keycloak's own clean-up (the removal event ends sessions,
     * consents, ...), from the local store as Keycloak removes invalid imported users: through
     * session.users() the result would be false for a federated user whose provider is not a
     * UserRegistrationProvider, even though the user is gone.
     */
    boolean remove(RealmModel realm, UserModel user) {
        try {
            UserCache cache = UserStorageUtil.userCache(session);
            if (cache != null) {
                cache.evict(realm, user);
            }
            return new UserManager(session).removeUser(realm, user, local());
        } catch (ModelException e) {
            LOG.warnf(e, "Could not remove imported Portailpro user %s", user.getId());
            return false;
        }
    }

    private boolean copyAttributes(RealmModel realm, UserModel user, PortailproAccount a) {
        boolean changed = false;
        if (!a.username().equals(user.getUsername())) {
            UserModel holder = local().getUserByUsername(realm, a.username());
            if (holder == null) {
                user.setUsername(a.username());
                changed = true;
            } else if (!holder.getId().equals(user.getId())) {
                LOG.warnf("Portailpro account %s: new identifiant [%s] already used by user %s, username kept",
                        a.id(), PortailproAccountMapper.shorten(a.username()), holder.getId());
            }
        }
        String email = usableEmail(realm, user, a);
        if (!Objects.equals(email, user.getEmail())) {
            user.setEmail(email);
            changed = true;
        }
        // Portailpro verified the address when the account was created.
        if (email != null && !user.isEmailVerified()) {
            user.setEmailVerified(true);
            changed = true;
        }
        if (!Objects.equals(a.firstName(), user.getFirstName())) {
            user.setFirstName(a.firstName());
            changed = true;
        }
        if (!Objects.equals(a.lastName(), user.getLastName())) {
            user.setLastName(a.lastName());
            changed = true;
        }
        if (!Objects.equals(a.siret(), user.getFirstAttribute(PortailproUserModel.ATTR_SIRET))) {
            if (a.siret() == null) {
                user.removeAttribute(PortailproUserModel.ATTR_SIRET);
            } else {
                user.setSingleAttribute(PortailproUserModel.ATTR_SIRET, a.siret());
            }
            changed = true;
        }
        return changed;
    }

    /**
     * The email to store, lower-cased as Keycloak stores it, or null when another user of the realm
     * already has it and the realm forbids duplicates (storing it would fail the transaction).
     */
    private String usableEmail(RealmModel realm, UserModel user, PortailproAccount a) {
        if (a.email() == null) {
            return null;
        }
        String email = a.email().toLowerCase(java.util.Locale.ROOT);
        if (email.equals(user.getEmail()) || realm.isDuplicateEmailsAllowed()) {
            return email;
        }
        try {
            UserModel holder = local().getUserByEmail(realm, email);
            if (holder == null || holder.getId().equals(user.getId())) {
                return email;
            }
            LOG.warnf("Portailpro account %s: email already used by user %s, imported without email",
                    a.id(), holder.getId());
        } catch (ModelException e) {
            LOG.warnf("Portailpro account %s: email shared by several users, imported without email", a.id());
        }
        return null;
    }
}
