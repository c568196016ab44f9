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
 * <p>Entries are stored NFKC-normalized and lower-cased, UTF-8 encoded, sorted (unsigned byte order, which is
 * code point order) and concatenated in one {@code byte[]}, with one {@code int[]} of start offsets; lookups
 * are a binary search. About 11 bytes per entry of a short list (the shipped one: 5.4 KB), where an array of
 * {@code String}s costs ~54: the policy is loaded once per node, but the smaller it stays the better it sits
 * beside the stock Bloom-filter denylist (see docs/benchmarks.md). Exact: no false positives.
 *
 * <p>A password is blocked when any of these forms of it is an entry:
 * <ol>
 *   <li>the password itself, lower-cased ({@code 123456}, {@code AZERTY});</li>
 *   <li>its <em>core</em>: leading and trailing non-letters removed, then the usual leetspeak inside the
 *       word undone ({@code @→a 0→o 1→i 3→e 4→a 5→s $→s 7→t !→i}), so {@code Soleil2024!},
 *       {@code P@ssw0rd1} and {@code 123Azerty} all hit {@code soleil}, {@code password}, {@code azerty};</li>
 *   <li>the whole password with leetspeak undone, then trimmed of non-letters ({@code @dmin} hits {@code admin}).</li>
 * </ol>
 * Cores shorter than {@value #MIN_CORE} code points are not looked up, so short entries only block exact
 * passwords. This is why the shipped list can stay small: it holds base words and patterns, the matcher
 * covers case, digit and symbol decorations and leetspeak.
 *
 * <p>File format: UTF-8, one entry per line, {@code #} starts a comment line, blank lines ignored.
 */
public final class DouaneBlocklist implements Dictionary {

    /** The list shipped in the jar. */
    public static final String BUILT_IN_RESOURCE = "douane/blocklist/common-passwords.txt";

    static final int MIN_CORE = 4;

    /** All entries, UTF-8, sorted, back to back. */
    private final byte[] words;
    /** Entry i is {@code words[starts[i] .. starts[i + 1])}; length = entries + 1. */
    private final int[] starts;
    private final String source;

    private DouaneBlocklist(Collection<String> distinctWords, String source) {
        byte[][] encoded = new byte[distinctWords.size()][];
        int i = 0;
        int total = 0;
        for (String w : distinctWords) {
            encoded[i] = w.getBytes(StandardCharsets.UTF_8);
            total += encoded[i].length;
            i++;
        }
        Arrays.sort(encoded, Arrays::compareUnsigned);
        this.words = new byte[total];
        this.starts = new int[encoded.length + 1];
        int at = 0;
        for (int k = 0; k < encoded.length; k++) {
            starts[k] = at;
            System.arraycopy(encoded[k], 0, words, at, encoded[k].length);
            at += encoded[k].length;
        }
        starts[encoded.length] = at;
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
        if (contains(lower)) {
            return true;
        }
        String core = undoLeet(trimNonLetters(lower));
        if (core.codePointCount(0, core.length()) >= MIN_CORE && !core.equals(lower) && contains(core)) {
            return true;
        }
        String whole = trimNonLetters(undoLeet(lower));
        return whole.codePointCount(0, whole.length()) >= MIN_CORE && !whole.equals(lower) && !whole.equals(core)
                && contains(whole);
    }

    /** Exact lookup of an already lower-cased form. */
    private boolean contains(String word) {
        byte[] key = word.getBytes(StandardCharsets.UTF_8);
        int lo = 0;
        int hi = starts.length - 2;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Arrays.compareUnsigned(words, starts[mid], starts[mid + 1], key, 0, key.length);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    static String trimNonLetters(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && !Character.isLetter(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && !Character.isLetter(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    static String undoLeet(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char r;
            switch (c) {
                case '@': case '4': r = 'a'; break;
                case '0': r = 'o'; break;
                case '1': case '!': r = 'i'; break;
                case '3': r = 'e'; break;
                case '5': case '$': r = 's'; break;
                case '7': r = 't'; break;
                default: r = c;
            }
            if (r != c && sb == null) {
                sb = new StringBuilder(s);
            }
            if (sb != null) {
                sb.setCharAt(i, r);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /** Number of distinct entries. */
    @Override
    public long size() {
        return starts.length - 1;
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
