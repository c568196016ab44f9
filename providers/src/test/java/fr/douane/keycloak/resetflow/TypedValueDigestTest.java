package fr.douane.keycloak.resetflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

class TypedValueDigestTest {

    private static final SecretKeySpec KEY = new SecretKeySpec("clé de royaume de test, 32 octets".getBytes(StandardCharsets.UTF_8), "HmacSHA512");
    private static final SecretKeySpec OTHER = new SecretKeySpec("une autre clé de royaume, 32 oct.".getBytes(StandardCharsets.UTF_8), "HmacSHA512");

    @Test
    void theDigestHidesTheValueAndRecognisesItAgainWhateverItsCase() {
        String digest = TypedValueDigest.of(KEY, "Mot-De-Passe!2026");
        assertThat(digest).matches("[0-9a-f]{32}").doesNotContainIgnoringCase("passe");
        assertThat(TypedValueDigest.of(KEY, "mot-de-passe!2026")).isEqualTo(digest);
        assertThat(TypedValueDigest.of(KEY, "Mot-De-Passe!2027")).isNotEqualTo(digest);
    }

    @Test
    void withoutTheRealmsKeyTheDigestCannotBeReproduced() {
        assertThat(TypedValueDigest.of(OTHER, "Mot-De-Passe!2026")).isNotEqualTo(TypedValueDigest.of(KEY, "Mot-De-Passe!2026"));
    }
}
