package fr.douane.keycloak.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SettingsMergeTest {

    private static Map<String, List<String>> map(String... keyValues) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], List.of(keyValues[i + 1]));
        }
        return m;
    }

    @Test
    void siteValuesAreKeptWhateverTheTemplateSays() {
        Map<String, List<String>> site = map("jdbcUrl", "jdbc:postgresql://annuaire:5432/pp", "jdbcPassword", "${vault.pp}",
                "poolSize", "20");
        Map<String, List<String>> template = map("jdbcUrl", "jdbc:postgresql://localhost/postgres", "jdbcPassword", "postgres",
                "poolSize", "8");
        SettingsMerge<List<String>> merge = SettingsMerge.of(site, template, Set.of("editMode"));
        assertThat(merge.changed()).isFalse();
        assertThat(merge.merged()).isEqualTo(site);
    }

    @Test
    void keysTheNewVersionIntroducesAreAdded() {
        SettingsMerge<List<String>> merge = SettingsMerge.of(map("jdbcUrl", "site"),
                map("jdbcUrl", "template", "cachePolicy", "MAX_LIFESPAN", "maxLifespan", "240000"), Set.of());
        assertThat(merge.added()).containsExactly("cachePolicy", "maxLifespan");
        assertThat(merge.updated()).isEmpty();
        assertThat(merge.merged()).containsEntry("jdbcUrl", List.of("site")).containsEntry("cachePolicy", List.of("MAX_LIFESPAN"));
        assertThat(merge.describe()).isEqualTo("added cachePolicy, maxLifespan");
    }

    @Test
    void packOwnedKeysTakeTheTemplatesValue() {
        SettingsMerge<List<String>> merge = SettingsMerge.of(map("editMode", "WRITABLE", "cachePolicy", "DEFAULT", "poolSize", "20"),
                map("editMode", "READ_ONLY", "cachePolicy", "MAX_LIFESPAN", "poolSize", "8"), Set.of("editMode", "cachePolicy"));
        assertThat(merge.updated()).containsExactly("editMode", "cachePolicy");
        assertThat(merge.merged()).containsEntry("editMode", List.of("READ_ONLY")).containsEntry("poolSize", List.of("20"));
        assertThat(merge.describe()).isEqualTo("updated editMode, cachePolicy");
    }

    @Test
    void keysOnlyTheRealmHasStay() {
        SettingsMerge<String> merge = SettingsMerge.of(Map.of("douaneRegistrationUrl", "https://site.example/"),
                Map.of("douaneLocaleFromBrowser", "false"), Set.of());
        assertThat(merge.merged()).containsEntry("douaneRegistrationUrl", "https://site.example/")
                .containsEntry("douaneLocaleFromBrowser", "false");
    }

    @Test
    void applyingTheResultAgainChangesNothing() {
        Map<String, String> template = Map.of("actionTokenGeneratedByUserLifespan.reset-credentials", "86400",
                "douaneLocaleFromBrowser", "false");
        SettingsMerge<String> first = SettingsMerge.of(Map.of("actionTokenGeneratedByUserLifespan.reset-credentials", "300",
                "douaneLocaleFromBrowser", "true"), template, Set.of("actionTokenGeneratedByUserLifespan.reset-credentials"));
        assertThat(first.updated()).containsExactly("actionTokenGeneratedByUserLifespan.reset-credentials");
        assertThat(first.merged()).containsEntry("douaneLocaleFromBrowser", "true");
        SettingsMerge<String> second = SettingsMerge.of(first.merged(), template,
                Set.of("actionTokenGeneratedByUserLifespan.reset-credentials"));
        assertThat(second.changed()).isFalse();
        assertThat(second.describe()).isEmpty();
    }
}
