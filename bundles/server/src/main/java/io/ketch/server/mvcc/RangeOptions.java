package io.ketch.server.mvcc;

/**
 * How a range reads: at most limit keys (0 = all), at revision rev (0 = current), or only counting.
 */
public record RangeOptions(long limit, long rev, boolean countOnly) {
    /** Everything at the current revision. */
    public static final RangeOptions ALL = new RangeOptions(0, 0, false);
}
