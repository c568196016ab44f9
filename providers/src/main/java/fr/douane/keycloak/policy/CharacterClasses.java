package fr.douane.keycloak.policy;

/**
 * Which class a code point of the password, as typed, counts in: lower-case letter, upper-case letter, digit,
 * special character, or none. Letters and digits are Unicode general categories (Ll, Lu, Nd), what the page's
 * checklist tests in JavaScript ({@code /\p{Ll}/u}), so both sides agree on {@code é} (lower), {@code À} (upper)
 * and {@code ٣} (digit); special characters are the config's set ({@link DouaneSpecialCharacterData}), looked
 * up in a 128-bit mask for ASCII.
 *
 * <p>The rules count the classes in the same pass that counts the length, and only the counts are kept: Passay's
 * {@code CharacterRule} would walk the password once per class and build a result object per failure, which
 * cost more than every other rule together (docs/benchmarks.md).
 */
final class CharacterClasses {

    static final int NONE = -1;
    static final int LOWER = 0;
    static final int UPPER = 1;
    static final int DIGIT = 2;
    static final int SPECIAL = 3;

    private final DouaneSpecialCharacterData specials;
    /** ASCII members of the special set, bit c of {@code asciiLow} (c < 64) or of {@code asciiHigh} (c - 64). */
    private final long asciiLow;
    private final long asciiHigh;

    CharacterClasses(DouaneSpecialCharacterData specials) {
        this.specials = specials;
        long low = 0;
        long high = 0;
        for (int c = 0; c < 128; c++) {
            if (specials.contains(c)) {
                if (c < 64) {
                    low |= 1L << c;
                } else {
                    high |= 1L << (c - 64);
                }
            }
        }
        this.asciiLow = low;
        this.asciiHigh = high;
    }

    /** The class of a code point: {@link #LOWER}, {@link #UPPER}, {@link #DIGIT}, {@link #SPECIAL} or {@link #NONE}. */
    int of(int cp) {
        if (cp < 128) {
            if (cp >= 'a' && cp <= 'z') {
                return LOWER;
            }
            if (cp >= 'A' && cp <= 'Z') {
                return UPPER;
            }
            if (cp >= '0' && cp <= '9') {
                return DIGIT;
            }
            boolean special = cp < 64 ? (asciiLow & (1L << cp)) != 0 : (asciiHigh & (1L << (cp - 64))) != 0;
            return special ? SPECIAL : NONE;
        }
        if (specials.contains(cp)) {
            return SPECIAL;
        }
        switch (Character.getType(cp)) {
            case Character.LOWERCASE_LETTER: return LOWER;
            case Character.UPPERCASE_LETTER: return UPPER;
            case Character.DECIMAL_DIGIT_NUMBER: return DIGIT;
            default: return NONE;
        }
    }

    /**
     * Characters a person cannot see in a password field, nor retype: controls (Cc, tab and NUL included),
     * format characters (Cf: soft hyphen U+00AD, zero-width space, joiners U+200C and U+200D, word joiner
     * U+2060, byte order mark U+FEFF, bidirectional controls, tags), lone surrogates (Cs, only an API can send
     * them, and they would be hashed as {@code ?}), line and paragraph separators (Zl, Zp). A password holding
     * one is refused: it would be stored with a character its owner does not know is there.
     */
    static boolean isInvisible(int cp) {
        if (cp < 128) {
            return cp < 32 || cp == 127;
        }
        switch (Character.getType(cp)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.SURROGATE:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
                return true;
            default:
                return false;
        }
    }
}
