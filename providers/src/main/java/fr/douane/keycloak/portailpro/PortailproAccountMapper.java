package fr.douane.keycloak.portailpro;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

/**
 * Turns a directory row into a {@link PortailproAccount}, or skips it. The directory is not ours:
 * anything odd in it is cleaned or dropped with a warning, never allowed to crash a login or a
 * synchronisation.
 */
final class PortailproAccountMapper {

    private static final Logger LOG = Logger.getLogger(PortailproAccountMapper.class);

    /** Keycloak's USER_ENTITY columns (username, email, first/last name) are varchar(255). */
    static final int MAX_LENGTH = 255;
    /** RFC 5321: an address longer than 254 characters cannot be delivered. */
    static final int MAX_EMAIL_LENGTH = 254;
    static final int MAX_ID_LENGTH = 255;

    // Control, format (zero-width, bidi overrides), private-use, unassigned and lone surrogates.
    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Co}\\p{Cn}\\p{Cs}]");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    // Deliberately simple: one @, something on each side, no spaces. Keycloak validates further.
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern SIRET = Pattern.compile("^[0-9]{14}$");

    static final String COLUMNS = "id, identifiant, email, first_name, last_name, siret, status, updated_at";

    private PortailproAccountMapper() {
    }

    static Optional<PortailproAccount> map(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        OffsetDateTime ts = rs.getObject("updated_at", OffsetDateTime.class);
        return map(id, rs.getString("identifiant"), rs.getString("email"), rs.getString("first_name"),
                rs.getString("last_name"), rs.getString("siret"), rs.getString("status"),
                ts == null ? null : ts.toInstant());
    }

    static Optional<PortailproAccount> map(String rawId, String rawIdentifiant, String rawEmail, String rawFirst,
                                           String rawLast, String rawSiret, String rawStatus, Instant updatedAt) {
        String id = clean(rawId);
        if (id == null || id.length() > MAX_ID_LENGTH || !id.equals(rawId)) {
            // The id is the federation key: a changed or mangled id would create a second user.
            LOG.warnf("Portailpro row skipped: unusable id [%s]", shorten(rawId));
            return Optional.empty();
        }
        String identifiant = clean(rawIdentifiant);
        if (identifiant == null || identifiant.length() > MAX_LENGTH || SPACES.matcher(identifiant).find()) {
            LOG.warnf("Portailpro row %s skipped: unusable identifiant [%s]", id, shorten(rawIdentifiant));
            return Optional.empty();
        }
        String email = clean(rawEmail);
        if (email != null && (email.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches())) {
            LOG.warnf("Portailpro row %s: invalid email [%s] ignored", id, shorten(rawEmail));
            email = null;
        }
        String siret = clean(rawSiret);
        if (siret != null) {
            siret = siret.replace(" ", "");
            if (!SIRET.matcher(siret).matches()) {
                LOG.warnf("Portailpro row %s: invalid SIRET [%s] ignored", id, shorten(rawSiret));
                siret = null;
            }
        }
        PortailproAccount.Status status = PortailproAccount.Status.parse(rawStatus);
        if (rawStatus == null || !status.name().equals(rawStatus.trim().toUpperCase(java.util.Locale.ROOT))) {
            LOG.warnf("Portailpro row %s: unknown status [%s] treated as SUSPENDED", id, shorten(rawStatus));
        }
        return Optional.of(new PortailproAccount(id, identifiant, email, name(id, rawFirst), name(id, rawLast),
                siret, status, updatedAt == null ? Instant.EPOCH : updatedAt));
    }

    private static String name(String id, String raw) {
        String v = clean(raw);
        if (v != null && v.length() > MAX_LENGTH) {
            LOG.warnf("Portailpro row %s: name longer than %d characters truncated", id, MAX_LENGTH);
            v = truncate(v, MAX_LENGTH);
        }
        return v;
    }

    /** NFC-normalises, drops invisible characters, collapses white space; null when nothing is left. */
    static String clean(String raw) {
        if (raw == null) {
            return null;
        }
        String v = Normalizer.normalize(raw, Normalizer.Form.NFC);
        v = INVISIBLE.matcher(v).replaceAll("");
        v = SPACES.matcher(v).replaceAll(" ").trim();
        return v.isEmpty() ? null : v;
    }

    /** Truncates on a code point boundary so that no lone surrogate is stored. */
    static String truncate(String v, int max) {
        if (v.length() <= max) {
            return v;
        }
        int end = max;
        if (Character.isHighSurrogate(v.charAt(end - 1))) {
            end--;
        }
        return v.substring(0, end);
    }

    /** For log lines: a bounded, printable excerpt of a raw value (log injection safe). */
    static String shorten(String raw) {
        if (raw == null) {
            return "null";
        }
        String v = INVISIBLE.matcher(raw).replaceAll("?");
        return v.length() > 64 ? v.substring(0, 64) + "..." : v;
    }
}
