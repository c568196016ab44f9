package fr.douane.keycloak.portailpro;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.nullable;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.KeycloakTransactionManager;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RealmProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.models.cache.UserCache;
import org.keycloak.storage.DatastoreProvider;
import org.keycloak.storage.UserStorageProviderModel;
import org.keycloak.storage.datastore.DefaultDatastoreProvider;

/**
 * Just enough Keycloak for provider and synchronisation tests: one realm, a local user store kept
 * in a map, sessions whose transactions do nothing. Keycloak itself is exercised by the lead's
 * integration tests against a real server.
 */
final class FakeKeycloak {

    final Map<String, InMemoryUser> users = new ConcurrentHashMap<>();
    final RealmModel realm = mock(RealmModel.class);
    final UserProvider local = mock(UserProvider.class);
    final KeycloakSessionFactory sessionFactory = mock(KeycloakSessionFactory.class);
    final KeycloakSession session = mock(KeycloakSession.class);
    final UserCache userCache = mock(UserCache.class);
    final UserStorageProviderModel component = new UserStorageProviderModel();
    private final AtomicInteger ids = new AtomicInteger();

    FakeKeycloak(String jdbcUrl, String editMode) {
        component.setId("component-1");
        component.setName("portailpro");
        component.setProviderId(PortailproUserStorageProviderFactory.PROVIDER_ID);
        component.getConfig().putSingle(PortailproConfig.JDBC_URL, jdbcUrl);
        component.getConfig().putSingle(PortailproConfig.JDBC_USER, "postgres");
        component.getConfig().putSingle(PortailproConfig.EDIT_MODE, editMode);
        component.getConfig().putSingle(PortailproConfig.CONNECT_TIMEOUT_SECONDS, "1");
        component.getConfig().putSingle(PortailproConfig.QUERY_TIMEOUT_SECONDS, "2");
        // Every validation reads the directory (no per-node memo), unless a test asks for the memo.
        component.setCachePolicy(UserStorageProviderModel.CachePolicy.NO_CACHE);

        when(realm.getId()).thenReturn("douane");
        when(realm.isDuplicateEmailsAllowed()).thenReturn(false);

        DefaultDatastoreProvider datastore = mock(DefaultDatastoreProvider.class);
        when(datastore.userLocalStorage()).thenReturn(local);
        doReturn(datastore).when(session).getProvider(DatastoreProvider.class);
        when(session.users()).thenReturn(local);
        RealmProvider realms = mock(RealmProvider.class);
        when(realms.getRealm("douane")).thenReturn(realm);
        when(session.realms()).thenReturn(realms);
        when(session.getKeycloakSessionFactory()).thenReturn(sessionFactory);
        when(session.getAttribute(anyString())).thenReturn(null);
        when(session.getContext()).thenReturn(mock(org.keycloak.models.KeycloakContext.class));
        doReturn(userCache).when(session).getProvider(UserCache.class);
        when(session.getTransactionManager()).thenReturn(mock(KeycloakTransactionManager.class));
        when(sessionFactory.create()).thenReturn(session);

        when(local.addUser(any(), anyString())).thenAnswer(inv -> {
            InMemoryUser u = new InMemoryUser("local-" + ids.incrementAndGet(), inv.getArgument(1));
            users.put(u.getId(), u);
            return u;
        });
        when(local.getUserById(any(), anyString())).thenAnswer(inv -> users.get((String) inv.getArgument(1)));
        when(local.getUserByUsername(any(), anyString())).thenAnswer(inv -> users.values().stream()
                .filter(u -> u.getUsername().equalsIgnoreCase(inv.getArgument(1))).findFirst().orElse(null));
        when(local.getUserByEmail(any(), anyString())).thenAnswer(inv -> users.values().stream()
                .filter(u -> ((String) inv.getArgument(1)).equalsIgnoreCase(u.getEmail())).findFirst().orElse(null));
        when(local.searchForUserByUserAttributeStream(any(), anyString(), anyString())).thenAnswer(inv -> users.values()
                .stream().filter(u -> Objects.equals(inv.getArgument(2), u.getFirstAttribute(inv.getArgument(1)))));
        when(local.searchForUserStream(any(), anyMap(), nullable(Integer.class), nullable(Integer.class))).thenAnswer(inv -> {
            List<UserModel> all = new ArrayList<>(users.values());
            all.sort((a, b) -> a.getUsername().compareTo(b.getUsername()));
            Integer first = inv.getArgument(2);
            Integer max = inv.getArgument(3);
            return all.stream().skip(first == null ? 0 : first).limit(max == null ? Long.MAX_VALUE : max);
        });
        when(local.removeUser(any(), any())).thenAnswer(inv -> users.remove(((UserModel) inv.getArgument(1)).getId()) != null);
    }

    InMemoryUser localUser(String username, String federationLink) {
        InMemoryUser u = new InMemoryUser("local-" + ids.incrementAndGet(), username);
        u.setFederationLink(federationLink);
        u.setEnabled(true);
        users.put(u.getId(), u);
        return u;
    }

    InMemoryUser importedByPortailproId(String portailproId) {
        return users.values().stream()
                .filter(u -> portailproId.equals(u.getFirstAttribute(PortailproUserModel.ATTR_PORTAILPRO_ID)))
                .findFirst().orElse(null);
    }

    ComponentModel model() {
        return component;
    }
}
