package fr.douane.keycloak.portailpro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.UserModel;
import org.keycloak.storage.ReadOnlyException;
import org.keycloak.storage.UserStorageProvider;

/** Provider behaviour: real PostgreSQL directory, Keycloak's local store faked in memory. */
class PortailproUserStorageProviderTest {

    private static PortailproDb db;
    private PortailproUserStorageProviderFactory factory;
    private FakeKeycloak kc;
    private PortailproUserStorageProvider provider;

    @BeforeAll
    static void startDb() throws Exception {
        db = PortailproDb.start(false);
    }

    @AfterAll
    static void stopDb() throws Exception {
        db.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        db.exec("TRUNCATE portailpro_account");
        db.runFile("02-demo-seed.sql");
        factory = new PortailproUserStorageProviderFactory();
        useMode("READ_ONLY");
    }

    private void useMode(String mode) {
        kc = new FakeKeycloak(db.jdbcUrl(), mode);
        provider = factory.create(kc.session, kc.model());
    }

    @AfterEach
    void tearDown() {
        factory.close();
    }

    @Test
    void lookupByIdentifiantImportsWithFederationLink() {
        UserModel user = provider.getUserByUsername(kc.realm, "MARIE.DUPONT@exemple.fr");
        assertThat(user).isInstanceOf(PortailproUserModel.class);
        assertThat(user.isEnabled()).isTrue();
        InMemoryUser local = kc.importedByPortailproId("pp-0001");
        assertThat(local.getFederationLink()).isEqualTo("component-1");
        assertThat(local.getUsername()).isEqualTo("marie.dupont@exemple.fr");
        assertThat(local.getEmail()).isEqualTo("marie.dupont@exemple.fr");
        assertThat(local.isEmailVerified()).isTrue();
        assertThat(local.getFirstName()).isEqualTo("Marie");
        assertThat(local.getLastName()).isEqualTo("Dupont");
        assertThat(local.getFirstAttribute("siret")).isEqualTo("12345678900011");
        assertThat(local.getFirstAttribute(PortailproUserModel.ATTR_STATUS)).isEqualTo("ACTIVE");
        // A second lookup finds the imported user, no second import.
        assertThat(provider.getUserByUsername(kc.realm, "marie.dupont@exemple.fr").getId()).isEqualTo(local.getId());
        assertThat(kc.users).hasSize(1);
    }

    @Test
    void lookupByEmailAndByStorageId() {
        assertThat(provider.getUserByEmail(kc.realm, "Jean.Martin@EXEMPLE.fr").getUsername()).isEqualTo("jean.martin@exemple.fr");
        assertThat(provider.getUserById(kc.realm, "f:component-1:pp-0005").getUsername()).isEqualTo("sophie.bernard@exemple.fr");
        assertThat(kc.users).hasSize(2);
    }

    @Test
    void suspendedClosedAndUnknownAccountsAreNotFound() {
        assertThat(provider.getUserByUsername(kc.realm, "suspendu@exemple.fr")).isNull();
        assertThat(provider.getUserByEmail(kc.realm, "suspendu@exemple.fr")).isNull();
        assertThat(provider.getUserByUsername(kc.realm, "ferme@exemple.fr")).isNull();
        assertThat(provider.getUserByEmail(kc.realm, "ferme@exemple.fr")).isNull();
        assertThat(provider.getUserById(kc.realm, "f:component-1:pp-0004")).isNull();
        assertThat(provider.getUserByUsername(kc.realm, "inconnu@exemple.fr")).isNull();
        assertThat(provider.getUserByUsername(kc.realm, "")).isNull();
        assertThat(provider.getUserByEmail(kc.realm, null)).isNull();
        assertThat(kc.users).isEmpty();
    }

    @Test
    void injectionStringsFindNobody() {
        for (String attack : List.of("' OR '1'='1", "x' OR 1=1 --", "*", "%", "marie.dupont@exemple.fr' --")) {
            assertThat(provider.getUserByUsername(kc.realm, attack)).as(attack).isNull();
            assertThat(provider.getUserByEmail(kc.realm, attack)).as(attack).isNull();
            assertThat(provider.searchForUserStream(kc.realm, Map.of(UserModel.SEARCH, attack + "'"), 0, 10)).as(attack).isEmpty();
        }
        assertThat(kc.users).isEmpty();
    }

    @Test
    void localUserWithTheSameUsernameIsNeverTakenOver() {
        InMemoryUser mine = kc.localUser("marie.dupont@exemple.fr", null);
        assertThat(provider.getUserByUsername(kc.realm, "marie.dupont@exemple.fr")).isNull();
        assertThat(kc.users).containsOnlyKeys(mine.getId());
        assertThat(mine.getFederationLink()).isNull();
    }

    @Test
    void emailHeldByAnotherUserIsNotCopied() {
        InMemoryUser other = kc.localUser("someone", null);
        other.setEmail("jean.martin@exemple.fr");
        // By username: imported, without the email the realm already gave to someone else.
        UserModel jean = provider.getUserByUsername(kc.realm, "jean.martin@exemple.fr");
        assertThat(jean).isNotNull();
        assertThat(jean.getEmail()).isNull();
        // By email: not this user.
        assertThat(provider.getUserByEmail(kc.realm, "jean.martin@exemple.fr")).isNull();
    }

    @Test
    void emailSharedByTwoAccountsIsADuplicateAndImportsNobody() throws Exception {
        db.exec("UPDATE portailpro_account SET email = 'jean.martin@exemple.fr' WHERE id = 'pp-0005'");
        assertThatThrownBy(() -> provider.getUserByEmail(kc.realm, "jean.martin@exemple.fr"))
                .isInstanceOf(ModelDuplicateException.class)
                .extracting(e -> ((ModelDuplicateException) e).getDuplicateFieldName()).isEqualTo(UserModel.EMAIL);
        assertThat(kc.users).isEmpty();
    }

    @Test
    void validateFollowsStatusChanges() throws Exception {
        provider.getUserByUsername(kc.realm, "marie.dupont@exemple.fr");
        InMemoryUser local = kc.importedByPortailproId("pp-0001");

        db.exec("UPDATE portailpro_account SET status = 'SUSPENDED' WHERE id = 'pp-0001'");
        UserModel suspended = provider.validate(kc.realm, local);
        assertThat(suspended).isNotNull();
        assertThat(suspended.isEnabled()).as("suspended = disabled").isFalse();
        assertThat(local.isEnabled()).as("stored flag untouched").isTrue();
        assertThat(local.getFirstAttribute(PortailproUserModel.ATTR_STATUS)).isEqualTo("SUSPENDED");

        db.exec("UPDATE portailpro_account SET status = 'ACTIVE', first_name = 'Marie-Anne' WHERE id = 'pp-0001'");
        UserModel active = provider.validate(kc.realm, local);
        assertThat(active.isEnabled()).isTrue();
        assertThat(local.getFirstName()).as("READ_ONLY refreshes attributes").isEqualTo("Marie-Anne");

        db.exec("UPDATE portailpro_account SET status = 'CLOSED' WHERE id = 'pp-0001'");
        assertThat(provider.validate(kc.realm, local)).as("closed = invalid, Keycloak removes it").isNull();

        db.exec("DELETE FROM portailpro_account WHERE id = 'pp-0001'");
        assertThat(provider.validate(kc.realm, local)).as("gone = invalid").isNull();
    }

    @Test
    void validateFollowsIdentifiantAndEmailChanges() throws Exception {
        provider.getUserByUsername(kc.realm, "jean.martin@exemple.fr");
        InMemoryUser local = kc.importedByPortailproId("pp-0002");
        db.exec("UPDATE portailpro_account SET identifiant = 'j.martin@exemple.fr', email = 'J.Martin@exemple.fr' WHERE id = 'pp-0002'");
        provider.validate(kc.realm, local);
        assertThat(local.getUsername()).isEqualTo("j.martin@exemple.fr");
        assertThat(local.getEmail()).isEqualTo("j.martin@exemple.fr");
        // Found under the new identifiant, still the same user.
        assertThat(provider.getUserByUsername(kc.realm, "j.martin@exemple.fr").getId()).isEqualTo(local.getId());
        assertThat(kc.users).hasSize(1);
    }

    @Test
    void readOnlyModeProtectsPortailproAttributesButNotThePasswordFlow() {
        UserModel user = provider.getUserByUsername(kc.realm, "marie.dupont@exemple.fr");
        assertThatThrownBy(() -> user.setEmail("autre@exemple.fr")).isInstanceOf(ReadOnlyException.class);
        assertThatThrownBy(() -> user.setFirstName("Autre")).isInstanceOf(ReadOnlyException.class);
        assertThatThrownBy(() -> user.setLastName("Autre")).isInstanceOf(ReadOnlyException.class);
        assertThatThrownBy(() -> user.setUsername("autre")).isInstanceOf(ReadOnlyException.class);
        assertThatThrownBy(() -> user.setSingleAttribute("siret", "00000000000000")).isInstanceOf(ReadOnlyException.class);
        assertThatThrownBy(() -> user.setAttribute(UserModel.FIRST_NAME, List.of("Autre"))).isInstanceOf(ReadOnlyException.class);
        assertThatThrownBy(() -> user.removeAttribute(PortailproUserModel.ATTR_PORTAILPRO_ID)).isInstanceOf(ReadOnlyException.class);
        assertThatThrownBy(() -> user.setFederationLink(null)).isInstanceOf(ReadOnlyException.class);
        // Unchanged values, as the admin console re-submits them, are accepted.
        user.setEmail("Marie.Dupont@exemple.fr");
        user.setFirstName("Marie");
        user.setAttribute(UserModel.LAST_NAME, List.of("Dupont"));
        // What the reset flow and an admin need stays writable.
        user.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD.name());
        user.removeRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD.name());
        user.setSingleAttribute("locale", "fr");
        user.setEnabled(false);
        assertThat(kc.importedByPortailproId("pp-0001").isEnabled()).isFalse();
    }

    @Test
    void unsyncedModeKeepsLocalEditsAndStillFollowsStatus() throws Exception {
        useMode("UNSYNCED");
        UserModel user = provider.getUserByUsername(kc.realm, "marie.dupont@exemple.fr");
        user.setFirstName("Marie-Locale");
        user.setEmail("marie.locale@exemple.fr");
        InMemoryUser local = kc.importedByPortailproId("pp-0001");
        assertThat(local.getFirstName()).isEqualTo("Marie-Locale");
        db.exec("UPDATE portailpro_account SET status = 'SUSPENDED', first_name = 'Marie-Portail' WHERE id = 'pp-0001'");
        UserModel validated = provider.validate(kc.realm, local);
        assertThat(validated.isEnabled()).isFalse();
        assertThat(local.getFirstName()).isEqualTo("Marie-Locale");
        assertThatThrownBy(() -> validated.setSingleAttribute(PortailproUserModel.ATTR_PORTAILPRO_ID, "pp-9"))
                .isInstanceOf(ReadOnlyException.class);
    }

    @Test
    void searchListsTheAccountsNotImportedYetPagedExactlyInSql() {
        // The 8 ACTIVE accounts in identifiant order: francois, helene, jean, luc, marie, sans.courriel, sophie, zoe.
        List<UserModel> page1 = provider.searchForUserStream(kc.realm, Map.of(UserModel.SEARCH, "*"), 0, 3).toList();
        assertThat(page1).extracting(UserModel::getUsername)
                .containsExactly("francois.moreau@exemple.fr", "helene.leroy@exemple.fr", "jean.martin@exemple.fr");
        assertThat(kc.users).hasSize(3);
        // Keycloak's local search lists those 3 now, and reduces the offset by 3 before asking the
        // provider: the provider's list is the 5 others, excluded by id in SQL (full pages, no repeat).
        PortailproUserStorageProvider next = factory.create(kc.session, kc.model());
        assertThat(next.searchForUserStream(kc.realm, Map.of(UserModel.SEARCH, "*"), 0, 3).toList())
                .extracting(UserModel::getUsername)
                .containsExactly("luc.petit@exemple.fr", "marie.dupont@exemple.fr", "sans.courriel.0010");
        PortailproUserStorageProvider last = factory.create(kc.session, kc.model());
        assertThat(last.searchForUserStream(kc.realm, Map.of(UserModel.SEARCH, "*"), 1, 3).toList())
                .extracting(UserModel::getUsername).containsExactly("zoe.lefevre@exemple.fr");
        assertThat(factory.create(kc.session, kc.model()).searchForUserByUserAttributeStream(kc.realm, "siret", "40483304800022").toList())
                .extracting(UserModel::getUsername).containsExactly("sophie.bernard@exemple.fr");
        // Marie was imported by the second page: found by Keycloak's local attribute search, not here.
        assertThat(factory.create(kc.session, kc.model()).searchForUserByUserAttributeStream(kc.realm, "siret", "12345678900011")).isEmpty();
        assertThat(provider.searchForUserByUserAttributeStream(kc.realm, "other", "x")).isEmpty();
    }

    @Test
    void aboveTheExclusionLimitPagesSkipImportedRowsAndCountsSubtractKeycloaksOwn() {
        provider.searchForUserStream(kc.realm, Map.of(UserModel.SEARCH, "*"), 0, 3).toList(); // 3 imported
        org.mockito.Mockito.when(kc.local.getUsersCount(org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.<Map<String, String>>any())).thenAnswer(inv -> {
                    Map<String, String> params = inv.getArgument(1);
                    return (int) kc.users.values().stream().filter(u -> params.get(PortailproUserModel.ATTR_STATUS)
                            .equals(u.getFirstAttribute(PortailproUserModel.ATTR_STATUS))).count();
                });
        PortailproUserStorageProvider p = factory.create(kc.session, kc.model());
        p.setExclusionLimit(2);
        // Offset applied to the directory as LDAP does, imported rows skipped, the page topped up.
        assertThat(p.searchForUserStream(kc.realm, Map.of(UserModel.SEARCH, "*"), 0, 3).toList())
                .extracting(UserModel::getUsername)
                .containsExactly("luc.petit@exemple.fr", "marie.dupont@exemple.fr", "sans.courriel.0010");
        PortailproUserStorageProvider q = factory.create(kc.session, kc.model());
        q.setExclusionLimit(2);
        assertThat(q.getUsersCount(kc.realm, Map.of(UserModel.SEARCH, "*"))).as("8 ACTIVE - 6 imported ACTIVE").isEqualTo(2);
        assertThat(q.searchForUserStream(kc.realm, Map.of(UserModel.SEARCH, "*"), null, null).toList())
                .extracting(UserModel::getUsername).containsExactly("sophie.bernard@exemple.fr", "zoe.lefevre@exemple.fr");
    }

    @Test
    void anExactUsernameOrEmailHeldLocallyIsNotAskedToTheDirectory() throws Exception {
        provider.getUserByUsername(kc.realm, "luc.petit@exemple.fr");
        db.exec("ALTER TABLE portailpro_account RENAME TO portailpro_account_away"); // any statement would fail
        try {
            PortailproUserStorageProvider p = factory.create(kc.session, kc.model());
            assertThat(p.searchForUserStream(kc.realm, Map.of(UserModel.EMAIL, "LUC.PETIT@exemple.fr", UserModel.EXACT, "true"), null, null)).isEmpty();
            assertThat(p.searchForUserStream(kc.realm, Map.of(UserModel.USERNAME, "luc.petit@exemple.fr", UserModel.EXACT, "true"), 0, 10)).isEmpty();
        } finally {
            db.exec("ALTER TABLE portailpro_account_away RENAME TO portailpro_account");
        }
        // Not exact: the directory is asked (and the user, imported, is Keycloak's to list).
        assertThat(factory.create(kc.session, kc.model()).searchForUserStream(kc.realm, Map.of(UserModel.EMAIL, "luc.petit"), 0, 10)).isEmpty();
        assertThat(factory.create(kc.session, kc.model()).searchForUserStream(kc.realm, Map.of(UserModel.EMAIL, "jean.martin@exemple.fr", UserModel.EXACT, "true"), 0, 10))
                .extracting(UserModel::getUsername).containsExactly("jean.martin@exemple.fr");
    }

    @Test
    void countsComeFromSql() {
        assertThat(provider.getUsersCount(kc.realm)).isEqualTo(8);
        assertThat(provider.getUsersCount(kc.realm, true)).isEqualTo(8);
        assertThat(provider.getUsersCount(kc.realm, Map.of(UserModel.SEARCH, "mar"))).isEqualTo(2);
        assertThat(provider.getUsersCount(kc.realm, Map.of(UserModel.EMAIL, "luc"))).isEqualTo(1);
        assertThat(provider.getUsersCount(kc.realm, java.util.Set.of("group-1"))).isZero();
        assertThat(kc.users).as("counting imports nobody").isEmpty();
    }

    @Test
    void importedAccountsAreCountedByKeycloakNotTwice() {
        provider.getUserByUsername(kc.realm, "marie.dupont@exemple.fr");
        provider.getUserByUsername(kc.realm, "luc.petit@exemple.fr");
        PortailproUserStorageProvider p = factory.create(kc.session, kc.model());
        // Keycloak counts its 2 local users itself; the provider counts the 6 others.
        assertThat(p.getUsersCount(kc.realm, Map.of(UserModel.INCLUDE_SERVICE_ACCOUNT, "false"))).isEqualTo(6);
        assertThat(p.getUsersCount(kc.realm, Map.of(UserModel.SEARCH, "mar"))).as("marie imported, martin not").isEqualTo(1);
    }

    @Test
    void aValidationIsRememberedOnThisNodeForTenSecondsUnlessTheCachePolicyIsNoCache() throws Exception {
        kc.component.setCachePolicy(org.keycloak.storage.UserStorageProviderModel.CachePolicy.DEFAULT);
        PortailproUserStorageProvider p = factory.create(kc.session, kc.model());
        p.getUserByUsername(kc.realm, "marie.dupont@exemple.fr");
        InMemoryUser local = kc.importedByPortailproId("pp-0001");
        db.exec("UPDATE portailpro_account SET status = 'SUSPENDED' WHERE id = 'pp-0001'");
        assertThat(p.validate(kc.realm, local).isEnabled()).as("read less than 10 s ago: not read again").isTrue();
        factory.memo().forget("component-1", "pp-0001"); // what a synchronisation does
        assertThat(p.validate(kc.realm, local).isEnabled()).isFalse();
        assertThat(factory.memo().size()).isEqualTo(1);
    }

    @Test
    void aStatusAnotherNodeOrASynchronisationStoredWinsOverThisNodesMemo() throws Exception {
        kc.component.setCachePolicy(org.keycloak.storage.UserStorageProviderModel.CachePolicy.DEFAULT);
        PortailproUserStorageProvider p = factory.create(kc.session, kc.model());
        p.getUserByUsername(kc.realm, "marie.dupont@exemple.fr");
        InMemoryUser local = kc.importedByPortailproId("pp-0001");
        assertThat(local.getFirstAttribute(PortailproUserModel.ATTR_STATUS)).isEqualTo("ACTIVE");
        // A synchronisation on another node read the suspension, stored it and evicted the user;
        // this node still remembers ACTIVE from its own read a moment ago.
        db.exec("UPDATE portailpro_account SET status = 'SUSPENDED' WHERE id = 'pp-0001'");
        local.setSingleAttribute(PortailproUserModel.ATTR_STATUS, "SUSPENDED");
        assertThat(factory.memo().recent("component-1", "pp-0001", System.currentTimeMillis()))
                .isEqualTo(PortailproAccount.Status.ACTIVE);
        assertThat(p.validate(kc.realm, local).isEnabled()).as("the directory is read, not the memo").isFalse();
        assertThat(factory.memo().recent("component-1", "pp-0001", System.currentTimeMillis()))
                .isEqualTo(PortailproAccount.Status.SUSPENDED);
    }

    @Test
    void validatedUsersGetTheirUsernameCachedAfterTheRequestCommitsAtMostTwoPerRequest() throws Exception {
        kc.component.setCachePolicy(org.keycloak.storage.UserStorageProviderModel.CachePolicy.DEFAULT);
        PortailproUserStorageProvider importer = factory.create(kc.session, kc.model());
        for (String identifiant : List.of("marie.dupont@exemple.fr", "jean.martin@exemple.fr", "luc.petit@exemple.fr")) {
            importer.getUserByUsername(kc.realm, identifiant);
        }
        org.keycloak.models.KeycloakTransactionManager tm = kc.session.getTransactionManager();
        org.mockito.Mockito.clearInvocations(tm, kc.local);
        PortailproUserStorageProvider request = factory.create(kc.session, kc.model());
        for (String id : List.of("pp-0001", "pp-0002", "pp-0006")) {
            assertThat(request.validate(kc.realm, kc.importedByPortailproId(id))).isNotNull();
        }
        org.mockito.ArgumentCaptor<org.keycloak.models.KeycloakTransaction> afterCommit =
                org.mockito.ArgumentCaptor.forClass(org.keycloak.models.KeycloakTransaction.class);
        org.mockito.Mockito.verify(tm).enlistAfterCompletion(afterCommit.capture());
        org.mockito.Mockito.verify(kc.local, org.mockito.Mockito.never()).getUserByUsername(org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.anyString());

        afterCommit.getValue().begin();
        afterCommit.getValue().commit();
        org.mockito.Mockito.verify(kc.local).getUserByUsername(kc.realm, "marie.dupont@exemple.fr");
        org.mockito.Mockito.verify(kc.local).getUserByUsername(kc.realm, "jean.martin@exemple.fr");
        org.mockito.Mockito.verify(kc.local, org.mockito.Mockito.never()).getUserByUsername(kc.realm, "luc.petit@exemple.fr");
        org.mockito.Mockito.verify(kc.session).setAttribute(PortailproUsernameCachePrimer.PRIMING_SESSION, Boolean.TRUE);
    }

    @Test
    void nothingIsPrimedUnderNoCacheOrFromThePrimingSessionOrAfterARollback() throws Exception {
        provider.getUserByUsername(kc.realm, "marie.dupont@exemple.fr");
        InMemoryUser local = kc.importedByPortailproId("pp-0001");
        org.keycloak.models.KeycloakTransactionManager tm = kc.session.getTransactionManager();
        provider.validate(kc.realm, local);
        org.mockito.Mockito.verify(tm, org.mockito.Mockito.never()).enlistAfterCompletion(org.mockito.ArgumentMatchers.any());

        kc.component.setCachePolicy(org.keycloak.storage.UserStorageProviderModel.CachePolicy.DEFAULT);
        org.mockito.Mockito.when(kc.session.getAttribute(PortailproUsernameCachePrimer.PRIMING_SESSION)).thenReturn(Boolean.TRUE);
        factory.create(kc.session, kc.model()).validate(kc.realm, local);
        org.mockito.Mockito.verify(tm, org.mockito.Mockito.never()).enlistAfterCompletion(org.mockito.ArgumentMatchers.any());

        org.mockito.Mockito.when(kc.session.getAttribute(PortailproUsernameCachePrimer.PRIMING_SESSION)).thenReturn(null);
        factory.create(kc.session, kc.model()).validate(kc.realm, local);
        org.mockito.ArgumentCaptor<org.keycloak.models.KeycloakTransaction> afterCommit =
                org.mockito.ArgumentCaptor.forClass(org.keycloak.models.KeycloakTransaction.class);
        org.mockito.Mockito.verify(tm).enlistAfterCompletion(afterCommit.capture());
        org.mockito.Mockito.clearInvocations(kc.local);
        afterCommit.getValue().begin();
        afterCommit.getValue().rollback();
        org.mockito.Mockito.verify(kc.local, org.mockito.Mockito.never()).getUserByUsername(org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.anyString());
    }

    @Test
    void userProfileShowsPortailproFieldsReadOnlyInReadOnlyMode() {
        org.keycloak.userprofile.UserProfileMetadata metadata =
                new org.keycloak.userprofile.UserProfileMetadata(org.keycloak.userprofile.UserProfileContext.USER_API);
        metadata.addAttribute(UserModel.EMAIL, 1);
        metadata.addAttribute(UserModel.FIRST_NAME, 2);
        metadata.addAttribute("phone", 3);
        org.keycloak.userprofile.AttributeContext ctx = org.mockito.Mockito.mock(org.keycloak.userprofile.AttributeContext.class);
        var decorated = provider.decorateUserProfile("component-1", metadata);
        assertThat(decorated).extracting(org.keycloak.userprofile.AttributeMetadata::getName)
                .containsExactlyInAnyOrder(UserModel.EMAIL, UserModel.FIRST_NAME);
        assertThat(decorated).allMatch(m -> m.isReadOnly(ctx));
        assertThat(metadata.getAttribute(UserModel.EMAIL).get(0).isReadOnly(ctx)).as("realm metadata untouched").isFalse();
        useMode("UNSYNCED");
        assertThat(provider.decorateUserProfile("component-1", metadata)).isEmpty();
    }

    @Test
    void configDefaults() {
        PortailproConfig c = new PortailproConfig(new org.keycloak.component.ComponentModel());
        assertThat(c.getPoolSize()).isEqualTo(8);
        assertThat(c.getQueryTimeoutSeconds()).isEqualTo(5);
        assertThat(c.getConnectTimeoutSeconds()).isEqualTo(3);
        assertThat(c.getEditMode()).isEqualTo(UserStorageProvider.EditMode.READ_ONLY);
        org.keycloak.component.ComponentModel m = new org.keycloak.component.ComponentModel();
        m.getConfig().putSingle(PortailproConfig.POOL_SIZE, "abc");
        m.getConfig().putSingle(PortailproConfig.EDIT_MODE, "WRITABLE");
        assertThat(new PortailproConfig(m).getPoolSize()).isEqualTo(8);
        assertThat(new PortailproConfig(m).getEditMode()).as("never WRITABLE").isEqualTo(UserStorageProvider.EditMode.READ_ONLY);
    }
}
