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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.keycloak.util.JsonSerialization;

/**
 * Where the word lists come from. The build fetches them from npm at pinned versions (providers/pom.xml) and
 * puts them in the jar as their packages ship them; the repository holds only the pack's own additions.
 * <ul>
 *   <li><b>common</b>: {@code @zxcvbn-ts/language-common}'s {@code passwords.json} (about 49 000 passwords, most
 *       common first, MIT) plus {@value #ADDITIONS} (the service's own names, French words and patterns);</li>
 *   <li><b>French</b> (policy option {@code blocklistFrench}): {@code @zxcvbn-ts/language-fr}'s common words,
 *       first names and last names (MIT; the common words derive from OpenSubtitles, ODC-BY);</li>
 *   <li><b>the admin's file</b> (server option {@code blocklist-file}): UTF-8, one word per line, {@code #}
 *       comment lines and blank lines ignored, the format of the additions.</li>
 * </ul>
 */
public final class BlocklistSources {

    public static final String DIR = "douane/blocklist/";
    public static final String COMMON = DIR + "zxcvbn/passwords.json";
    public static final String ADDITIONS = DIR + "douane-additions.txt";
    public static final List<String> FRENCH = List.of(DIR + "zxcvbn-fr/commonWords.json", DIR + "zxcvbn-fr/firstnames.json",
            DIR + "zxcvbn-fr/lastnames.json");

    private BlocklistSources() {
    }

    /** The common passwords and the pack's additions, one list. */
    static WordList common() {
        List<String> words = new ArrayList<>(json(COMMON));
        words.addAll(lines(ADDITIONS));
        return WordList.of(words);
    }

    /** French common words, first and last names, one list. */
    static WordList french() {
        List<String> words = new ArrayList<>();
        for (String resource : FRENCH) {
            words.addAll(json(resource));
        }
        return WordList.of(words);
    }

    /** An admin's list. */
    static WordList file(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return WordList.of(lines(r));
        }
    }

    /** The entries of a JSON array of strings shipped in the jar. */
    public static List<String> json(String resource) {
        try (InputStream in = open(resource)) {
            return Arrays.asList(JsonSerialization.readValue(in, String[].class));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the word list " + resource, e);
        }
    }

    /** The lines of a text file shipped in the jar. */
    public static List<String> lines(String resource) {
        try (InputStream in = open(resource)) {
            return lines(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the word list " + resource, e);
        }
    }

    private static List<String> lines(Reader reader) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader br = new BufferedReader(reader)) {
            for (String line = br.readLine(); line != null; line = br.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static InputStream open(String resource) {
        InputStream in = BlocklistSources.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the word list " + resource + " is missing from the jar (the build fetches it from npm)");
        }
        return in;
    }
}
