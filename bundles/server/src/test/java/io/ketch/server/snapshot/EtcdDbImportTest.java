package io.ketch.server.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.server.apply.EtcdStateMachine;
import io.ketch.server.mvcc.HashResult;
import io.ketch.spi.storage.WriteTxn;
import io.ketch.storage.memory.MemoryBackend;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** A db file written by etcd 3.4.23 itself, loaded into a Ketch backend. */
class EtcdDbImportTest {
    private static byte[] etcdDb() throws IOException {
        try (InputStream in = EtcdDbImportTest.class.getResourceAsStream("/etcd-db/diff-script-rev13-compact3.db")) {
            return in.readAllBytes();
        }
    }

    @Test
    void etcdsOwnDatabaseGivesTheSameHashKV() throws IOException {
        byte[] db = etcdDb();
        assertTrue(BboltReader.isBbolt(db));
        MemoryBackend backend = new MemoryBackend();
        try (WriteTxn tx = backend.write()) {
            BboltReader.read(db, tx::put);
            tx.commit();
        }
        EtcdStateMachine machine = new EtcdStateMachine(backend);
        HashResult h = machine.hashKV(0);
        // etcdctl endpoint hashkv against that etcd: revision 13, compact_revision 3, hash 2645966869
        assertEquals(new HashResult((int) 2645966869L, 13, 3), h);
    }

    @Test
    void stateMachineRestoresFromAnEtcdDatabase() throws IOException {
        EtcdStateMachine machine = new EtcdStateMachine(new MemoryBackend());
        machine.restore(new java.io.ByteArrayInputStream(etcdDb()), 40, 3);
        assertEquals(40, machine.appliedIndex());
        assertEquals(13, machine.currentRevision());
        assertEquals((int) 2645966869L, machine.hashKV(0).hash());
    }

    @Test
    void etcdsDatabaseSurvivesARoundTripThroughOurWriter() throws IOException {
        MemoryBackend backend = new MemoryBackend();
        try (WriteTxn tx = backend.write()) {
            BboltReader.read(etcdDb(), tx::put);
            tx.commit();
        }
        byte[] ours;
        try (var view = backend.read()) {
            ours = BboltWriter.write(view);
        }
        MemoryBackend again = new MemoryBackend();
        try (WriteTxn tx = again.write()) {
            BboltReader.read(ours, tx::put);
            tx.commit();
        }
        assertEquals(new EtcdStateMachine(backend).hashKV(0), new EtcdStateMachine(again).hashKV(0));
    }
}
