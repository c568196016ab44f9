package fr.douane.keycloak.policy;

import java.io.Serializable;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

import org.passay.data.CharacterData;

/**
 * The set of characters that count as "special" for the douane rule, as a Passay {@link CharacterData}.
 *
 * <p>Passay's own {@code EnglishCharacterData.Special} contains the underscore and hundreds of Latin-1 and
 * Unicode symbols; the douane procedure says explicitly that {@code _} is <em>not</em> a special character,
 * so the pack defines its own closed set. The decisions, also written in {@code docs/password-policy.md}:
 * <ul>
 *   <li><b>ASCII punctuation and symbols except {@code _}</b>:
 *       {@code ! " # $ % & ' ( ) * + , - . / : ; < = > ? @ [ \ ] ^ ` { | } ~} (31 characters).</li>
 *   <li><b>The underscore {@code _} is not special</b> (the seed procedure says so in so many words).
 *       It is still allowed in a password and counts towards the length.</li>
 *   <li><b>Space is not special.</b> It is allowed and counts towards the length, but it is invisible in a
 *       masked field and easily typed or trimmed by mistake, so it cannot be the one character that makes
 *       a password valid.</li>
 *   <li><b>{@code € £ § ¤ ° ² ¨} are special</b>: they are printed on the French AZERTY keyboard and a
 *       French user reasonably expects them to count. {@code ²} is not a decimal digit (Unicode calls it
 *       "other number", not Nd) and {@code ¨} is the diaeresis on its own, a symbol.</li>
 *   <li><b>{@code ’ « »} are special</b>: French typographic punctuation that phones and word processors
 *       produce instead of {@code ' "}; refusing them would confuse users whose keyboard "corrected" a quote.</li>
 *   <li><b>{@code µ} is a lower-case letter</b>, although it is on the AZERTY keyboard: the micro sign is a
 *       letter (Ll). A character counts by what it is as typed, never by what NFKC would make of it (NFKC
 *       serves the blocklist only).</li>
 *   <li><b>Accented letters are letters</b>: {@code é} is a lower-case letter, {@code À} an upper-case
 *       letter (Unicode general categories Ll and Lu), never special characters.</li>
 *   <li><b>Every other character</b> (emoji, other scripts' symbols, CJK...) is allowed and counts towards
 *       the length, but belongs to no class. Keeping the set closed lets the JavaScript checklist mirror it
 *       exactly.</li>
 * </ul>
 * An admin can replace the set with {@code specialChars=...} in the policy's config string (see
 * {@link DouanePolicyConfigParser}).
 */
public final class DouaneSpecialCharacterData implements CharacterData, Serializable {

    private static final long serialVersionUID = 1L;

    /** Passay error code of an unmet special-character rule; mapped to our own message key. */
    public static final String ERROR_CODE = "DOUANE_INSUFFICIENT_SPECIAL";

    /** ASCII punctuation and symbols, without the underscore. */
    public static final String ASCII_SPECIALS = "!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~";

    /** AZERTY keyboard symbols and French typographic punctuation. */
    public static final String FRENCH_SPECIALS = "€£§¤°²¨’«»";

    /** The douane default set. */
    public static final String DOUANE_SPECIALS = ASCII_SPECIALS + FRENCH_SPECIALS;

    public static final DouaneSpecialCharacterData DOUANE = new DouaneSpecialCharacterData(DOUANE_SPECIALS);

    private final String characters;

    private DouaneSpecialCharacterData(String characters) {
        this.characters = characters;
    }

    /**
     * A custom set, checked with the same constraints the config parser applies.
     *
     * @throws IllegalArgumentException naming the offending character
     */
    public static DouaneSpecialCharacterData of(String characters) {
        validate(characters);
        return DOUANE_SPECIALS.equals(characters) ? DOUANE : new DouaneSpecialCharacterData(characters);
    }

    /**
     * Refuses a set that could never behave as the admin expects: empty, duplicates, letters or digits
     * (they would count twice), whitespace, controls, combining marks and format characters, characters
     * outside the BMP (Passay counts matches in UTF-16 units).
     */
    static void validate(String characters) {
        if (characters == null || characters.isEmpty()) {
            throw new IllegalArgumentException("the special character set must not be empty");
        }
        Set<Integer> seen = new HashSet<>();
        characters.codePoints().forEach(cp -> {
            String shown = describe(cp);
            if (!seen.add(cp)) {
                throw new IllegalArgumentException("the special character set lists " + shown + " twice");
            }
            if (Character.isSupplementaryCodePoint(cp)) {
                throw new IllegalArgumentException("the special character set may only contain characters of the Basic Multilingual Plane, not " + shown);
            }
            if (Character.isLetter(cp) || Character.isDigit(cp)) {
                throw new IllegalArgumentException("the special character set must not contain letters or digits (" + shown + ")");
            }
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)) {
                throw new IllegalArgumentException("the special character set must not contain spaces or control characters (" + shown + ")");
            }
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK || type == Character.FORMAT
                    || type == Character.UNASSIGNED || type == Character.PRIVATE_USE || type == Character.SURROGATE) {
                throw new IllegalArgumentException("the special character set must not contain marks, format, private-use or unassigned characters (" + shown + ")");
            }
        });
    }

    static String describe(int cp) {
        return String.format("'%s' (U+%04X)", new String(Character.toChars(cp)), cp);
    }

    /** True if the code point belongs to this set. */
    public boolean contains(int codePoint) {
        return characters.indexOf(codePoint) >= 0;
    }

    @Override
    public String getErrorCode() {
        return ERROR_CODE;
    }

    @Override
    public String getCharacters() {
        return characters;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DouaneSpecialCharacterData && ((DouaneSpecialCharacterData) o).characters.equals(characters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(characters);
    }

    @Override
    public String toString() {
        return "DouaneSpecialCharacterData[" + characters + "]";
    }
}
