package fr.douane.keycloak.resetflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The reset flow reaches the password policy and the directories through the pack's internal SPIs
 * ({@code passwordrules}, {@code standing}) only, never through their classes.
 */
class ResetFlowDependenciesTest {

    @Test
    void theResetFlowImportsNeitherThePolicyNorADirectory() throws IOException {
        Path dir = Path.of("src/main/java/fr/douane/keycloak/resetflow");
        List<Path> sources;
        try (Stream<Path> files = Files.list(dir)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList());
        }
        assertThat(sources).hasSizeGreaterThan(10);
        for (Path source : sources) {
            assertThat(Files.readString(source, StandardCharsets.UTF_8)).as(source.toString())
                    .doesNotContain("fr.douane.keycloak.policy").doesNotContain("fr.douane.keycloak.portailpro");
        }
    }
}
