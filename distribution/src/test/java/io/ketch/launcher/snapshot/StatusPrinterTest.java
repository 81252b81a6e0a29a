package io.ketch.launcher.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class StatusPrinterTest {
    private static final SnapshotStatus STATUS = new SnapshotStatus(0xafaa4000L, 4, 7, 24576);

    @Test
    void sizesAreGoHumanizeBytes() {
        assertEquals("9 B", StatusPrinter.humanBytes(9));
        assertEquals("10 B", StatusPrinter.humanBytes(10));
        assertEquals("1.0 kB", StatusPrinter.humanBytes(1000));
        assertEquals("25 kB", StatusPrinter.humanBytes(24576));
        assertEquals("2.1 MB", StatusPrinter.humanBytes(2_097_152));
    }

    @Test
    void tableIsEtcdctls() {
        // etcdctl 3.4.23 snapshot status -w table on a snapshot with this status
        assertEquals("""
                +----------+----------+------------+------------+
                |   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |
                +----------+----------+------------+------------+
                | afaa4000 |        4 |          7 |      25 kB |
                +----------+----------+------------+------------+
                """, StatusPrinter.print(STATUS, "table"));
    }

    @Test
    void jsonAndSimpleAreEtcdctls() {
        assertEquals("{\"hash\":2947170304,\"revision\":4,\"totalKey\":7,\"totalSize\":24576}\n",
                StatusPrinter.print(STATUS, "json"));
        assertEquals("afaa4000, 4, 7, 25 kB\n", StatusPrinter.print(STATUS, "simple"));
    }

    @Test
    void unknownFormatHasNoOutput() {
        assertNull(StatusPrinter.print(STATUS, "protobuf"));
    }
}
