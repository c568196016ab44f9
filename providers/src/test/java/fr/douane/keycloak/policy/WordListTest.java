package fr.douane.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The packed word set against what it must be: an exact set. */
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
        assertThat(list.contains("soleil", 0, 6, false)).isTrue();
        assertThat(list.contains("\u00E9cureuil", 0, 8, false)).isTrue();
        assertThat(list.contains("E\u0301cureuil", 0, 9, false)).as("looked up as given: the caller normalizes").isFalse();
    }

    /** A word too long for a one-byte length, or beyond Latin-1 (œ, Greek), is kept in UTF-16 and still found. */
    @Test
    void wordsBeyondLatin1() {
        WordList list = WordList.of(List.of("cœur", "ψυχή", "soleil"));
        assertThat(list.contains("cœur", 0, 4, false)).isTrue();
        assertThat(list.contains("ψυχή", 0, 4, false)).isTrue();
        assertThat(list.contains("coeur", 0, 5, false)).isFalse();
        assertThat(list.contains("soleil", 0, 6, false)).isTrue();
        String longWord = "x".repeat(300);
        WordList withLong = WordList.of(List.of(longWord, "soleil"));
        assertThat(withLong.contains(longWord, 0, 300, false)).isTrue();
        assertThat(withLong.contains(longWord, 0, 299, false)).isFalse();
        assertThat(withLong.contains("soleil", 0, 6, false)).isTrue();
    }

    @Test
    void anEmptyListHoldsNothing() {
        WordList none = WordList.of(List.of("# only a comment"));
        assertThat(none.size()).isZero();
        assertThat(none.contains("soleil", 0, 6, false)).isFalse();
        assertThat(none.contains("", 0, 0, false)).isFalse();
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
