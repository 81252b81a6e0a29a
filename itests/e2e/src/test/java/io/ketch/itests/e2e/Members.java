package io.ketch.itests.e2e;

import java.nio.file.Path;

/**
 * Creates the member under test. It is Ketch; {@code -Dketch.e2e.candidate=etcd} runs the same
 * tests against the real etcd instead, which is how the expectations were checked to be etcd's.
 */
public final class Members {
    private Members() {
    }

    /** The member under test, not yet started. */
    public static MemberProcess candidate(String name, Path workDir) {
        if ("etcd".equals(System.getProperty("ketch.e2e.candidate"))) {
            return new EtcdProcess(name, workDir);
        }
        return new KetchProcess(name, workDir);
    }
}
