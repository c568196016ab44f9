package fr.douane.keycloak.theme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The account theme is Keycloak's keycloak.v3 console with our properties, stylesheet and
 * messages: every file they name is in the built theme (the DSFR parts are copied by the build),
 * and nothing of Keycloak's brand is left for the person to see.
 */
class AccountThemeTest {

    /** The theme as it goes into the jar (sources plus what the build copied from the DSFR). */
    private static final Path BUILT = Path.of("target/classes/theme/douane/account");
    private static final Path SOURCE = ThemeRenderer.THEME_ROOT.resolve("account");

    @Test
    void declaredAsAnAccountThemeOnTopOfKeycloakV3() throws IOException {
        assertThat(Files.readString(Path.of("src/main/resources/META-INF/keycloak-themes.json")))
                .containsPattern("\"name\"\\s*:\\s*\"douane\"[^}]*\"account\"");
        Properties p = ThemeRenderer.load(SOURCE.resolve("theme.properties"));
        assertThat(p.getProperty("parent")).isEqualTo("keycloak.v3");
        assertThat(p.getProperty("darkMode")).isEqualTo("false");
    }

    @Test
    void everyFileThePropertiesAndTheStylesheetNameIsInTheBuiltTheme() throws IOException {
        Properties p = ThemeRenderer.load(SOURCE.resolve("theme.properties"));
        Path resources = BUILT.resolve("resources");
        List<String> named = new ArrayList<>(List.of(p.getProperty("logo"), p.getProperty("favIcon").replaceFirst("^/", "")));
        named.addAll(List.of(p.getProperty("styles").split(" ")));
        named.addAll(List.of(p.getProperty("scripts").split(" ")));
        for (String css : p.getProperty("styles").split(" ")) {
            Path file = resources.resolve(css);
            Matcher url = Pattern.compile("url\\(\"([^\"]+)\"\\)").matcher(Files.readString(file, StandardCharsets.UTF_8));
            while (url.find()) {
                named.add(resources.relativize(file.getParent().resolve(url.group(1)).normalize()).toString());
            }
        }
        assertThat(named).hasSizeGreaterThan(5);
        for (String file : named) {
            assertThat(resources.resolve(file)).as(file).isRegularFile();
        }
    }

    @Test
    void theBrandBlockIsOursAndItsTextAlternativeExistsInFrenchAndEnglish() throws IOException {
        String logo = Files.readString(SOURCE.resolve("resources/" + ThemeRenderer.load(SOURCE.resolve("theme.properties")).getProperty("logo")),
                StandardCharsets.UTF_8);
        assertThat(logo).contains("RÉPUBLIQUE").contains("FRANÇAISE").contains("Douanes &amp; Droits Indirects")
                .doesNotContainIgnoringCase("keycloak");
        Properties fr = ThemeRenderer.load(SOURCE.resolve("messages/messages_fr.properties"));
        Properties en = ThemeRenderer.load(SOURCE.resolve("messages/messages_en.properties"));
        assertThat(fr.keySet()).isEqualTo(en.keySet());
        assertThat(fr.getProperty("logo")).startsWith("République française").doesNotContain("'");
        assertThat(en.getProperty("logo")).startsWith("French Republic");
    }

    @Test
    void theHeadersMenuButtonGetsANameInFrenchAndEnglish() throws IOException {
        String js = Files.readString(SOURCE.resolve("resources/js/douane-account.js"), StandardCharsets.UTF_8);
        assertThat(js).contains("[data-testid=\"options-kebab-toggle\"]").contains("fr: \"Menu du compte\"").contains("en: \"Account menu\"");
    }

    @Test
    void theLoadingTextIsOursInFrenchWithAnEnglishVariant() throws IOException {
        String css = Files.readString(SOURCE.resolve("resources/css/douane-account.css"), StandardCharsets.UTF_8);
        assertThat(css).contains("#loading-text::after").contains("content: \"Chargement de votre compte…\"")
                .contains("html:lang(en) #loading-text::after");
    }
}
