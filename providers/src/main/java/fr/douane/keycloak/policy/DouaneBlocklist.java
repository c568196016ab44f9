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
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import org.passay.dictionary.ArrayWordList;
import org.passay.dictionary.Dictionary;
import org.passay.dictionary.WordListDictionary;
import org.passay.dictionary.WordLists;

/**
 * A common-password blocklist as a Passay {@link Dictionary}, matched case-insensitively.
 *
 * <p>Entries are stored NFKC-normalized and lower-cased in one sorted array (Passay's {@link ArrayWordList},
 * binary search): a few kilobytes for the shipped list, loaded once per node by the factory.
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

    private final WordListDictionary dictionary;
    private final String source;

    private DouaneBlocklist(String[] sortedWords, String source) {
        this.dictionary = new WordListDictionary(new ArrayWordList(sortedWords, true, null));
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
        TreeSet<String> words = new TreeSet<>(WordLists.CASE_SENSITIVE_COMPARATOR);
        for (String e : entries) {
            String w = normalizeEntry(e);
            if (w != null) {
                words.add(w);
            }
        }
        return new DouaneBlocklist(words.toArray(new String[0]), source);
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
        if (dictionary.search(lower)) {
            return true;
        }
        String core = undoLeet(trimNonLetters(lower));
        if (core.codePointCount(0, core.length()) >= MIN_CORE && !core.equals(lower) && dictionary.search(core)) {
            return true;
        }
        String whole = trimNonLetters(undoLeet(lower));
        return whole.codePointCount(0, whole.length()) >= MIN_CORE && !whole.equals(lower) && !whole.equals(core)
                && dictionary.search(whole);
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
        return dictionary.size();
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
