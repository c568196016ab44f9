package fr.douane.keycloak.portailpro;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class PortailproAccountMapperTest {

    private static Optional<PortailproAccount> row(String id, String identifiant, String email, String first,
                                                   String siret, String status) {
        return PortailproAccountMapper.map(id, identifiant, email, first, "Nom", siret, status, Instant.EPOCH);
    }

    @Test
    void cleanRowIsMappedAsIs() {
        PortailproAccount a = row("pp-1", "Marie.Dupont@exemple.fr", "Marie.Dupont@exemple.fr", "Marie", "12345678900011", "ACTIVE").orElseThrow();
        assertThat(a.username()).isEqualTo("marie.dupont@exemple.fr");
        assertThat(a.identifiant()).isEqualTo("Marie.Dupont@exemple.fr");
        assertThat(a.siret()).isEqualTo("12345678900011");
        assertThat(a.isActive()).isTrue();
    }

    @Test
    void unusableIdOrIdentifiantSkipsTheRow() {
        assertThat(row(null, "a@b.fr", null, null, null, "ACTIVE")).isEmpty();
        assertThat(row(" pp-1", "a@b.fr", null, null, null, "ACTIVE")).as("id with spaces").isEmpty();
        assertThat(row("x".repeat(300), "a@b.fr", null, null, null, "ACTIVE")).isEmpty();
        assertThat(row("pp-1", null, null, null, null, "ACTIVE")).isEmpty();
        assertThat(row("pp-1", "   ", null, null, null, "ACTIVE")).isEmpty();
        assertThat(row("pp-1", "\u200B\u0000", null, null, null, "ACTIVE")).as("only invisible characters").isEmpty();
        assertThat(row("pp-1", "jean martin", null, null, null, "ACTIVE")).as("space inside").isEmpty();
        assertThat(row("pp-1", "a".repeat(256), null, null, null, "ACTIVE")).as("longer than Keycloak's column").isEmpty();
    }

    @Test
    void badEmailIsDroppedNotTheAccount() {
        assertThat(row("pp-1", "id1", null, null, null, "ACTIVE").orElseThrow().email()).isNull();
        assertThat(row("pp-1", "id1", "pas-un-courriel", null, null, "ACTIVE").orElseThrow().email()).isNull();
        assertThat(row("pp-1", "id1", "a@@b.fr", null, null, "ACTIVE").orElseThrow().email()).isNull();
        assertThat(row("pp-1", "id1", "x".repeat(250) + "@b.fr", null, null, "ACTIVE").orElseThrow().email()).isNull();
        assertThat(row("pp-1", "id1", " a@b.fr\u200B ", null, null, "ACTIVE").orElseThrow().email()).isEqualTo("a@b.fr");
    }

    @Test
    void oddUnicodeIsNormalisedAndLongNamesTruncated() {
        // "é" as e + combining acute becomes one NFC character; bidi override and NUL removed.
        PortailproAccount a = row("pp-1", "id1", null, "He\u0301le\u0300ne\u202E\u0000", null, "ACTIVE").orElseThrow();
        assertThat(a.firstName()).isEqualTo("H\u00e9l\u00e8ne");
        String emoji = "\uD83D\uDE00"; // one code point, two chars
        String longName = "a".repeat(254) + emoji + "zzz";
        String truncated = row("pp-1", "id1", null, longName, null, "ACTIVE").orElseThrow().firstName();
        assertThat(truncated).hasSize(254).doesNotContain("\uD83D");
        assertThat(row("pp-1", "id1", null, "  Jean   Pierre ", null, "ACTIVE").orElseThrow().firstName()).isEqualTo("Jean Pierre");
        assertThat(row("pp-1", "id1", null, "\uD800", null, "ACTIVE").orElseThrow().firstName()).as("lone surrogate").isNull();
    }

    @Test
    void siretAndStatus() {
        assertThat(row("pp-1", "id1", null, null, "123 456 789 00011", "ACTIVE").orElseThrow().siret()).isEqualTo("12345678900011");
        assertThat(row("pp-1", "id1", null, null, "12345", "ACTIVE").orElseThrow().siret()).isNull();
        assertThat(row("pp-1", "id1", null, null, null, "active").orElseThrow().status()).isEqualTo(PortailproAccount.Status.ACTIVE);
        assertThat(row("pp-1", "id1", null, null, null, "DELETED").orElseThrow().status()).as("unknown = not active")
                .isEqualTo(PortailproAccount.Status.SUSPENDED);
        assertThat(row("pp-1", "id1", null, null, null, null).orElseThrow().status()).isEqualTo(PortailproAccount.Status.SUSPENDED);
    }

    @Test
    void logExcerptsAreBoundedAndPrintable() {
        assertThat(PortailproAccountMapper.shorten("a\nb\u0000")).isEqualTo("a?b?");
        assertThat(PortailproAccountMapper.shorten("x".repeat(500))).hasSize(67);
        assertThat(PortailproAccountMapper.shorten(null)).isEqualTo("null");
    }
}
