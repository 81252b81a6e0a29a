package io.ketch.server.service;

/**
 * The request limits of the io.ketch.server configuration, with etcd's meanings.
 *
 * @param maxTxnOps         --max-txn-ops
 * @param maxRequestBytes   --max-request-bytes
 * @param quotaBackendBytes --quota-backend-bytes: 0 means etcd's default of 2 GiB, negative disables
 */
public record Limits(int maxTxnOps, long maxRequestBytes, long quotaBackendBytes) {
    /** etcd's defaults. */
    public static final Limits DEFAULTS = new Limits(128, 1572864, 0);
    /** etcd's DefaultQuotaBytes. */
    public static final long DEFAULT_QUOTA_BYTES = 2L * 1024 * 1024 * 1024;

    /** The quota in force, or -1 when disabled. */
    public long effectiveQuota() {
        if (quotaBackendBytes < 0) {
            return -1;
        }
        return quotaBackendBytes == 0 ? DEFAULT_QUOTA_BYTES : quotaBackendBytes;
    }
}
