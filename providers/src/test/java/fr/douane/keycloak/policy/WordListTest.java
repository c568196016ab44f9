package fr.douane.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class WordListTest {

    @Test
    void exactMembership() {
        WordList list = WordList.of(List.of("soleil", "azerty", "b", "ba", "bab", "# comment", "", "  "));
        assertThat(list.size()).isEqualTo(5);
        for (String w : List.of("soleil", "azerty", "b", "ba", "bab")) {
            assertThat(list.contains(w, 0, w.length(), false)).as(w).isTrue();
        }
        for (String w : List.of("solei", "soleils", "a", "bb", "baba", "", "# comment")) {
            assertThat(list.contains(w, 0, w.length(), false)).as(w).isFalse();
        }
    }

    @Test
    void rangesAndLeetspeak() {
        WordList list = WordList.of(List.of("password"));
        String typed = "12p@ssw0rd!!";
        assertThat(list.contains(typed, 2, 10, false)).isFalse();
        assertThat(list.contains(typed, 2, 10, true)).isTrue();
        assertThat(list.contains(typed, 2, 9, true)).isFalse();
    }

    @Test
    void entriesAreStoredNormalized() {
        WordList list = WordList.of(List.of("  ÉCUREUIL ", "E\u0301cureuil", "Ｓoleil"));
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.word(0)).isEqualTo("soleil");
        assertThat(list.word(1)).isEqualTo("\u00E9cureuil");
    }

    /** Words beyond Latin-1 (œ, Greek) are kept in UTF-16 and still found. */
    @Test
    void wordsBeyondLatin1() {
        WordList list = WordList.of(List.of("cœur", "ψυχή", "soleil"));
        assertThat(list.contains("cœur", 0, 4, false)).isTrue();
        assertThat(list.contains("ψυχή", 0, 4, false)).isTrue();
        assertThat(list.contains("coeur", 0, 5, false)).isFalse();
        assertThat(list.contains("soleil", 0, 6, false)).isTrue();
    }

    /** Against a HashSet, on random words: no false positive, no false negative. */
    @Test
    void agreesWithAHashSet() {
        Random random = new Random(42);
        Set<String> words = new HashSet<>();
        while (words.size() < 20_000) {
            words.add(randomWord(random));
        }
        WordList list = WordList.of(new ArrayList<>(words));
        assertThat(list.size()).isEqualTo(words.size());
        for (String w : words) {
            assertThat(list.contains(w, 0, w.length(), false)).as(w).isTrue();
        }
        int checked = 0;
        while (checked < 100_000) {
            String w = randomWord(random);
            if (!words.contains(w)) {
                assertThat(list.contains(w, 0, w.length(), false)).as(w).isFalse();
                checked++;
            }
        }
    }

    private static String randomWord(Random random) {
        int length = 1 + random.nextInt(7);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('a' + random.nextInt(6)));
        }
        return sb.toString();
    }
}
