package io.ketch.itests.osgi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The Config Admin configurations of a one-member cluster, as the launcher writes them for
 * {@code etcd --name default --data-dir DIR --listen-client-urls http://127.0.0.1:CLIENT ...}.
 * Property names and types follow the shared contract (camelCase flag names, lists as String[]).
 */
final class MemberConfig {
    final String name = "default";
    final Path dataDir;
    final int clientPort;
    final int peerPort;

    /** A member with a fresh data dir under target/work and the given ports (27000-27999). */
    MemberConfig(String testName, int clientPort, int peerPort) throws IOException {
        Path root = KetchOptions.workDir().resolve(testName + "-" + System.nanoTime());
        this.dataDir = Files.createDirectories(root.resolve("member"));
        this.clientPort = clientPort;
        this.peerPort = peerPort;
    }

    String clientUrl() {
        return "http://127.0.0.1:" + clientPort;
    }

    String peerUrl() {
        return "http://127.0.0.1:" + peerPort;
    }

    /** Storage, raft and server: enough for the KvService to come up (no client listener). */
    void applyCore(ConfigurationAdmin cm) throws IOException {
        Dictionary<String, Object> storage = new Hashtable<>();
        storage.put("dataDir", dataDir.toString());
        update(cm, "io.ketch.storage.mvstore", storage);

        Dictionary<String, Object> raft = new Hashtable<>();
        raft.put("name", name);
        raft.put("dataDir", dataDir.toString());
        raft.put("initialCluster", name + "=" + peerUrl());
        raft.put("initialClusterState", "new");
        raft.put("initialClusterToken", "etcd-cluster");
        raft.put("initialAdvertisePeerUrls", new String[] {peerUrl()});
        raft.put("listenPeerUrls", new String[] {peerUrl()});
        raft.put("advertiseClientUrls", new String[] {clientUrl()});
        update(cm, "io.ketch.raft", raft);

        Dictionary<String, Object> server = new Hashtable<>();
        server.put("name", name);
        server.put("dataDir", dataDir.toString());
        // The server publishes these in its member attributes (ServicesComponent.Config).
        server.put("advertiseClientUrls", new String[] {clientUrl()});
        update(cm, "io.ketch.server", server);
    }

    /** The v3 gRPC client listener on the client port. */
    void applyClientListener(ConfigurationAdmin cm) throws IOException {
        Dictionary<String, Object> grpc = new Hashtable<>();
        grpc.put("name", name);
        grpc.put("listenClientUrls", new String[] {clientUrl()});
        grpc.put("advertiseClientUrls", new String[] {clientUrl()});
        update(cm, "io.ketch.v3grpc", grpc);
    }

    /** Enables the memory backend, ranked above mvstore's default 0 so the server moves to it. */
    static void enableMemoryBackend(ConfigurationAdmin cm, int ranking) throws IOException {
        Dictionary<String, Object> memory = new Hashtable<>();
        memory.put("name", "default");
        memory.put("service.ranking", ranking);
        update(cm, "io.ketch.storage.memory", memory);
    }

    /** Location "?" binds the configuration to whichever bundle's component asks for the PID. */
    private static void update(ConfigurationAdmin cm, String pid, Dictionary<String, Object> properties)
            throws IOException {
        Configuration configuration = cm.getConfiguration(pid, "?");
        configuration.update(properties);
    }
}
