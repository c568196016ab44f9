package fr.douane.keycloak.portailpro;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.StorageId;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.UserStorageProviderModel;
import org.keycloak.storage.UserStorageUtil;
import org.keycloak.storage.user.ImportedUserValidation;
import org.keycloak.storage.user.UserLookupProvider;
import org.keycloak.storage.user.UserQueryProvider;
import org.keycloak.userprofile.AttributeMetadata;
import org.keycloak.userprofile.UserProfileDecorator;
import org.keycloak.userprofile.UserProfileMetadata;

import fr.douane.keycloak.standing.AccountStandings;

/**
 * Portailpro accounts as Keycloak users, imported with a federation link.
 *
 * <p>Passwords: deliberately no CredentialInputValidator/Updater. The douane password generated
 * through the reset flow is stored and checked by Keycloak itself, so an imported user logs in
 * even when Portailpro is down.
 *
 * <p>Statuses: only ACTIVE accounts are found and imported. An imported user whose account became
 * SUSPENDED is reported disabled (kept, with its password, back by itself once ACTIVE again); one
 * whose account is CLOSED or gone is reported invalid (null), which Keycloak turns into removal.
 *
 * <p>Outage: every directory call is bounded by the pool and statement timeouts; a failure is
 * logged and answered as "not found" (lookups, searches) or "keep the user as last seen"
 * (validation), never as an exception that would become a 500 page or disable everybody.
 *
 * <p>Longer than the pack's other classes: Keycloak finds a storage provider's capabilities on the one object it
 * creates, so lookup, query, import validation and profile decoration are all here; each is a few methods over
 * the same session, config and repository, and the work itself lives in {@link PortailproAccountRepository},
 * {@link PortailproUserImporter} and {@link PortailproSearch}.
 */
public final class PortailproUserStorageProvider implements UserStorageProvider, UserLookupProvider,
        UserQueryProvider, ImportedUserValidation, UserProfileDecorator {

    private static final Logger LOG = Logger.getLogger(PortailproUserStorageProvider.class);

    private final KeycloakSession session;
    private final ComponentModel model;
    private final PortailproConfig config;
    private final PortailproAccountRepository repository;
    private final PortailproUserImporter importer;
    private final PortailproValidationMemo memo;
    /** False under the cache policy NO_CACHE: Keycloak then caches nothing of these users. */
    private final boolean cached;
    /** Usernames to put into Keycloak's user cache after this request (see {@link PortailproUsernameCachePrimer}). */
    private Set<String> toPrime;
    /** Directory ids imported already, read once per request (Keycloak creates one provider per session). */
    private Optional<Set<String>> importedIds;

    /** Above this many imported users the search stops excluding them in SQL (see {@link #searchForUserStream}). */
    static final int EXCLUSION_LIMIT = 20_000;
    private int exclusionLimit = EXCLUSION_LIMIT;

    PortailproUserStorageProvider(KeycloakSession session, ComponentModel model, PortailproConfig config,
                                  PortailproAccountRepository repository, PortailproValidationMemo memo) {
        this.session = session;
        this.model = model;
        this.config = config;
        this.repository = repository;
        this.importer = new PortailproUserImporter(session, model, config);
        this.cached = new UserStorageProviderModel(model).getCachePolicy()
                != UserStorageProviderModel.CachePolicy.NO_CACHE;
        this.memo = cached ? memo : null;
    }

    @FunctionalInterface
    private interface Sql<T> {
        T run() throws SQLException;
    }

    /** Runs a directory call; an outage becomes {@code fallback} plus one warning line. */
    private <T> T directory(String what, Sql<T> call, T fallback) {
        try {
            return call.run();
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("Portailpro directory unavailable for %s (%s): %s", what, model.getName(), e.getMessage());
            LOG.debug("Portailpro directory failure", e);
            AccountStandings.markLookupDegraded(session);
            return fallback;
        }
    }

    // ----- lookups -------------------------------------------------------------------------------

    @Override
    public UserModel getUserById(RealmModel realm, String id) {
        // Only called for ids of the form f:<component>:<portailpro id>; imported users have local ids.
        String externalId = StorageId.externalId(id);
        Optional<PortailproAccount> account = directory("lookup by id", () -> repository.findById(externalId),
                Optional.empty());
        return account.filter(PortailproAccount::isActive).map(a -> imported(realm, a)).orElse(null);
    }

    @Override
    public UserModel getUserByUsername(RealmModel realm, String username) {
        if (username == null || username.isBlank()) {
            return null;
        }
        Optional<PortailproAccount> account = directory("lookup by identifiant",
                () -> repository.findByIdentifiant(username.trim()), Optional.empty());
        return account.filter(PortailproAccount::isActive).map(a -> imported(realm, a)).orElse(null);
    }

    @Override
    public UserModel getUserByEmail(RealmModel realm, String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        List<PortailproAccount> accounts = directory("lookup by email",
                () -> repository.findActiveByEmail(email.trim()), List.of());
        if (accounts.size() > 1) {
            // Two accounts share the address: Keycloak's contract for a lookup that designates
            // several users, as its own store answers for two local users with one email. Callers
            // handle it (a login refuses the address, the reset flow mails a shared-email notice).
            throw new ModelDuplicateException("Several Portailpro accounts share this email", UserModel.EMAIL);
        }
        if (accounts.isEmpty()) {
            return null;
        }
        UserModel user = imported(realm, accounts.get(0));
        // Imported without its email (taken by another user): not the user asked for.
        return user != null && email.trim().equalsIgnoreCase(user.getEmail()) ? user : null;
    }

    private UserModel imported(RealmModel realm, PortailproAccount account) {
        UserModel user = importer.importOrRefresh(realm, account);
        if (user == null) {
            return null;
        }
        if (importedIds != null) {
            importedIds.ifPresent(ids -> ids.add(account.id()));
        }
        remember(account);
        return wrap(user, account.status());
    }

    private void remember(PortailproAccount account) {
        if (memo != null) {
            memo.remember(model.getId(), account.id(), account.status(), System.currentTimeMillis());
        }
    }

    UserModel wrap(UserModel local, PortailproAccount.Status status) {
        return new PortailproUserModel(local, config.isReadOnly(), status != PortailproAccount.Status.ACTIVE);
    }

    // ----- validation of imported users -----------------------------------------------------------

    @Override
    public UserModel validate(RealmModel realm, UserModel local) {
        if (local instanceof PortailproUserModel) {
            return local; // built by this provider in this request from the row it just read
        }
        String portailproId = local.getFirstAttribute(PortailproUserModel.ATTR_PORTAILPRO_ID);
        PortailproAccount.Status recent = memo == null ? null
                : memo.recent(model.getId(), portailproId, System.currentTimeMillis());
        // The stored status is the last one any node or a synchronisation applied. When it differs
        // from this node's memo, one of them is newer and nothing says which: read the directory.
        // So a sync that suspends a user takes effect on every node, not only on the one it ran on.
        if (recent != null && recent == lastKnownStatus(local)) {
            primeLater(realm, local);
            return wrap(local, recent);
        }
        Optional<PortailproAccount> account;
        try {
            account = portailproId != null ? repository.findById(portailproId)
                    : repository.findByIdentifiant(local.getUsername());
        } catch (SQLException | RuntimeException e) {
            // Keep the user as last seen: a Portailpro outage must not lock out (or delete) users
            // whose douane password lives in Keycloak. Throwing here would make Keycloak mark them
            // disabled, returning null would delete them.
            LOG.warnf("Portailpro directory unavailable, user %s kept as last seen: %s", local.getId(), e.getMessage());
            return wrap(local, lastKnownStatus(local));
        }
        if (account.isEmpty()) {
            LOG.infof("Portailpro account of user %s no longer exists: user invalid", local.getId());
            return null;
        }
        PortailproAccount a = account.get();
        if (a.status() == PortailproAccount.Status.CLOSED) {
            LOG.infof("Portailpro account %s is CLOSED: user %s invalid", a.id(), local.getId());
            return null;
        }
        if (portailproId == null) {
            local.setSingleAttribute(PortailproUserModel.ATTR_PORTAILPRO_ID, a.id());
        }
        importer.refresh(realm, local, a);
        remember(a);
        primeLater(realm, local);
        return wrap(local, a.status());
    }

    /**
     * Asks for the username → user entry of Keycloak's user cache to be filled once this request
     * has committed (see {@link PortailproUsernameCachePrimer} for why Keycloak leaves it empty).
     */
    private void primeLater(RealmModel realm, UserModel local) {
        if (!cached || local.getUsername() == null
                || (toPrime != null && toPrime.size() >= PortailproUsernameCachePrimer.PER_REQUEST)
                || PortailproUsernameCachePrimer.isPrimingSession(session) || UserStorageUtil.userCache(session) == null) {
            return;
        }
        if (toPrime == null) {
            toPrime = PortailproUsernameCachePrimer.afterCommit(session, realm.getId());
        }
        toPrime.add(local.getUsername());
    }

    private static PortailproAccount.Status lastKnownStatus(UserModel local) {
        return PortailproAccount.Status.parse(Objects.requireNonNullElse(
                local.getFirstAttribute(PortailproUserModel.ATTR_STATUS), "ACTIVE"));
    }

    // ----- search and count (admin console) --------------------------------------------------------

    /**
     * The directory part of an admin list. Keycloak's UserStorageManager lists its own store first
     * (imported users included) and then asks this provider for the rest, with the offset already
     * reduced by the number of local matches. So this provider's list is "ACTIVE accounts matching,
     * not imported yet", ordered by identifiant: imported ids are excluded IN SQL, which keeps
     * LIMIT/OFFSET exact (no row twice, none skipped, full pages). Listed accounts are imported (as
     * Keycloak's LDAP provider does) so that the console can open them by their Keycloak id.
     *
     * <p>Above {@link #EXCLUSION_LIMIT} imported users (after a full synchronisation nearly every
     * account is imported and Keycloak lists them from its own store) the exclusion list would cost
     * more than it saves: the offset is then applied to the directory as LDAP does and imported
     * rows are skipped after reading, topping the page up.
     */
    @Override
    public Stream<UserModel> searchForUserStream(RealmModel realm, Map<String, String> params, Integer firstResult,
                                                 Integer maxResults) {
        PortailproSearch search = PortailproSearch.of(params);
        if (search.matchesNothing() || (maxResults != null && maxResults <= 0) || heldLocally(realm, params)) {
            return Stream.empty();
        }
        Optional<Set<String>> excluded = importedIds(realm);
        List<PortailproAccount> page = excluded.isPresent()
                ? directory("search", () -> repository.search(search, firstResult, maxResults, excluded.get()), List.of())
                : directory("search", () -> pageSkippingImported(realm, search, firstResult, maxResults), List.of());
        return page.stream()
                .map(a -> imported(realm, a))
                .filter(Objects::nonNull);
    }

    private List<PortailproAccount> pageSkippingImported(RealmModel realm, PortailproSearch search, Integer first,
                                                         Integer max) throws SQLException {
        int want = max == null ? Integer.MAX_VALUE : max;
        int batch = max == null ? Integer.MAX_VALUE : Math.max(50, Math.min(max * 2, 1000));
        int offset = first == null ? 0 : Math.max(0, first);
        List<PortailproAccount> out = new ArrayList<>();
        while (out.size() < want) {
            List<PortailproAccount> rows = repository.search(search, offset, batch == Integer.MAX_VALUE ? null : batch);
            for (PortailproAccount a : rows) {
                if (importer.findImported(realm, a.id()) == null) {
                    out.add(a);
                    if (out.size() == want) {
                        break;
                    }
                }
            }
            if (batch == Integer.MAX_VALUE || rows.size() < batch) {
                break;
            }
            offset += rows.size();
        }
        return out;
    }

    /**
     * An exact username (or email, when the realm forbids duplicates) that a user of Keycloak's
     * own store already holds: no other directory account can become a Keycloak user with it, so
     * the directory is not asked. This keeps a repeated admin lookup free of directory statements.
     */
    private boolean heldLocally(RealmModel realm, Map<String, String> params) {
        if (!Boolean.parseBoolean(params.get(UserModel.EXACT))) {
            return false;
        }
        try {
            String username = params.get(UserModel.USERNAME);
            if (username != null && importer.local().getUserByUsername(realm, username) != null) {
                return true;
            }
            String email = params.get(UserModel.EMAIL);
            return email != null && !realm.isDuplicateEmailsAllowed()
                    && importer.local().getUserByEmail(realm, email) != null;
        } catch (ModelException e) {
            return true; // several local users share it: certainly held
        }
    }

    /** Tests: the fallback paths above the limit, without importing 20 000 users. */
    void setExclusionLimit(int limit) {
        this.exclusionLimit = limit;
    }

    private Optional<Set<String>> importedIds(RealmModel realm) {
        if (importedIds == null) {
            importedIds = importer.importedIds(realm, exclusionLimit);
        }
        return importedIds;
    }

    @Override
    public Stream<UserModel> getGroupMembersStream(RealmModel realm, GroupModel group, Integer firstResult,
                                                   Integer maxResults) {
        // Group membership lives on imported users, in Keycloak's local storage.
        return Stream.empty();
    }

    @Override
    public Stream<UserModel> searchForUserByUserAttributeStream(RealmModel realm, String attrName, String attrValue) {
        if (!PortailproUserModel.ATTR_SIRET.equals(attrName) || attrValue == null) {
            return Stream.empty();
        }
        return searchForUserStream(realm, Map.of(PortailproSearch.ATTR_SIRET, attrValue), 0, 100);
    }

    /*
     * Counts. Keycloak adds the count of its own store (imported users included) to the count of
     * every provider: so this provider counts the accounts that Keycloak's store does not hold,
     * which is exactly what its search lists. Each user is counted once.
     */

    @Override
    public int getUsersCount(RealmModel realm, boolean includeServiceAccount) {
        return count(realm, Map.of());
    }

    @Override
    public int getUsersCount(RealmModel realm) {
        return count(realm, Map.of());
    }

    @Override
    public int getUsersCount(RealmModel realm, Map<String, String> params) {
        return count(realm, params);
    }

    @Override
    @SuppressWarnings("deprecation")
    public int getUsersCount(RealmModel realm, String search) {
        return count(realm, search == null ? Map.of() : Map.of(UserModel.SEARCH, search));
    }

    // Group filters: directory accounts belong to no group (imported users are counted locally).
    @Override
    public int getUsersCount(RealmModel realm, Set<String> groupIds) {
        return 0;
    }

    @Override
    @SuppressWarnings("deprecation")
    public int getUsersCount(RealmModel realm, String search, Set<String> groupIds) {
        return 0;
    }

    @Override
    public int getUsersCount(RealmModel realm, Map<String, String> params, Set<String> groupIds) {
        return 0;
    }

    private int count(RealmModel realm, Map<String, String> params) {
        PortailproSearch search = PortailproSearch.of(params);
        if (search.matchesNothing()) {
            return 0;
        }
        Optional<Set<String>> excluded = importedIds(realm);
        if (excluded.isPresent()) {
            return directory("count", () -> repository.count(search, excluded.get()), 0);
        }
        // Too many imported users to exclude by id: subtract those Keycloak counts itself, i.e.
        // its users matching the same criteria and last seen ACTIVE (exact while imported users
        // mirror their rows, as READ_ONLY keeps them).
        int directory = directory("count", () -> repository.count(search), 0);
        Map<String, String> importedActive = new HashMap<>(params);
        importedActive.put(PortailproUserModel.ATTR_STATUS, PortailproAccount.Status.ACTIVE.name());
        return Math.max(0, directory - importer.local().getUsersCount(realm, importedActive));
    }

    // ----- user profile ------------------------------------------------------------------------------

    /**
     * READ_ONLY: the Portailpro fields are shown read-only to admins and users (Keycloak calls this
     * only for users federated by this component), so the forms do not offer edits the model would
     * refuse, and a required-but-empty Portailpro field never blocks a login.
     */
    @Override
    public List<AttributeMetadata> decorateUserProfile(String providerId, UserProfileMetadata metadata) {
        if (!config.isReadOnly() || metadata == null) {
            return List.of();
        }
        List<AttributeMetadata> decorated = new ArrayList<>();
        for (String name : List.of(UserModel.USERNAME, UserModel.EMAIL, UserModel.FIRST_NAME, UserModel.LAST_NAME,
                PortailproUserModel.ATTR_SIRET)) {
            List<AttributeMetadata> existing = metadata.getAttribute(name);
            if (existing != null) {
                existing.forEach(m -> decorated.add(m.clone().addWriteCondition(AttributeMetadata.ALWAYS_FALSE)));
            }
        }
        return decorated;
    }

    @Override
    public void close() {
        // The pool belongs to the factory; nothing per request to release.
    }
}
