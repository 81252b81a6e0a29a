package io.ketch.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlagParserTest {

    private static Settings parse(String... args) {
        return FlagParser.parse(List.of(args));
    }

    @Test
    void doubleDashWithSeparateValue() {
        assertEquals("n1", parse("--name", "n1").string("name"));
    }

    @Test
    void doubleDashWithEquals() {
        assertEquals("n1", parse("--name=n1").string("name"));
    }

    @Test
    void singleDashWithSeparateValue() {
        assertEquals("n1", parse("-name", "n1").string("name"));
    }

    @Test
    void singleDashWithEquals() {
        assertEquals("n1", parse("-name=n1").string("name"));
    }

    @Test
    void valueMayStartWithDash() {
        assertEquals("-x", parse("--name", "-x").string("name"));
    }

    @Test
    void bareBooleanIsTrue() {
        assertTrue(parse("--force-new-cluster").bool("force-new-cluster"));
    }

    @Test
    void booleanTakesValueOnlyAfterEquals() {
        assertFalse(parse("--strict-reconfig-check=false").bool("strict-reconfig-check"));
    }

    @Test
    void booleanDoesNotConsumeTheNextArgument() {
        Settings s = parse("--force-new-cluster", "false");
        assertTrue(s.bool("force-new-cluster"));
        assertEquals(List.of("false"), s.positional());
    }

    @Test
    void badBooleanUsesGoMessage() {
        UsageException e = assertThrows(UsageException.class, () -> parse("--debug=maybe"));
        assertEquals("invalid boolean value \"maybe\" for -debug: parse error", e.getMessage());
    }

    @Test
    void unknownFlagUsesGoMessage() {
        UsageException e = assertThrows(UsageException.class, () -> parse("--bogus"));
        assertEquals("flag provided but not defined: -bogus", e.getMessage());
    }

    @Test
    void missingArgumentUsesGoMessage() {
        UsageException e = assertThrows(UsageException.class, () -> parse("--name"));
        assertEquals("flag needs an argument: -name", e.getMessage());
    }

    @Test
    void badIntegerUsesGoMessage() {
        UsageException e = assertThrows(UsageException.class, () -> parse("--heartbeat-interval", "abc"));
        assertEquals("invalid value \"abc\" for flag -heartbeat-interval: parse error", e.getMessage());
    }

    @Test
    void urlWithoutSchemeUsesEtcdMessage() {
        UsageException e = assertThrows(UsageException.class, () -> parse("--listen-client-urls", "127.0.0.1:2379"));
        assertEquals("invalid value \"127.0.0.1:2379\" for flag -listen-client-urls: parse \"127.0.0.1:2379\": "
                + "first path segment in URL cannot contain colon", e.getMessage());
    }

    @Test
    void tripleDashIsBadSyntax() {
        UsageException e = assertThrows(UsageException.class, () -> parse("---name"));
        assertEquals("bad flag syntax: ---name", e.getMessage());
    }

    @Test
    void helpFlagsRequestHelp() {
        assertThrows(HelpRequested.class, () -> parse("-h"));
        assertThrows(HelpRequested.class, () -> parse("--help"));
    }

    @Test
    void doubleDashEndsTheFlags() {
        Settings s = parse("--name", "a", "--", "--name", "b");
        assertEquals("a", s.string("name"));
        assertEquals(List.of("--name", "b"), s.positional());
    }

    @Test
    void urlListsAreSortedAndDeduplicated() {
        Settings s = parse("--listen-client-urls", "http://127.0.0.2:1,http://127.0.0.1:1,http://127.0.0.2:1");
        assertEquals(List.of("http://127.0.0.1:1", "http://127.0.0.2:1"), s.list("listen-client-urls"));
    }

    @Test
    void durationsUseGoSyntax() {
        assertEquals(Duration.ofMinutes(90), parse("--grpc-keepalive-interval", "1h30m").duration("grpc-keepalive-interval"));
    }

    @Test
    void selectiveValueOutsideItsSetIsRejected() {
        UsageException e = assertThrows(UsageException.class, () -> parse("--initial-cluster-state", "foo"));
        assertEquals("invalid value \"foo\" for flag -initial-cluster-state: invalid value", e.getMessage());
    }

    @Test
    void ignoredLegacyFlagIsAcceptedWithAWarning() {
        Settings s = parse("--peer-heartbeat-interval");
        assertEquals(List.of("flag \"-peer-heartbeat-interval\" is no longer supported - ignoring."), s.warnings());
    }

    @Test
    void laterFlagWins() {
        assertEquals("b", parse("--name", "a", "--name", "b").string("name"));
    }
}
