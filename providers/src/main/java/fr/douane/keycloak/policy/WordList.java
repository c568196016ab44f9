package fr.douane.keycloak.policy;

import java.text.Normalizer;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * An exact set of words, packed: every word's length and characters one after the other in one array, and an
 * open-addressing hash table of their positions. No false positive, no false negative; about 1 byte per
 * character plus 9 per word when the words are Latin-1 (2 per character otherwise), where a {@code HashSet}
 * of strings would take about 80 bytes per word.
 *
 * <p>Why a hash table rather than a sorted array searched by halves: a password is looked up in up to four
 * forms on every validation, most of them absent; a binary search over the 49 000 common passwords made the
 * blocklist cost half a microsecond per password, more than all the other rules, where a probe costs tens of
 * nanoseconds (docs/benchmarks.md).
 *
 * <p>Words are stored as the matcher compares them: NFKC, lower case ({@link #normalize}). A lookup hashes and
 * compares a range of a string, optionally reading the usual leetspeak characters as the letters they stand
 * for ({@link #unLeet}), without building a string.
 */
final class WordList {

    /** Longest word kept: a password over 2 × 4096 UTF-16 units is refused for its length before any lookup. */
    static final int MAX_WORD = 8192;

    private final byte[] latin1;
    private final char[] chars;
    /** Position + 1 of each word's length unit in the packed array; 0 for an empty slot. Half full at most. */
    private final int[] slots;
    private final int size;

    private WordList(byte[] latin1, char[] chars, int[] slots, int size) {
        this.latin1 = latin1;
        this.chars = chars;
        this.slots = slots;
        this.size = size;
    }

    /** The words of {@code entries} (normalized, blank ones and {@code #} comments dropped, duplicates merged). */
    static WordList of(Collection<String> entries) {
        Set<String> words = new LinkedHashSet<>();
        for (String entry : entries) {
            String word = normalize(entry);
            if (word != null && word.length() <= MAX_WORD) {
                words.add(word);
            }
        }
        long total = 0;
        boolean fitsLatin1 = true;
        for (String w : words) {
            total += w.length() + 1;
            fitsLatin1 &= w.length() <= 0xFF && w.chars().allMatch(c -> c <= 0xFF);
        }
        if (total >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("word list too large: " + total + " characters");
        }
        byte[] latin1 = fitsLatin1 ? new byte[(int) total] : null;
        char[] chars = fitsLatin1 ? null : new char[(int) total];
        int[] slots = new int[Math.max(16, words.size() * 2)];
        int at = 0;
        for (String w : words) {
            int start = at;
            if (latin1 != null) {
                latin1[at++] = (byte) w.length();
                for (int i = 0; i < w.length(); i++) {
                    latin1[at++] = (byte) w.charAt(i);
                }
            } else {
                chars[at++] = (char) w.length();
                w.getChars(0, w.length(), chars, at);
                at += w.length();
            }
            int slot = slot(hash(w, 0, w.length(), false), slots.length);
            while (slots[slot] != 0) {
                slot = slot + 1 == slots.length ? 0 : slot + 1;
            }
            slots[slot] = start + 1;
        }
        return new WordList(latin1, chars, slots, words.size());
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
        return size;
    }

    /** True if {@code s[from, to)}, leetspeak read as letters when {@code unLeet}, is a word. */
    boolean contains(CharSequence s, int from, int to, boolean unLeet) {
        int length = to - from;
        if (length > MAX_WORD) {
            return false;
        }
        int slot = slot(hash(s, from, to, unLeet), slots.length);
        for (int position = slots[slot]; position != 0; position = slots[slot]) {
            if (matches(position - 1, s, from, length, unLeet)) {
                return true;
            }
            slot = slot + 1 == slots.length ? 0 : slot + 1;
        }
        return false;
    }

    private boolean matches(int at, CharSequence s, int from, int length, boolean unLeet) {
        if (latin1 != null) {
            if ((latin1[at] & 0xFF) != length) {
                return false;
            }
            for (int k = 0; k < length; k++) {
                if ((char) (latin1[at + 1 + k] & 0xFF) != read(s, from + k, unLeet)) {
                    return false;
                }
            }
            return true;
        }
        if (chars[at] != length) {
            return false;
        }
        for (int k = 0; k < length; k++) {
            if (chars[at + 1 + k] != read(s, from + k, unLeet)) {
                return false;
            }
        }
        return true;
    }

    private static char read(CharSequence s, int i, boolean unLeet) {
        char c = s.charAt(i);
        return unLeet ? unLeet(c) : c;
    }

    /** FNV-1a over the UTF-16 units of the range, then a final mix so that the low bits spread. */
    private static int hash(CharSequence s, int from, int to, boolean unLeet) {
        int h = 0x811c9dc5;
        for (int i = from; i < to; i++) {
            h = (h ^ read(s, i, unLeet)) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        return h;
    }

    /** The slot of a hash in a table of {@code n} slots (any n, no modulo). */
    private static int slot(int hash, int n) {
        return (int) (((hash & 0xFFFFFFFFL) * n) >>> 32);
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
}
