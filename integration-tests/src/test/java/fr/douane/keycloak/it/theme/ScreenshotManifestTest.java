package fr.douane.keycloak.it.theme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import fr.douane.keycloak.it.harness.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed screenshots are as new as what they show: for every image of docs/img, the hash of
 * the theme files it shows, computed from today's sources, is the one recorded when it was taken
 * (docs/img/screenshots.properties, {@link ScreenshotManifest}); every image the README and the docs
 * show is in the manifest, and every image of the manifest is on disk. No browser needed.
 */
class ScreenshotManifestTest {

    private static final Pattern IMAGE_REF = Pattern.compile("\\]\\(([^)\\s]+\\.png)\\)|src=\"([^\"]+\\.png)\"");

    private final Path root = Paths.projectRoot();
    private final Path images = root.resolve("docs/img");

    @Test
    void everyCommittedImageIsNewerThanTheFilesItShows() {
        assumeFalse(Boolean.getBoolean(ScreenshotGalleryIT.UPDATE), "the images are being taken again");
        Map<String, ScreenshotManifest.Entry> manifest = manifest();
        List<String> stale = new ArrayList<>();
        for (ScreenshotManifest.Entry e : manifest.values()) {
            String now = ScreenshotManifest.sha256(root, e.shows());
            if (!now.equals(e.sha256())) {
                stale.add("docs/img/" + e.image() + " is older than what it shows (" + String.join(", ", e.shows())
                        + "): recorded " + e.sha256() + ", now " + now);
            }
        }
        assertThat(stale).as("screenshots to take again with\n  " + ScreenshotManifest.REGENERATE + "\n"
                + "(Chromium and Chromium's driver needed), then commit docs/img").isEmpty();
    }

    @Test
    void everyImageOfTheReadmeAndTheDocsIsInTheManifestAndEveryImageOfTheManifestExists() throws IOException {
        Map<String, ScreenshotManifest.Entry> manifest = manifest();
        TreeSet<String> referenced = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Path doc : docs()) {
            Matcher m = IMAGE_REF.matcher(Files.readString(doc, StandardCharsets.UTF_8));
            while (m.find()) {
                String ref = m.group(1) != null ? m.group(1) : m.group(2);
                if (ref.startsWith("http")) {
                    continue;
                }
                Path image = doc.getParent().resolve(ref).normalize();
                String where = root.relativize(doc) + " shows " + ref;
                if (!image.getParent().equals(images)) {
                    problems.add(where + ", outside docs/img");
                } else if (!manifest.containsKey(image.getFileName().toString())) {
                    problems.add(where + ", not in docs/img/" + ScreenshotManifest.FILE_NAME + " (taken by no test)");
                } else {
                    referenced.add(image.getFileName().toString());
                }
                if (!Files.isRegularFile(image)) {
                    problems.add(where + ", missing on disk");
                }
            }
        }
        for (String image : manifest.keySet()) {
            if (!Files.isRegularFile(images.resolve(image))) {
                problems.add("docs/img/" + ScreenshotManifest.FILE_NAME + " lists " + image + ", missing in docs/img");
            }
        }
        try (Stream<Path> files = Files.list(images)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted()
                    .filter(n -> !manifest.containsKey(n))
                    .forEach(n -> problems.add("docs/img/" + n + " is in no manifest entry: taken by no test (remove it)"));
        }
        assertThat(problems).as("images of the docs; take them again with\n  " + ScreenshotManifest.REGENERATE).isEmpty();
        assertThat(referenced).as("the README shows the procedure").contains("fr-1280-1-connexion.png");
    }

    private Map<String, ScreenshotManifest.Entry> manifest() {
        Map<String, ScreenshotManifest.Entry> manifest = ScreenshotManifest.read(images.resolve(ScreenshotManifest.FILE_NAME));
        assertThat(manifest).as("docs/img/" + ScreenshotManifest.FILE_NAME).isNotEmpty();
        return manifest;
    }

    private List<Path> docs() {
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> walk = Files.walk(root.resolve("docs"))) {
            walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    // The check itself, on a small tree of its own.

    @Test
    void aChangeToAFileShownChangesTheHashButLineEndsDoNot(@TempDir Path tree) throws IOException {
        Path theme = Files.createDirectories(tree.resolve("theme/login/messages"));
        Files.writeString(theme.resolve("../login.ftl"), "<#import \"template.ftl\" as layout>\n<p>${msg(\"a\")}</p>\n");
        Files.writeString(theme.resolve("messages_fr.properties"), "a=Bonjour\nb=Au revoir\n");
        Files.writeString(theme.resolve("messages_en.properties"), "a=Hello\n");
        List<String> shows = List.of("theme/login/login.ftl", "theme/login/messages/messages_fr.properties");
        String taken = ScreenshotManifest.sha256(tree, shows);

        assertThat(ScreenshotManifest.sha256(tree, List.of(shows.get(1), shows.get(0)))).as("order of the list").isEqualTo(taken);
        Files.writeString(theme.resolve("messages_fr.properties"), "a=Bonjour\r\nb=Au revoir\r\n");
        assertThat(ScreenshotManifest.sha256(tree, shows)).as("CRLF checkout").isEqualTo(taken);
        Files.writeString(theme.resolve("messages_en.properties"), "a=Hi\n");
        assertThat(ScreenshotManifest.sha256(tree, shows)).as("a file not shown").isEqualTo(taken);
        Files.writeString(theme.resolve("messages_fr.properties"), "a=Bonjour !\nb=Au revoir\n");
        assertThat(ScreenshotManifest.sha256(tree, shows)).as("a text shown").isNotEqualTo(taken);

        String glob = ScreenshotManifest.sha256(tree, List.of("theme/login/**"));
        Files.writeString(theme.resolve("messages_en.properties"), "a=Hello\n");
        assertThat(ScreenshotManifest.sha256(tree, List.of("theme/login/**"))).as("a file under the glob").isNotEqualTo(glob);
        Files.move(theme.resolve("messages_en.properties"), theme.resolve("messages_de.properties"));
        assertThat(ScreenshotManifest.sha256(tree, List.of("theme/login/**"))).as("a renamed file").isNotEqualTo(glob);

        assertThatThrownBy(() -> ScreenshotManifest.sha256(tree, List.of("theme/login/gone.ftl")))
                .hasMessageContaining("theme/login/gone.ftl");
        assertThatThrownBy(() -> ScreenshotManifest.sha256(tree, List.of("theme/account/**")))
                .hasMessageContaining("theme/account/**");
    }

    @Test
    void theManifestReadsBackAsWritten(@TempDir Path tree) {
        Path file = tree.resolve(ScreenshotManifest.FILE_NAME);
        Map<String, ScreenshotManifest.Entry> entries = Map.of(
                "fr-1280-1-connexion.png", new ScreenshotManifest.Entry("fr-1280-1-connexion.png",
                        List.of("themes/a/login.ftl", "themes/a/messages/messages_fr.properties"), "ab12"),
                "en-375-9-compte.png", new ScreenshotManifest.Entry("en-375-9-compte.png", List.of("themes/b/**"), "cd34"));
        ScreenshotManifest.write(file, entries);
        assertThat(ScreenshotManifest.read(file)).isEqualTo(entries);
        assertThat(ScreenshotManifest.read(tree.resolve("none.properties"))).isEmpty();
    }

    @Test
    void anImageWithoutItsHashIsRefused(@TempDir Path tree) throws IOException {
        Path file = tree.resolve(ScreenshotManifest.FILE_NAME);
        Files.writeString(file, "a.png.shows = themes/x.ftl\n");
        assertThatThrownBy(() -> ScreenshotManifest.read(file)).hasMessageContaining("a.png.sha256");
    }
}
