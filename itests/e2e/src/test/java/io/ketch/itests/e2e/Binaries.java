package io.ketch.itests.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the external programs are: the reference etcd, etcdctl and the Ketch distribution. */
public final class Binaries {
    /** The reference server, Debian's etcd-server 3.4.23. */
    public static final Path ETCD = Path.of("/usr/bin/etcd");
    /** The reference client, Debian's etcd-client 3.4.23. */
    public static final Path ETCDCTL = Path.of("/usr/bin/etcdctl");

    private static final String INSTALL_HINT = "apt-get install -y etcd-server etcd-client";

    private Binaries() {
    }

    /** Fails (never skips) when etcd or etcdctl is missing: the comparison is the point of these tests. */
    public static void requireEtcd() {
        for (Path p : new Path[] {ETCD, ETCDCTL}) {
            if (!Files.isExecutable(p)) {
                fail(p + " is missing; the end-to-end tests need the real etcd 3.4.23: " + INSTALL_HINT);
            }
        }
    }

    /** The repository root, found from the module basedir that surefire passes in. */
    public static Path repoRoot() {
        String basedir = System.getProperty("ketch.e2e.basedir");
        Path module = basedir != null ? Path.of(basedir) : Path.of("").toAbsolutePath();
        // itests/e2e -> repository root
        return module.toAbsolutePath().normalize().getParent().getParent();
    }

    /** The launcher script of the built distribution. */
    public static Path ketch() {
        return repoRoot().resolve("distribution/target/ketch/bin/ketch");
    }

    /** Fails with a hint when the distribution has not been built yet. */
    public static void requireKetch() {
        requireEtcd();
        if (!Files.isExecutable(ketch())) {
            fail(ketch() + " is missing; build the distribution first: mvn -DskipTests install");
        }
    }
}
