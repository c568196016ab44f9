package fr.douane.keycloak.policy;

import java.util.Arrays;

/**
 * A static set membership filter with 16-bit fingerprints (a "xor filter", Graf and Lemire, 2020): about
 * 19.7 bits per key, no false negatives, a false-positive probability of 2<sup>-16</sup> (≈ 1.5e-5) per lookup,
 * and a lookup that reads exactly three array slots.
 *
 * <p>Why not the Bloom filter Keycloak's stock {@code passwordBlacklist} uses: at its default false-positive
 * probability (1e-4) a Bloom filter needs ≈ 19.2 bits per key and up to 13 probes; this filter takes about the
 * same memory for a probability 6.5 times lower, and three probes. Why not the words themselves: the
 * blocklist is loaded once per node and per extra file, and the words cost 4 to 10 times more memory.
 *
 * <p>Keys are 64-bit hashes computed by the caller ({@link #hash}); a key's three slots and its fingerprint
 * come from that hash remixed with the filter's seed. Building can fail for an unlucky seed (a cycle in the
 * three-slot hypergraph): the next seed is tried, deterministically, so the same list always gives the same
 * filter.
 */
final class XorFilter16 {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final int MAX_ATTEMPTS = 100;

    private final char[] fingerprints;
    private final int blockLength;
    private final long seed;

    private XorFilter16(char[] fingerprints, int blockLength, long seed) {
        this.fingerprints = fingerprints;
        this.blockLength = blockLength;
        this.seed = seed;
    }

    /**
     * The 64-bit key of {@code s[from, to)}, UTF-16 unit by unit; with {@code undoLeet} the usual leetspeak
     * digits and symbols are read as the letters they stand for (see {@link DouaneBlocklist}), so that a
     * decoded form can be looked up without building it as a string.
     */
    static long hash(CharSequence s, int from, int to, boolean undoLeet) {
        long h = FNV_OFFSET;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            h = (h ^ (undoLeet ? DouaneBlocklist.unLeet(c) : c)) * FNV_PRIME;
        }
        // FNV alone spreads short ASCII strings poorly over the high bits the slots are cut from.
        return mix(h ^ (to - from));
    }

    /** MurmurHash3's 64-bit finalizer: every input bit flips about half of the output bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /** Builds the filter for these keys (duplicates allowed). */
    static XorFilter16 of(long[] keys) {
        long[] distinct = Arrays.stream(keys).sorted().distinct().toArray();
        int n = distinct.length;
        // 1.23 n + 32 slots, split in three equal blocks: the size at which peeling succeeds with high probability.
        int blockLength = Math.max(1, (int) Math.ceil((1.23 * n + 32) / 3));
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            long seed = mix(0x9e3779b97f4a7c15L * (attempt + 1));
            char[] fingerprints = build(distinct, blockLength, seed);
            if (fingerprints != null) {
                return new XorFilter16(fingerprints, blockLength, seed);
            }
        }
        throw new IllegalStateException("cannot build a xor filter for " + n + " keys");
    }

    /** Peels the hypergraph (each key = one edge over its three slots), then assigns fingerprints backwards. */
    private static char[] build(long[] keys, int blockLength, long seed) {
        int size = 3 * blockLength;
        int[] count = new int[size];
        long[] xorOfKeys = new long[size];
        for (long key : keys) {
            long h = mix(key + seed);
            for (int j = 0; j < 3; j++) {
                int slot = slot(h, j, blockLength);
                count[slot]++;
                xorOfKeys[slot] ^= key;
            }
        }
        int[] queue = new int[size];
        int queued = 0;
        for (int i = 0; i < size; i++) {
            if (count[i] == 1) {
                queue[queued++] = i;
            }
        }
        long[] stackKey = new long[keys.length];
        int[] stackSlot = new int[keys.length];
        int stacked = 0;
        int head = 0;
        while (head < queued) {
            int slot = queue[head++];
            if (count[slot] != 1) {
                continue;
            }
            long key = xorOfKeys[slot];
            stackKey[stacked] = key;
            stackSlot[stacked] = slot;
            stacked++;
            long h = mix(key + seed);
            for (int j = 0; j < 3; j++) {
                int other = slot(h, j, blockLength);
                count[other]--;
                xorOfKeys[other] ^= key;
                if (count[other] == 1) {
                    queue[queued++] = other;
                }
            }
        }
        if (stacked != keys.length) {
            return null;
        }
        char[] fingerprints = new char[size];
        for (int k = stacked - 1; k >= 0; k--) {
            long h = mix(stackKey[k] + seed);
            int slot = stackSlot[k];
            fingerprints[slot] = 0;
            int value = fingerprint(h) ^ fingerprints[slot(h, 0, blockLength)] ^ fingerprints[slot(h, 1, blockLength)]
                    ^ fingerprints[slot(h, 2, blockLength)];
            fingerprints[slot] = (char) value;
        }
        return fingerprints;
    }

    /** Slot of block {@code j}: a 32-bit slice of the hash mapped onto the block without a division. */
    private static int slot(long h, int j, int blockLength) {
        long bits = Long.rotateLeft(h, 21 * j) & 0xffffffffL;
        return (int) ((bits * blockLength) >>> 32) + j * blockLength;
    }

    private static int fingerprint(long h) {
        return (int) (h ^ (h >>> 32)) & 0xffff;
    }

    /** True if the key was added; true with probability 2^-16 for a key that was not. */
    boolean mayContain(long key) {
        long h = mix(key + seed);
        int bl = blockLength;
        return fingerprint(h) == (fingerprints[slot(h, 0, bl)] ^ fingerprints[slot(h, 1, bl)] ^ fingerprints[slot(h, 2, bl)]);
    }

    /** Slots in the table (for tests and memory figures). */
    int capacity() {
        return fingerprints.length;
    }
}
