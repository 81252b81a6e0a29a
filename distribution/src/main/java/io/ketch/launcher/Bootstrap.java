package io.ketch.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What etcd settles between validating its flags and starting the server: the name-derived
 * initial cluster, the default data dir, the data dir's permissions, and (for a new member
 * without a WAL) that the initial cluster names this member with its advertised peer URLs.
 * Messages are etcd's.
 */
public final class Bootstrap {

    /** etcd's default initial cluster, from the default name and advertise peer URL. */
    public static final String DEFAULT_INITIAL_CLUSTER = "default=http://localhost:2380";
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    private Bootstrap() {
    }

    /**
     * etcd's UpdateDefaultClusterFromName and default data dir.
     *
     * @return a log line for the data-dir default, or null
     */
    public static String applyDefaults(Settings s) {
        String name = s.string("name");
        if (!name.equals("default") && s.string("initial-cluster").equals(DEFAULT_INITIAL_CLUSTER)) {
            List<String> parts = new ArrayList<>();
            for (String url : s.list("initial-advertise-peer-urls")) {
                parts.add(name + "=" + url);
            }
            s.put("initial-cluster", String.join(",", parts));
        }
        if (s.string("data-dir").isEmpty()) {
            s.put("data-dir", name + ".etcd");
            return "no data-dir provided, using default data-dir ./" + name + ".etcd";
        }
        return null;
    }

    /**
     * etcd's {@code types.NewURLsMap}: {@code n1=u1,n1=u2,n2=u3} into name -> sorted URLs.
     *
     * @throws IllegalArgumentException with etcd's URL message
     */
    public static Map<String, List<String>> parseCluster(String cluster) {
        Map<String, TreeSet<String>> map = new LinkedHashMap<>();
        for (String pair : cluster.split(",")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String url = eq < 0 ? "" : pair.substring(eq + 1);
            map.computeIfAbsent(key, k -> new TreeSet<>()).add(GoUrls.parse(url.trim()));
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        return out;
    }

    /**
     * etcd's ServerConfig.VerifyBootstrap (new member, no WAL) or VerifyJoinExisting.
     *
     * @return etcd's error, or null
     */
    public static String verifyCluster(Settings s) {
        Map<String, List<String>> cluster;
        try {
            cluster = parseCluster(s.string("initial-cluster"));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        String name = s.string("name");
        if (s.string("initial-cluster-state").equals("existing")) {
            return hasDuplicate(cluster) ? "initial cluster " + render(cluster) + " has duplicate url" : null;
        }
        List<String> mine = cluster.get(name);
        if (mine == null) {
            return "couldn't find local name \"" + name + "\" in the initial cluster configuration";
        }
        List<String> advertised = new ArrayList<>(new TreeSet<>(s.list("initial-advertise-peer-urls")));
        if (!advertised.equals(mine)) {
            return mismatch(name, mine, advertised);
        }
        if (hasDuplicate(cluster)) {
            return "initial cluster " + render(cluster) + " has duplicate url";
        }
        return null;
    }

    private static String mismatch(String name, List<String> mine, List<String> advertised) {
        List<String> missing = new ArrayList<>();
        for (String url : mine) {
            if (!advertised.contains(url)) {
                missing.add(name + "=" + url);
            }
        }
        String ap = String.join(",", advertised);
        if (!missing.isEmpty()) {
            return "--initial-cluster has " + String.join(",", missing) + " but missing from --initial-advertise-peer-urls="
                    + ap + " (resolved urls: \"" + ap + "\" != \"" + String.join(",", mine) + "\")";
        }
        List<String> extra = new ArrayList<>();
        for (String url : advertised) {
            if (!mine.contains(url)) {
                extra.add(url);
            }
        }
        List<String> self = new ArrayList<>();
        advertised.forEach(u -> self.add(name + "=" + u));
        return "--initial-advertise-peer-urls has " + String.join(",", extra) + " but missing from --initial-cluster="
                + String.join(",", self);
    }

    private static boolean hasDuplicate(Map<String, List<String>> cluster) {
        Set<String> seen = new java.util.HashSet<>();
        for (List<String> urls : cluster.values()) {
            for (String url : urls) {
                if (!seen.add(url)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String render(Map<String, List<String>> cluster) {
        TreeSet<String> pairs = new TreeSet<>();
        cluster.forEach((k, v) -> v.forEach(u -> pairs.add(k + "=" + u)));
        return String.join(",", pairs);
    }

    /** @return whether the member already has a WAL (etcd then skips the bootstrap checks) */
    public static boolean hasWal(Path dataDir) {
        Path wal = dataDir.resolve("member").resolve("wal");
        try (var files = Files.list(wal)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".wal") || Files.isRegularFile(p));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * etcd's fileutil.TouchDirAll: create the data dir with 0700, or warn when an existing one
     * is more open; then check it is writable.
     *
     * @return a warning to log, or null
     * @throws IOException with etcd's "cannot access data directory" message
     */
    public static String touchDataDir(Path dir) throws IOException {
        String warning = null;
        try {
            if (Files.isDirectory(dir)) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
                if (!perms.equals(PRIVATE_DIR)) {
                    warning = "check file permission: directory \"" + dir + "\" exist, but the permission is \"d"
                            + PosixFilePermissions.toString(perms) + "\". The recommended permission is \"-rwx------\""
                            + " to prevent possible unprivileged access to the data.";
                }
            } else {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
            }
            Path touch = dir.resolve(".touch");
            Files.write(touch, new byte[0]);
            Files.delete(touch);
        } catch (IOException e) {
            throw new IOException("cannot access data directory: " + describe(e), e);
        }
        return warning;
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return "open " + a.getFile() + ": permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            return f.getFile() + ": " + f.getReason();
        }
        return e.getMessage();
    }
}
