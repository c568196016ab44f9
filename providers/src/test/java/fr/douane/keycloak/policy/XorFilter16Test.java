package fr.douane.keycloak.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class XorFilter16Test {

    private static String word(Random r) {
        int n = 4 + r.nextInt(12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.toString();
    }

    private static long key(String s) {
        return XorFilter16.hash(s, 0, s.length(), false);
    }

    @Test
    void everyAddedKeyIsFoundAndFewOthersAre() {
        Random r = new Random(20261128);
        Set<String> members = new HashSet<>();
        while (members.size() < 20_000) {
            members.add(word(r));
        }
        long[] keys = members.stream().mapToLong(XorFilter16Test::key).toArray();
        XorFilter16 filter = XorFilter16.of(keys);
        for (String m : members) {
            assertThat(filter.mayContain(key(m))).as(m).isTrue();
        }
        int tried = 0;
        int falsePositives = 0;
        while (tried < 500_000) {
            String w = word(r);
            if (!members.contains(w)) {
                tried++;
                if (filter.mayContain(key(w))) {
                    falsePositives++;
                }
            }
        }
        // 2^-16 per lookup: about 7.6 expected here; 40 would mean the fingerprints are not spread.
        assertThat(falsePositives).isLessThan(40);
        // ~1.23 slots of 16 bits per key.
        assertThat(filter.capacity()).isLessThan((int) (1.25 * keys.length) + 40);
    }

    @Test
    void duplicatesTinyAndEmptyInputsBuild() {
        assertThat(XorFilter16.of(new long[] {key("a"), key("a")}).mayContain(key("a"))).isTrue();
        assertThat(XorFilter16.of(new long[0]).mayContain(key("a"))).isFalse();
        XorFilter16 one = XorFilter16.of(new long[] {key("soleil")});
        assertThat(one.mayContain(key("soleil"))).isTrue();
        assertThat(one.mayContain(key("soleim"))).isFalse();
    }

    @Test
    void decodingWhileHashingEqualsHashingTheDecodedText() {
        String typed = "p@ssw0rd";
        assertThat(XorFilter16.hash(typed, 0, typed.length(), true)).isEqualTo(key("password"));
        assertThat(XorFilter16.hash("12soleil!", 2, 8, false)).isEqualTo(key("soleil"));
    }
}
