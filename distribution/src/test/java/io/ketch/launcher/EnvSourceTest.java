package io.ketch.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSourceTest {

    @Test
    void variableSetsItsFlag() {
        Settings s = FlagParser.parse(List.of());
        EnvSource.apply(s, Map.of("ETCD_NAME", "n2", "ETCD_SNAPSHOT_COUNT", "7"));
        assertEquals("n2", s.string("name"));
        assertEquals(7L, s.number("snapshot-count"));
    }

    @Test
    void usedVariableIsReportedAsEtcdDoes() {
        EnvSource.Outcome outcome = EnvSource.apply(FlagParser.parse(List.of()), Map.of("ETCD_NAME", "n2"));
        assertEquals(List.of("recognized and used environment variable ETCD_NAME=n2"), outcome.used());
    }

    @Test
    void variableShadowedByAFlagIsFatal() {
        Settings s = FlagParser.parse(List.of("--name", "y"));
        EnvSource.ConflictException e = assertThrows(EnvSource.ConflictException.class,
                () -> EnvSource.apply(s, Map.of("ETCD_NAME", "x")));
        assertEquals("conflicting environment variable \"ETCD_NAME\" is shadowed by corresponding command-line flag "
                + "(either unset environment variable or disable flag)", e.getMessage());
    }

    @Test
    void unknownEtcdVariableIsWarned() {
        EnvSource.Outcome outcome = EnvSource.apply(FlagParser.parse(List.of()), Map.of("ETCD_BOGUS", "1", "HOME", "/"));
        assertEquals(List.of("unrecognized environment variable ETCD_BOGUS=1"), outcome.warnings());
    }

    @Test
    void badValueNamesTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EnvSource.apply(FlagParser.parse(List.of()), Map.of("ETCD_HEARTBEAT_INTERVAL", "x")));
        assertEquals("invalid value \"x\" for ETCD_HEARTBEAT_INTERVAL: parse error", e.getMessage());
    }

    @Test
    void variableCountsAsSetForTheAdvertiseRule() {
        Settings s = FlagParser.parse(List.of());
        EnvSource.apply(s, Map.of("ETCD_LISTEN_CLIENT_URLS", "http://127.0.0.1:24379"));
        Validation.applyCommandLineRules(s);
        assertEquals(Validation.UNSET_ADVERTISE_CLIENT_URLS, Validation.validate(s));
    }
}
