package io.ketch.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("etcd.conf.yml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void keysAreTheFlagNames() throws IOException {
        Settings s = ConfigFile.load(write("name: n1\ndata-dir: /tmp/x\nheartbeat-interval: 50\n"
                + "listen-client-urls: http://127.0.0.1:24379,http://127.0.0.1:24389\nstrict-reconfig-check: false\n"));
        assertEquals("n1", s.string("name"));
        assertEquals("/tmp/x", s.string("data-dir"));
        assertEquals(50L, s.number("heartbeat-interval"));
        assertEquals(List.of("http://127.0.0.1:24379", "http://127.0.0.1:24389"), s.list("listen-client-urls"));
        assertEquals(false, s.bool("strict-reconfig-check"));
    }

    @Test
    void durationsAreNanosecondsAsInGoJson() throws IOException {
        Settings s = ConfigFile.load(write("grpc-keepalive-min-time: 3000000000\n"));
        assertEquals(Duration.ofSeconds(3), s.duration("grpc-keepalive-min-time"));
    }

    @Test
    void logOutputsIsAList() throws IOException {
        Settings s = ConfigFile.load(write("log-outputs: [stdout]\n"));
        assertEquals(List.of("stdout"), s.list("log-outputs"));
    }

    @Test
    void transportSecurityBlockSetsTheTlsFlags() throws IOException {
        Settings s = ConfigFile.load(write("client-transport-security:\n  cert-file: /c.pem\n"));
        assertEquals(List.of("cert-file"), ConfigMapper.refused(s));
    }

    @Test
    void unknownKeysAreIgnoredAsGoJsonDoes() throws IOException {
        Settings s = ConfigFile.load(write("no-such-key: 1\nname: a\n"));
        assertEquals("a", s.string("name"));
    }

    @Test
    void badUrlUsesEtcdMessage() throws IOException {
        Path file = write("listen-peer-urls: localhost:2380\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigFile.load(file));
        assertEquals("unexpected error setting up listen-peer-urls: URL scheme must be http, https, unix, or unixs: "
                + "localhost:2380", e.getMessage());
    }

    @Test
    void configFileIgnoresOtherFlagsAndEnvironment() throws IOException {
        Path file = write("name: from-file\nlisten-client-urls: http://127.0.0.1:24379\n"
                + "advertise-client-urls: http://127.0.0.1:24379\n");
        Settings flags = FlagParser.parse(List.of("--config-file", file.toString(), "--name", "from-flag"));
        Settings s = Main.resolve(flags, Map.of("ETCD_NAME", "from-env"));
        assertNotNull(s);
        assertEquals("from-file", s.string("name"));
    }

    @Test
    void configFileFromEnvironmentIsRead() throws IOException {
        Path file = write("name: from-file\n");
        Settings s = Main.resolve(FlagParser.parse(List.of()), Map.of("ETCD_CONFIG_FILE", file.toString()));
        assertNotNull(s);
        assertEquals("from-file", s.string("name"));
    }

    @Test
    void flagsAndEnvironmentCombineWithoutConfigFile() {
        Settings s = Main.resolve(FlagParser.parse(List.of("--name", "from-flag")), Map.of("ETCD_SNAPSHOT_COUNT", "9"));
        assertNotNull(s);
        assertEquals("from-flag", s.string("name"));
        assertEquals(9L, s.number("snapshot-count"));
        assertTrue(s.isSet("snapshot-count"));
    }
}
