package io.ketch.server.apply;

import java.util.Collections;
import java.util.List;

/**
 * Go's {@code sort.Sort} as of Go 1.19 (pattern-defeating quicksort), which etcd 3.4.23 is built
 * with. It is not stable, so keys that tie on the sort target come out in an order only this exact
 * algorithm reproduces; clients see that order, hence the port. Algorithm from the Go project
 * (BSD licence), after the pdqsort paper (arXiv:2106.05123).
 */
final class GoSort {
    /** Go's sort.Interface.Less over list positions. */
    interface Less {
        boolean less(int i, int j);
    }

    private static final int MAX_INSERTION = 12;
    private static final int UNKNOWN = 0;
    private static final int INCREASING = 1;
    private static final int DECREASING = 2;

    private final List<?> data;
    private final Less less;

    private GoSort(List<?> data, Less less) {
        this.data = data;
        this.less = less;
    }

    /** Sorts list in place exactly as Go's sort.Sort would with this Less. */
    static void sort(List<?> list, Less less) {
        int n = list.size();
        if (n <= 1) {
            return;
        }
        new GoSort(list, less).pdqsort(0, n, bitsLen(n));
    }

    private static int bitsLen(long x) {
        return 64 - Long.numberOfLeadingZeros(x);
    }

    private boolean lt(int i, int j) {
        return less.less(i, j);
    }

    private void swap(int i, int j) {
        Collections.swap(data, i, j);
    }

    private void insertionSort(int a, int b) {
        for (int i = a + 1; i < b; i++) {
            for (int j = i; j > a && lt(j, j - 1); j--) {
                swap(j, j - 1);
            }
        }
    }

    private void siftDown(int lo, int hi, int first) {
        int root = lo;
        while (true) {
            int child = 2 * root + 1;
            if (child >= hi) {
                return;
            }
            if (child + 1 < hi && lt(first + child, first + child + 1)) {
                child++;
            }
            if (!lt(first + root, first + child)) {
                return;
            }
            swap(first + root, first + child);
            root = child;
        }
    }

    private void heapSort(int a, int b) {
        int first = a;
        int hi = b - a;
        for (int i = (hi - 1) / 2; i >= 0; i--) {
            siftDown(i, hi, first);
        }
        for (int i = hi - 1; i >= 0; i--) {
            swap(first, first + i);
            siftDown(0, i, first);
        }
    }

    private void pdqsort(int a, int b, int limit) {
        boolean wasBalanced = true;
        boolean wasPartitioned = true;
        while (true) {
            int length = b - a;
            if (length <= MAX_INSERTION) {
                insertionSort(a, b);
                return;
            }
            if (limit == 0) {
                heapSort(a, b);
                return;
            }
            if (!wasBalanced) {
                breakPatterns(a, b);
                limit--;
            }
            int[] ph = choosePivot(a, b);
            int pivot = ph[0];
            if (ph[1] == DECREASING) {
                reverseRange(a, b);
                pivot = (b - 1) - (pivot - a);
                ph[1] = INCREASING;
            }
            if (wasBalanced && wasPartitioned && ph[1] == INCREASING && partialInsertionSort(a, b)) {
                return;
            }
            if (a > 0 && !lt(a - 1, pivot)) {
                a = partitionEqual(a, b, pivot);
                continue;
            }
            int[] mp = partition(a, b, pivot);
            int mid = mp[0];
            wasPartitioned = mp[1] == 1;
            int leftLen = mid - a;
            int rightLen = b - mid;
            int balanceThreshold = length / 8;
            if (leftLen < rightLen) {
                wasBalanced = leftLen >= balanceThreshold;
                pdqsort(a, mid, limit);
                a = mid + 1;
            } else {
                wasBalanced = rightLen >= balanceThreshold;
                pdqsort(mid + 1, b, limit);
                b = mid;
            }
        }
    }

    private int[] partition(int a, int b, int pivot) {
        swap(a, pivot);
        int i = a + 1;
        int j = b - 1;
        while (i <= j && lt(i, a)) {
            i++;
        }
        while (i <= j && !lt(j, a)) {
            j--;
        }
        if (i > j) {
            swap(j, a);
            return new int[] {j, 1};
        }
        swap(i, j);
        i++;
        j--;
        while (true) {
            while (i <= j && lt(i, a)) {
                i++;
            }
            while (i <= j && !lt(j, a)) {
                j--;
            }
            if (i > j) {
                break;
            }
            swap(i, j);
            i++;
            j--;
        }
        swap(j, a);
        return new int[] {j, 0};
    }

    private int partitionEqual(int a, int b, int pivot) {
        swap(a, pivot);
        int i = a + 1;
        int j = b - 1;
        while (true) {
            while (i <= j && !lt(a, i)) {
                i++;
            }
            while (i <= j && lt(a, j)) {
                j--;
            }
            if (i > j) {
                break;
            }
            swap(i, j);
            i++;
            j--;
        }
        return i;
    }

    private boolean partialInsertionSort(int a, int b) {
        final int maxSteps = 5;
        final int shortestShifting = 50;
        int i = a + 1;
        for (int step = 0; step < maxSteps; step++) {
            while (i < b && !lt(i, i - 1)) {
                i++;
            }
            if (i == b) {
                return true;
            }
            if (b - a < shortestShifting) {
                return false;
            }
            swap(i, i - 1);
            if (i - a >= 2) {
                for (int j = i - 1; j >= 1; j--) {
                    if (!lt(j, j - 1)) {
                        break;
                    }
                    swap(j, j - 1);
                }
            }
            if (b - i >= 2) {
                for (int j = i + 1; j < b; j++) {
                    if (!lt(j, j - 1)) {
                        break;
                    }
                    swap(j, j - 1);
                }
            }
        }
        return false;
    }

    private void breakPatterns(int a, int b) {
        int length = b - a;
        if (length >= 8) {
            long random = length; // Go's xorshift, seeded with the length
            long modulus = 1L << bitsLen(length);
            for (int idx = a + (length / 4) * 2 - 1; idx <= a + (length / 4) * 2 + 1; idx++) {
                random ^= random << 13;
                random ^= random >>> 17;
                random ^= random << 5;
                int other = (int) (random & (modulus - 1));
                if (other >= length) {
                    other -= length;
                }
                swap(idx, a + other);
            }
        }
    }

    private int[] choosePivot(int a, int b) {
        final int shortestNinther = 50;
        final int maxSwaps = 4 * 3;
        int l = b - a;
        int[] swaps = {0};
        int i = a + l / 4;
        int j = a + l / 4 * 2;
        int k = a + l / 4 * 3;
        if (l >= 8) {
            if (l >= shortestNinther) {
                i = median(i - 1, i, i + 1, swaps);
                j = median(j - 1, j, j + 1, swaps);
                k = median(k - 1, k, k + 1, swaps);
            }
            j = median(i, j, k, swaps);
        }
        if (swaps[0] == 0) {
            return new int[] {j, INCREASING};
        }
        return new int[] {j, swaps[0] == maxSwaps ? DECREASING : UNKNOWN};
    }

    private int median(int a, int b, int c, int[] swaps) {
        if (lt(b, a)) {
            swaps[0]++;
            int t = a;
            a = b;
            b = t;
        }
        if (lt(c, b)) {
            swaps[0]++;
            int t = b;
            b = c;
            c = t;
        }
        if (lt(b, a)) {
            swaps[0]++;
            int t = a;
            a = b;
            b = t;
        }
        return b;
    }

    private void reverseRange(int a, int b) {
        for (int i = a, j = b - 1; i < j; i++, j--) {
            swap(i, j);
        }
    }
}
