package fr.douane.keycloak.theme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Nothing is printed unescaped, except the one JSON island whose escaping is tested in LoginPagesTest. */
class TemplateSafetyTest {

    @Test
    void noEscapeIsUsedOnlyForThePasswordRulesJson() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ThemeRenderer.THEME_ROOT)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".ftl"))::iterator) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (line.contains("?no_esc") && !(line.contains("id=\"douane-password-rules\"")
                            && line.contains("?replace(\"<\", \"\\\\u003c\")"))) {
                        offenders.add(f + ":" + (i + 1));
                    }
                    if (line.contains("output_format=\"plainText\"") && f.toString().contains("/html/")) {
                        offenders.add(f + ":" + (i + 1) + " (plain text in an HTML mail)");
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void textMailsArePlainText() throws IOException {
        try (Stream<Path> files = Files.list(ThemeRenderer.THEME_ROOT.resolve("email/text"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                assertThat(Files.readString(f, StandardCharsets.UTF_8)).as(f.toString()).startsWith("<#ftl output_format=\"plainText\">");
            }
        }
    }
}
