package fr.douane.keycloak.policy;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.TreeSet;

/**
 * An exact set of words, sorted and packed: every word's characters one after the other in one array, their
 * start offsets in another, looked up by binary search. No false positive, no false negative, and about
 * 1 byte per character plus 4 per word when the words are Latin-1 (2 per character otherwise), where a
 * {@code String[]} would take about 50 bytes per word.
 *
 * <p>Words are stored as the matcher compares them: NFKC, lower case ({@link #normalize}). A lookup compares
 * a range of a string with the words, optionally reading the usual leetspeak characters as the letters they
 * stand for ({@link #unLeet}), without building a string.
 */
final class WordList {

    private final byte[] latin1;
    private final char[] chars;
    private final int[] offsets;

    private WordList(byte[] latin1, char[] chars, int[] offsets) {
        this.latin1 = latin1;
        this.chars = chars;
        this.offsets = offsets;
    }

    /** The words of {@code entries} (normalized, blank ones and {@code #} comments dropped, duplicates merged). */
    static WordList of(Collection<String> entries) {
        TreeSet<String> words = new TreeSet<>();
        for (String entry : entries) {
            String word = normalize(entry);
            if (word != null) {
                words.add(word);
            }
        }
        int total = 0;
        boolean fitsLatin1 = true;
        for (String w : words) {
            total += w.length();
            for (int i = 0; i < w.length() && fitsLatin1; i++) {
                fitsLatin1 = w.charAt(i) <= 0xFF;
            }
        }
        byte[] latin1 = fitsLatin1 ? new byte[total] : null;
        char[] chars = fitsLatin1 ? null : new char[total];
        int[] offsets = new int[words.size() + 1];
        int word = 0;
        int at = 0;
        for (String w : words) {
            offsets[word++] = at;
            for (int i = 0; i < w.length(); i++, at++) {
                if (latin1 != null) {
                    latin1[at] = (byte) w.charAt(i);
                } else {
                    chars[at] = w.charAt(i);
                }
            }
        }
        offsets[word] = at;
        return new WordList(latin1, chars, offsets);
    }

    /** An entry as stored: stripped, NFKC, lower case; {@code null} for blank lines and {@code #} comments. */
    static String normalize(String entry) {
        String t = entry == null ? "" : entry.strip();
        if (t.isEmpty() || t.startsWith("#")) {
            return null;
        }
        return Normalizer.normalize(t, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    int size() {
        return offsets.length - 1;
    }

    /** True if {@code s[from, to)}, leetspeak read as letters when {@code unLeet}, is a word. */
    boolean contains(CharSequence s, int from, int to, boolean unLeet) {
        int low = 0;
        int high = size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = compare(mid, s, from, to, unLeet);
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    /** Word {@code i} against the range, in {@link String#compareTo} order (the order the words are sorted in). */
    private int compare(int i, CharSequence s, int from, int to, boolean unLeet) {
        int start = offsets[i];
        int wordLength = offsets[i + 1] - start;
        int length = to - from;
        int n = Math.min(wordLength, length);
        for (int k = 0; k < n; k++) {
            char w = latin1 != null ? (char) (latin1[start + k] & 0xFF) : chars[start + k];
            char c = s.charAt(from + k);
            if (unLeet) {
                c = unLeet(c);
            }
            if (w != c) {
                return w - c;
            }
        }
        return wordLength - length;
    }

    /** The letter a leetspeak character stands for, or the character itself. */
    static char unLeet(char c) {
        switch (c) {
            case '@': case '4': return 'a';
            case '0': return 'o';
            case '1': case '!': return 'i';
            case '3': return 'e';
            case '5': case '$': return 's';
            case '7': return 't';
            default: return c;
        }
    }

    /** Word {@code i} (tests). */
    String word(int i) {
        int start = offsets[i];
        int end = offsets[i + 1];
        return latin1 != null ? new String(latin1, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1)
                : new String(Arrays.copyOfRange(chars, start, end));
    }
}
