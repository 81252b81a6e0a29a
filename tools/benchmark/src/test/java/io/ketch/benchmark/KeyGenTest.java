package io.ketch.benchmark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyGenTest {

    @Test
    void keyIsGoSignedVarintOfItsIndexZeroPadded() {
        assertArrayEquals(new byte[] {0, 0, 0, 0}, KeyGen.keyAt(0, 4));
        assertArrayEquals(new byte[] {2, 0, 0, 0}, KeyGen.keyAt(1, 4));
        // 64 zig-zags to 128: two varint bytes, low seven bits first.
        assertArrayEquals(new byte[] {(byte) 0x80, 0x01, 0, 0}, KeyGen.keyAt(64, 4));
    }

    @Test
    void sequentialKeysWalkTheKeySpaceInOrder() {
        KeyGen gen = new KeyGen(8, 3, true);
        SplittableRandom random = new SplittableRandom(1);
        int[] seen = new int[7];
        for (int i = 0; i < seen.length; i++) {
            seen[i] = gen.index(i, random);
        }
        assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0}, seen);
        assertArrayEquals(KeyGen.keyAt(2, 8), gen.key(5, random));
    }

    @Test
    void randomKeysStayInTheKeySpaceAndCoverIt() {
        long seed = 42;
        KeyGen gen = new KeyGen(8, 10, false);
        SplittableRandom random = new SplittableRandom(seed);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            int idx = gen.index(i, random);
            assertTrue(idx >= 0 && idx < 10, "seed " + seed + ": index " + idx + " outside the key space");
            seen.add(idx);
        }
        assertEquals(10, seen.size(), "seed " + seed + ": not every key drawn in 1000 tries");
    }

    @Test
    void keySpaceOfOneMeansOneKey() {
        KeyGen gen = new KeyGen(8, 1, false);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(new byte[8], gen.key(i, random), "seed 7");
        }
    }
}
