package fr.douane.keycloak.policy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.passay.dictionary.Dictionary;

/**
 * A common-password blocklist as a Passay {@link Dictionary}, matched case-insensitively.
 *
 * <p>Entries are NFKC-normalized and lower-cased, then kept only as 64-bit hashes in a {@link XorFilter16}:
 * about 2.5 bytes per entry (the shipped list: ≈ 1.3 KB, less than the Bloom filter Keycloak's stock
 * {@code passwordBlacklist} builds from the same words, see docs/benchmarks.md). The price is a false positive
 * with probability 2<sup>-16</sup> per looked-up form (at most three forms per password, so below 5e-5 per
 * password, twice lower than the stock filter's 1e-4): a person whose password is refused that way chooses
 * another one, nothing else happens. There are no false negatives.
 *
 * <p>A password is blocked when any of these forms of it is an entry:
 * <ol>
 *   <li>the password itself, lower-cased ({@code 123456}, {@code AZERTY});</li>
 *   <li>its <em>core</em>: leading and trailing non-letters removed, then the usual leetspeak inside the
 *       word undone ({@code @→a 0→o 1→i 3→e 4→a 5→s $→s 7→t !→i}), so {@code Soleil2024!},
 *       {@code P@ssw0rd1} and {@code 123Azerty} all hit {@code soleil}, {@code password}, {@code azerty};</li>
 *   <li>the whole password with leetspeak undone, then trimmed of non-letters ({@code @dmin} hits {@code admin}).</li>
 * </ol>
 * The decoded forms are hashed in place ({@link XorFilter16#hash}), never built as strings. Cores shorter
 * than {@value #MIN_CORE} code points are not looked up, so short entries only block exact passwords. This is
 * why the shipped list can stay small: it holds base words and patterns, the matcher covers case, digit and
 * symbol decorations and leetspeak.
 *
 * <p>File format: UTF-8, one entry per line, {@code #} starts a comment line, blank lines ignored.
 */
public final class DouaneBlocklist implements Dictionary {

    /** The list shipped in the jar. */
    public static final String BUILT_IN_RESOURCE = "douane/blocklist/common-passwords.txt";

    static final int MIN_CORE = 4;

    private final XorFilter16 filter;
    private final int entries;
    private final String source;

    private DouaneBlocklist(Collection<String> distinctWords, String source) {
        long[] keys = new long[distinctWords.size()];
        int i = 0;
        for (String w : distinctWords) {
            keys[i++] = XorFilter16.hash(w, 0, w.length(), false);
        }
        this.filter = XorFilter16.of(keys);
        this.entries = keys.length;
        this.source = source;
    }

    /** Loads the list shipped in the jar. */
    public static DouaneBlocklist builtIn() {
        ClassLoader cl = DouaneBlocklist.class.getClassLoader();
        try (InputStream in = cl.getResourceAsStream(BUILT_IN_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the built-in blocklist " + BUILT_IN_RESOURCE + " is missing from the jar");
            }
            return read(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)), "classpath:" + BUILT_IN_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in blocklist " + BUILT_IN_RESOURCE, e);
        }
    }

    /** Loads an admin's extra list. */
    public static DouaneBlocklist fromFile(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(r, file.toString());
        }
    }

    /** Builds a list from entries (tests, generators). */
    public static DouaneBlocklist of(List<String> entries, String source) {
        Set<String> words = new HashSet<>();
        for (String e : entries) {
            String w = normalizeEntry(e);
            if (w != null) {
                words.add(w);
            }
        }
        return new DouaneBlocklist(words, source);
    }

    private static DouaneBlocklist read(Reader reader, String source) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader br = new BufferedReader(reader)) {
            String line;
            while ((line = br.readLine()) != null) {
                lines.add(line);
            }
        }
        return of(lines, source);
    }

    private static String normalizeEntry(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
            return null;
        }
        return lower(Normalizer.normalize(t, Normalizer.Form.NFKC));
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    /**
     * True if the (already NFKC-normalized) password, or one of its decoded forms, is an entry.
     */
    @Override
    public boolean search(CharSequence password) {
        String lower = lower(password.toString());
        int length = lower.length();
        if (filter.mayContain(XorFilter16.hash(lower, 0, length, false))) {
            return true;
        }
        // The core: trimmed on the text as typed, then decoded.
        int coreStart = firstLetter(lower, 0, length, false);
        int coreEnd = endOfLastLetter(lower, coreStart, length, false);
        boolean coreDiffers = coreStart != 0 || coreEnd != length || hasLeet(lower, coreStart, coreEnd);
        if (coreDiffers && Character.codePointCount(lower, coreStart, coreEnd) >= MIN_CORE
                && filter.mayContain(XorFilter16.hash(lower, coreStart, coreEnd, true))) {
            return true;
        }
        // The whole password: decoded first, so a leading "@" is the letter a and stays.
        int wholeStart = firstLetter(lower, 0, length, true);
        int wholeEnd = endOfLastLetter(lower, wholeStart, length, true);
        boolean wholeDiffers = wholeStart != 0 || wholeEnd != length || hasLeet(lower, wholeStart, wholeEnd);
        boolean sameAsCore = wholeStart == coreStart && wholeEnd == coreEnd;
        return wholeDiffers && !sameAsCore && Character.codePointCount(lower, wholeStart, wholeEnd) >= MIN_CORE
                && filter.mayContain(XorFilter16.hash(lower, wholeStart, wholeEnd, true));
    }

    private static boolean isLetter(int codePoint, boolean decoded) {
        return Character.isLetter(codePoint) || decoded && codePoint < 128 && unLeet((char) codePoint) != codePoint;
    }

    private static int firstLetter(String s, int from, int to, boolean decoded) {
        int i = from;
        while (i < to) {
            int cp = s.codePointAt(i);
            if (isLetter(cp, decoded)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    private static int endOfLastLetter(String s, int from, int to, boolean decoded) {
        int i = to;
        while (i > from) {
            int cp = s.codePointBefore(i);
            if (isLetter(cp, decoded)) {
                break;
            }
            i -= Character.charCount(cp);
        }
        return i;
    }

    private static boolean hasLeet(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (unLeet(c) != c) {
                return true;
            }
        }
        return false;
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

    /** The text between the first and the last letter (tests; lookups work on index ranges). */
    static String trimNonLetters(String s) {
        int start = firstLetter(s, 0, s.length(), false);
        return s.substring(start, endOfLastLetter(s, start, s.length(), false));
    }

    /** The text with leetspeak undone (tests; lookups decode while hashing). */
    static String undoLeet(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            sb.append(unLeet(s.charAt(i)));
        }
        return sb.toString();
    }

    /** Number of distinct entries. */
    @Override
    public long size() {
        return entries;
    }

    /** Where the list came from (classpath resource or file path), for logs and server info. */
    public String getSource() {
        return source;
    }

    @Override
    public String toString() {
        return "DouaneBlocklist[" + source + ", " + size() + " entries]";
    }

    /** A dictionary that hits when any part does (the built-in list plus an admin's extra file). */
    static Dictionary union(Dictionary... parts) {
        Dictionary[] copy = Arrays.copyOf(parts, parts.length);
        return new Dictionary() {
            @Override
            public boolean search(CharSequence word) {
                for (Dictionary d : copy) {
                    if (d.search(word)) {
                        return true;
                    }
                }
                return false;
            }

            @Override
            public long size() {
                long n = 0;
                for (Dictionary d : copy) {
                    n += d.size();
                }
                return n;
            }
        };
    }
}
