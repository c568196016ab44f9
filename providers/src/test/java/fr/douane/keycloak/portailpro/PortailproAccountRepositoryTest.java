package fr.douane.keycloak.portailpro;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.models.UserModel;

import com.zaxxer.hikari.HikariDataSource;

/** The DAO against a real PostgreSQL with the shipped DDL and demo seed (read-only tests). */
class PortailproAccountRepositoryTest {

    private static PortailproDb db;
    private static HikariDataSource ds;
    private static PortailproAccountRepository repo;

    @BeforeAll
    static void start() throws Exception {
        db = PortailproDb.start(true);
        ds = PortailproPools.create("test", db.config());
        repo = new PortailproAccountRepository(ds, 2);
    }

    @AfterAll
    static void stop() throws Exception {
        ds.close();
        db.close();
    }

    private static List<String> ids(List<PortailproAccount> accounts) {
        return accounts.stream().map(PortailproAccount::id).toList();
    }

    @Test
    void relationCheckPasses() throws Exception {
        repo.checkRelation();
    }

    @Test
    void findsByIdentifiantCaseInsensitively() throws Exception {
        PortailproAccount marie = repo.findByIdentifiant("MARIE.Dupont@Exemple.FR").orElseThrow();
        assertThat(marie.id()).isEqualTo("pp-0001");
        assertThat(marie.username()).isEqualTo("marie.dupont@exemple.fr");
        assertThat(marie.email()).isEqualTo("marie.dupont@exemple.fr");
        assertThat(marie.firstName()).isEqualTo("Marie");
        assertThat(marie.lastName()).isEqualTo("Dupont");
        assertThat(marie.siret()).isEqualTo("12345678900011");
        assertThat(marie.status()).isEqualTo(PortailproAccount.Status.ACTIVE);
        // Mixed case in the directory, lower case asked.
        assertThat(repo.findByIdentifiant("zoe.lefevre@exemple.fr").orElseThrow().id()).isEqualTo("pp-0009");
    }

    @Test
    void findsByIdWhateverTheStatus() throws Exception {
        assertThat(repo.findById("pp-0003").orElseThrow().status()).isEqualTo(PortailproAccount.Status.SUSPENDED);
        assertThat(repo.findById("pp-0004").orElseThrow().status()).isEqualTo(PortailproAccount.Status.CLOSED);
        assertThat(repo.findById("pp-9999")).isEmpty();
        assertThat(repo.findById("PP-0001")).as("ids are exact").isEmpty();
    }

    @Test
    void findsActiveAccountsByEmailCaseInsensitively() throws Exception {
        assertThat(ids(repo.findActiveByEmail("Jean.Martin@EXEMPLE.fr"))).containsExactly("pp-0002");
        assertThat(ids(repo.findActiveByEmail("ZOE.LEFEVRE@exemple.fr"))).containsExactly("pp-0009");
        assertThat(repo.findActiveByEmail("suspendu@exemple.fr")).isEmpty();
        assertThat(repo.findActiveByEmail("ferme@exemple.fr")).isEmpty();
        assertThat(repo.findActiveByEmail("inconnu@exemple.fr")).isEmpty();
    }

    @Test
    void findsByIdsInOneQuery() throws Exception {
        assertThat(ids(repo.findByIds(List.of("pp-0001", "pp-0004", "nope")))).containsExactlyInAnyOrder("pp-0001", "pp-0004");
        assertThat(repo.findByIds(List.of())).isEmpty();
    }

    @Test
    void searchAndCountArePagedInSqlOverActiveAccounts() throws Exception {
        PortailproSearch all = PortailproSearch.of(Map.of(UserModel.SEARCH, "*"));
        assertThat(repo.count(all)).isEqualTo(8);
        List<PortailproAccount> page1 = repo.search(all, 0, 3);
        List<PortailproAccount> page2 = repo.search(all, 3, 3);
        List<PortailproAccount> page3 = repo.search(all, 6, 3);
        assertThat(page1).hasSize(3);
        assertThat(page2).hasSize(3);
        assertThat(page3).hasSize(2);
        assertThat(ids(page1)).doesNotContainAnyElementsOf(ids(page2));
        assertThat(page1.get(0).identifiant()).isEqualTo("francois.moreau@exemple.fr");
        assertThat(repo.search(all, null, null)).hasSize(8).noneMatch(a -> a.status() != PortailproAccount.Status.ACTIVE);
        assertThat(repo.search(all, 0, 0)).isEmpty();
    }

    @Test
    void searchMatchesPrefixesOfIdentifiantEmailAndNames() throws Exception {
        assertThat(ids(repo.search(PortailproSearch.of(Map.of(UserModel.SEARCH, "MAR")), 0, 10)))
                .containsExactly("pp-0002", "pp-0001"); // jean.martin (last name), marie.dupont (identifiant)
        assertThat(ids(repo.search(PortailproSearch.of(Map.of(UserModel.SEARCH, "*dupont*")), 0, 10)))
                .containsExactly("pp-0001");
        assertThat(ids(repo.search(PortailproSearch.of(Map.of(UserModel.SEARCH, "\"luc.petit@exemple.fr\"")), 0, 10)))
                .containsExactly("pp-0006");
        assertThat(ids(repo.search(PortailproSearch.of(Map.of(UserModel.SEARCH, "\"luc\"")), 0, 10)))
                .containsExactly("pp-0006"); // exact first name
        assertThat(repo.count(PortailproSearch.of(Map.of(UserModel.SEARCH, "hélène")))).isEqualTo(1);
        assertThat(repo.count(PortailproSearch.of(Map.of(UserModel.SEARCH, "suspendu")))).isZero();
    }

    @Test
    void fieldFiltersAndSiret() throws Exception {
        assertThat(ids(repo.search(PortailproSearch.of(Map.of(UserModel.EMAIL, "jean")), 0, 10))).containsExactly("pp-0002");
        assertThat(repo.search(PortailproSearch.of(Map.of(UserModel.EMAIL, "jean", UserModel.EXACT, "true")), 0, 10)).isEmpty();
        assertThat(ids(repo.search(PortailproSearch.of(Map.of(UserModel.USERNAME, "JEAN.MARTIN@exemple.fr", UserModel.EXACT, "true")), 0, 10)))
                .containsExactly("pp-0002");
        assertThat(ids(repo.search(PortailproSearch.of(Map.of("siret", "123 456 789 00011")), 0, 10))).containsExactly("pp-0001");
        assertThat(repo.count(PortailproSearch.of(Map.of("someOtherAttribute", "x")))).isZero();
        assertThat(repo.count(PortailproSearch.of(Map.of(UserModel.ENABLED, "false")))).isZero();
    }

    @Test
    void injectionStringsAreData() throws Exception {
        String[] attacks = {
                "' OR '1'='1",
                "x' OR 1=1 --",
                "marie.dupont@exemple.fr'; DROP TABLE portailpro_account; --",
                "%", "_", "\\", "%' OR ''='", "\"", "*' UNION SELECT id, identifiant FROM portailpro_account --",
                "pp-0001' --"
        };
        for (String attack : attacks) {
            assertThat(repo.findByIdentifiant(attack)).as(attack).isEmpty();
            assertThat(repo.findActiveByEmail(attack)).as(attack).isEmpty();
            assertThat(repo.findById(attack)).as(attack).isEmpty();
            assertThat(repo.search(PortailproSearch.of(Map.of(UserModel.SEARCH, attack)), 0, 50)).as(attack).isEmpty();
            assertThat(repo.count(PortailproSearch.of(Map.of(UserModel.SEARCH, attack)))).as(attack).isZero();
            assertThat(repo.search(PortailproSearch.of(Map.of(UserModel.USERNAME, attack)), 0, 50)).as(attack).isEmpty();
            assertThat(repo.search(PortailproSearch.of(Map.of("siret", attack)), 0, 50)).as(attack).isEmpty();
        }
        assertThat(repo.count(PortailproSearch.of(Map.of()))).as("table intact").isEqualTo(8);
    }

    @Test
    void pagesEverythingByKeyset() throws Exception {
        List<PortailproAccount> first = repo.pageAll("", 4);
        List<PortailproAccount> second = repo.pageAll(first.get(3).id(), 4);
        List<PortailproAccount> third = repo.pageAll(second.get(3).id(), 4);
        assertThat(ids(first)).containsExactly("pp-0001", "pp-0002", "pp-0003", "pp-0004");
        assertThat(ids(second)).containsExactly("pp-0005", "pp-0006", "pp-0007", "pp-0008");
        assertThat(ids(third)).containsExactly("pp-0009", "pp-0010");
    }

    @Test
    void changedSinceIsOrderedAndPagedByKeyset() throws Exception {
        Instant since = Instant.parse("2026-01-07T00:00:00Z");
        List<PortailproAccount> all = repo.changedSince(since, null, null, 100);
        assertThat(ids(all)).containsExactly("pp-0005", "pp-0006", "pp-0007", "pp-0008", "pp-0009", "pp-0010");
        List<PortailproAccount> p1 = repo.changedSince(since, null, null, 4);
        PortailproAccount last = p1.get(3);
        List<PortailproAccount> p2 = repo.changedSince(since, last.updatedAt(), last.id(), 4);
        assertThat(ids(p2)).containsExactly("pp-0009", "pp-0010");
        assertThat(repo.changedSince(Instant.parse("2030-01-01T00:00:00Z"), null, null, 10)).isEmpty();
    }
}
