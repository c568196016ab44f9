package fr.douane.keycloak.portailpro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.models.UserModel;

class PortailproSearchTest {

    @Test
    void likePatternEscapesMetacharactersAndAnchorsLeft() {
        assertThat(PortailproSearch.likePattern("Marie")).isEqualTo("marie%");
        assertThat(PortailproSearch.likePattern("*dupont*")).isEqualTo("%dupont%");
        assertThat(PortailproSearch.likePattern("100%_\\")).isEqualTo("100\\%\\_\\\\%");
    }

    @Test
    void userInputNeverReachesTheSqlText() {
        PortailproSearch s = PortailproSearch.of(Map.of(UserModel.SEARCH, "'; DROP TABLE x; --", UserModel.EMAIL, "' OR 1=1"));
        assertThat(s.sql()).doesNotContain("DROP").doesNotContain("OR 1=1");
        // Search terms are split on white space, as Keycloak's local search does.
        assertThat(s.params()).contains("';%", "drop%", "' or 1=1%");
    }

    @Test
    void filtersTheDirectoryCannotAnswerMatchNothing() {
        assertThat(PortailproSearch.of(Map.of("idpAlias", "x")).matchesNothing()).isTrue();
        assertThat(PortailproSearch.of(Map.of(UserModel.ENABLED, "false")).matchesNothing()).isTrue();
        assertThat(PortailproSearch.of(Map.of(UserModel.ENABLED, "true", UserModel.INCLUDE_SERVICE_ACCOUNT, "false")).matchesNothing()).isFalse();
        assertThat(PortailproSearch.of(Map.of(UserModel.SEARCH, "*")).sql()).isEmpty();
    }
}
