package fr.douane.keycloak.it.theme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every French message file of the repository (themes, provider messages, admin-console messages;
 * found by name, so a new file or key is checked too) follows {@link FrenchTypography}, and the
 * English files name the English options. The templates hold no text of their own that could
 * escape the rule: what a person reads comes from the message files.
 */
class FrenchTypographyTest {

    private static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    private static final Set<String> SKIPPED = Set.of("target", "node_modules", ".git", ".mvn");
    private static final Pattern FRENCH_OPTION_NAMES = Pattern.compile("(?iu)\\b(identifiants?|courriels?)\\b");

    @Test
    void everyFrenchMessageFollowsTheTypography() {
        List<Path> files = messageFiles("_fr.properties");
        assertThat(files).as("French message files under " + ROOT).hasSizeGreaterThanOrEqualTo(4);
        List<String> faults = new ArrayList<>();
        for (Path file : files) {
            load(file).forEach((k, v) -> FrenchTypography.faults((String) v)
                    .forEach(f -> faults.add(ROOT.relativize(file) + " " + k + ": " + f)));
        }
        assertThat(faults).as(String.join("\n", faults)).isEmpty();
    }

    @Test
    void englishMessagesNameTheEnglishOptions() {
        List<Path> files = messageFiles("_en.properties");
        assertThat(files).hasSizeGreaterThanOrEqualTo(4);
        List<String> french = new ArrayList<>();
        for (Path file : files) {
            load(file).forEach((k, v) -> {
                if (FRENCH_OPTION_NAMES.matcher((String) v).find()) {
                    french.add(ROOT.relativize(file) + " " + k + "=" + v);
                }
            });
        }
        assertThat(french).as("Identifiant/Courriel in English (write Username/Email)").isEmpty();
    }

    /** Text typed into a template (outside tags, directives and interpolations) would skip the message files. */
    @Test
    void templatesWriteNoPunctuatedTextOfTheirOwn() throws IOException {
        List<Path> templates = files(".ftl");
        assertThat(templates).isNotEmpty();
        List<String> faults = new ArrayList<>();
        for (Path t : templates) {
            String text = literalText(Files.readString(t, StandardCharsets.UTF_8));
            FrenchTypography.faults(text).forEach(f -> faults.add(ROOT.relativize(t) + ": " + f));
        }
        assertThat(faults).as(String.join("\n", faults)).isEmpty();
    }

    @Test
    void theRuleCatchesEachFault() {
        assertThat(FrenchTypography.faults("Courriel :")).singleElement().asString().contains("U+0020 before :");
        assertThat(FrenchTypography.faults("Courriel\u202F:")).singleElement().asString().contains("U+202F before :");
        assertThat(FrenchTypography.faults("Vous avez oublié ?")).hasSize(1);
        assertThat(FrenchTypography.faults("Attention! Lisez ceci; puis ceci: fin")).hasSize(3);
        assertThat(FrenchTypography.faults("L'équipe")).singleElement().asString().contains("U+0027");
        assertThat(FrenchTypography.faults("L’équipe")).isEmpty();
        assertThat(FrenchTypography.faults("le caractère « underscore »")).hasSize(2);
        assertThat(FrenchTypography.faults("le caractère «\u00A0underscore\u00A0»")).isEmpty();
        assertThat(FrenchTypography.faults("Courriel\u00A0: exemple\u00A0?! oui\u00A0; non\u00A0!")).isEmpty();
        assertThat(FrenchTypography.faults("https://www.douane.gouv.fr/?a=b jdbc:postgresql://hote:5432 à 10:30")).isEmpty();
    }

    @Test
    void literalTextLeavesOutTagsDirectivesAndScripts() {
        String template = "<#-- note : x --><p class=\"a\">${msg(\"k\")} : ici</p><#if a?has_content>"
                + "<script>import { x } from 'y';</script><@layout.x a=\"b : c\"/>";
        assertThat(literalText(template)).doesNotContain("note", "has_content", "import", "b : c").contains(" : ici");
    }

    static String literalText(String template) {
        return template
                .replaceAll("(?s)<#--.*?-->", " ")
                .replaceAll("(?s)<script\\b.*?</script>", " ")
                .replaceAll("(?s)<style\\b.*?</style>", " ")
                .replaceAll("\\$\\{[^}]*}", "x")
                .replaceAll("(?s)</?[#@][^>]*>", " ")
                .replaceAll("(?s)<[^>]*>", " ");
    }

    private static List<Path> messageFiles(String suffix) {
        return files(suffix).stream().filter(p -> p.getFileName().toString().startsWith("messages")
                || p.getFileName().toString().startsWith("admin-messages")).toList();
    }

    private static List<Path> files(String suffix) {
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .filter(p -> ROOT.relativize(p).toString().replace('\\', '/').contains("src/main/"))
                    .filter(p -> ROOT.relativize(p).getNameCount() > 0
                            && java.util.stream.StreamSupport.stream(ROOT.relativize(p).spliterator(), false)
                                    .noneMatch(part -> SKIPPED.contains(part.toString())))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties load(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
