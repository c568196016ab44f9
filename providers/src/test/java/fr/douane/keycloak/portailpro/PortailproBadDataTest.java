package fr.douane.keycloak.portailpro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.models.UserModel;

import com.zaxxer.hikari.HikariDataSource;

/** Rows a real directory may hold: none may crash a lookup, a search or a synchronisation page. */
class PortailproBadDataTest {

    private static PortailproDb db;
    private static HikariDataSource ds;
    private static PortailproAccountRepository repo;

    @BeforeAll
    static void start() throws Exception {
        db = PortailproDb.start(false);
        db.exec("""
                INSERT INTO portailpro_account (id, identifiant, email, first_name, last_name, siret, status) VALUES
                 ('b-01', 'null.email', NULL, 'Sans', 'Courriel', NULL, 'ACTIVE'),
                 ('b-02', 'dup.one', 'partage@exemple.fr', 'Un', 'Doublon', NULL, 'ACTIVE'),
                 ('b-03', 'dup.two', 'PARTAGE@exemple.fr', 'Deux', 'Doublon', NULL, 'ACTIVE'),
                 ('b-04', 'long.values', 'long@exemple.fr', repeat('é', 5000), repeat('x', 100000), repeat('9', 40), 'ACTIVE'),
                 ('b-05', 'odd' || chr(8203) || '.unicode', 'odd@exemple.fr', 'Ze' || chr(769) || 'lie' || chr(8238), 'Ω😀', 'abc', 'ACTIVE'),
                 ('b-06', 'with space', 'space@exemple.fr', NULL, NULL, NULL, 'ACTIVE'),
                 ('b-07', '', 'empty@exemple.fr', NULL, NULL, NULL, 'ACTIVE'),
                 ('b-08', repeat('i', 300), 'toolong@exemple.fr', NULL, NULL, NULL, 'ACTIVE'),
                 ('b-09', 'bad.email', 'not an email', NULL, NULL, NULL, 'ACTIVE'),
                 ('b-10', 'fine@exemple.fr', 'fine@exemple.fr', 'Ok', 'Ok', '12345678900011', 'ACTIVE')
                """);
        ds = PortailproPools.create("bad-data", db.config());
        repo = new PortailproAccountRepository(ds, 2);
    }

    @AfterAll
    static void stop() throws Exception {
        ds.close();
        db.close();
    }

    @Test
    void unusableRowsAreSkippedOthersMapped() throws Exception {
        List<PortailproAccount> all = repo.pageAll("", 100);
        assertThat(all).extracting(PortailproAccount::id)
                .containsExactly("b-01", "b-02", "b-03", "b-04", "b-05", "b-09", "b-10"); // b-06/07/08 skipped
        PortailproAccount longValues = all.get(3);
        assertThat(longValues.firstName()).hasSize(255);
        assertThat(longValues.lastName()).hasSize(255);
        assertThat(longValues.siret()).isNull();
        PortailproAccount odd = all.get(4);
        assertThat(odd.identifiant()).isEqualTo("odd.unicode");
        assertThat(odd.firstName()).isEqualTo("Z\u00e9lie");
        assertThat(odd.lastName()).isEqualTo("Ω😀");
        assertThat(all.get(5).email()).isNull();
        assertThat(all.get(0).email()).isNull();
    }

    @Test
    void duplicateEmailsAreVisibleToTheCaller() throws Exception {
        assertThat(repo.findActiveByEmail("partage@exemple.fr")).hasSize(2);
    }

    @Test
    void searchSurvivesBadRows() throws Exception {
        assertThat(repo.search(PortailproSearch.of(Map.of(UserModel.SEARCH, "*")), 0, 100)).hasSize(7);
        assertThat(repo.count(PortailproSearch.of(Map.of()))).isEqualTo(10); // count is of rows, mapping is per row
    }
}
