package fr.douane.keycloak.policy;

import java.util.List;
import java.util.Locale;

import org.passay.dictionary.Dictionary;

/**
 * Common-password lists as one Passay {@link Dictionary}: a password is refused when one of its forms is
 * exactly a word of one of the lists ({@link WordList}); nothing is refused by chance.
 *
 * <p>The forms of a password (already NFKC-normalized by the caller), all lower-cased:
 * <ol>
 *   <li>the password itself ({@code 123456}, {@code AZERTY});</li>
 *   <li>without leading and trailing symbols ({@code Qwerty123!} → {@code qwerty123});</li>
 *   <li>its <em>core</em>: leading and trailing non-letters removed, then the usual leetspeak inside the word
 *       read as letters ({@code @→a 0→o 1→i 3→e 4→a 5→s $→s 7→t !→i}), so {@code Soleil2024!},
 *       {@code P@ssw0rd1} and {@code 123Azerty} all hit {@code soleil}, {@code password}, {@code azerty};</li>
 *   <li>the whole password with leetspeak read as letters, then trimmed of non-letters ({@code @dmin} hits
 *       {@code admin}).</li>
 * </ol>
 * Forms 2 to 4 are looked up only when they differ from the password and have at least {@value #MIN_CORE} code
 * points, so short words only block the exact password. A longer password that merely contains a word
 * ({@code Soleillevant7!}) is not refused. No form is built as a string: lookups compare ranges.
 */
public final class DouaneBlocklist implements Dictionary {

    static final int MIN_CORE = 4;

    private final WordList[] lists;
    private final String source;

    DouaneBlocklist(List<WordList> lists, String source) {
        this.lists = lists.toArray(new WordList[0]);
        this.source = source;
    }

    /**
     * The lists the jar ships: the common passwords with the pack's additions, and the French lists when asked
     * (what the factory builds for a realm; tools and benchmarks use it directly).
     */
    public static DouaneBlocklist shipped(boolean withFrench) {
        return withFrench
                ? new DouaneBlocklist(List.of(BlocklistSources.common(), BlocklistSources.french()), "common + French")
                : new DouaneBlocklist(List.of(BlocklistSources.common()), "common");
    }

    /** True if the (already NFKC-normalized) password, or one of its forms, is a word of a list. */
    @Override
    public boolean search(CharSequence password) {
        String lower = password.toString().toLowerCase(Locale.ROOT);
        int length = lower.length();
        if (contains(lower, 0, length, false)) {
            return true;
        }
        int symbolsStart = skip(lower, 0, length, Form.ALNUM);
        int symbolsEnd = skipBack(lower, symbolsStart, length, Form.ALNUM);
        if ((symbolsStart != 0 || symbolsEnd != length) && lookup(lower, symbolsStart, symbolsEnd, false)) {
            return true;
        }
        int coreStart = skip(lower, 0, length, Form.LETTER);
        int coreEnd = skipBack(lower, coreStart, length, Form.LETTER);
        boolean coreLeet = hasLeet(lower, coreStart, coreEnd);
        boolean coreDiffers = coreLeet || (coreStart != 0 || coreEnd != length) && (coreStart != symbolsStart || coreEnd != symbolsEnd);
        if (coreDiffers && lookup(lower, coreStart, coreEnd, true)) {
            return true;
        }
        // Decoded first, so a leading "@" is the letter a and stays.
        int wholeStart = skip(lower, 0, length, Form.LETTER_OR_LEET);
        int wholeEnd = skipBack(lower, wholeStart, length, Form.LETTER_OR_LEET);
        boolean wholeDiffers = wholeStart != 0 || wholeEnd != length || hasLeet(lower, wholeStart, wholeEnd);
        boolean sameAsCore = wholeStart == coreStart && wholeEnd == coreEnd;
        return wholeDiffers && !sameAsCore && lookup(lower, wholeStart, wholeEnd, true);
    }

    private boolean lookup(String s, int from, int to, boolean unLeet) {
        return Character.codePointCount(s, from, to) >= MIN_CORE && contains(s, from, to, unLeet);
    }

    private boolean contains(String s, int from, int to, boolean unLeet) {
        for (WordList list : lists) {
            if (list.contains(s, from, to, unLeet)) {
                return true;
            }
        }
        return false;
    }

    /** What a trimmed form keeps at its ends. */
    private enum Form {
        ALNUM, LETTER, LETTER_OR_LEET;

        boolean keeps(int cp) {
            if (cp < 128) {
                // ASCII, the common case, without the Unicode tables.
                boolean letter = (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
                switch (this) {
                    case ALNUM: return letter || cp >= '0' && cp <= '9';
                    case LETTER: return letter;
                    default: return letter || WordList.unLeet((char) cp) != cp;
                }
            }
            switch (this) {
                case ALNUM: return Character.isLetterOrDigit(cp);
                case LETTER: return Character.isLetter(cp);
                default: return Character.isLetter(cp);
            }
        }
    }

    private static int skip(String s, int from, int to, Form form) {
        int i = from;
        while (i < to) {
            int cp = s.codePointAt(i);
            if (form.keeps(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    private static int skipBack(String s, int from, int to, Form form) {
        int i = to;
        while (i > from) {
            int cp = s.codePointBefore(i);
            if (form.keeps(cp)) {
                break;
            }
            i -= Character.charCount(cp);
        }
        return i;
    }

    private static boolean hasLeet(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (WordList.unLeet(c) != c) {
                return true;
            }
        }
        return false;
    }

    /** Number of words over all lists (a word in two lists counts twice). */
    @Override
    public long size() {
        long n = 0;
        for (WordList list : lists) {
            n += list.size();
        }
        return n;
    }

    /** Where the lists came from, for logs and the server info. */
    public String getSource() {
        return source;
    }

    @Override
    public String toString() {
        return "DouaneBlocklist[" + source + ", " + size() + " words]";
    }
}
