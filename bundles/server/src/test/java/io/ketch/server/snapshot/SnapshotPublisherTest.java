package io.ketch.server.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.proto.etcdserverpb.SnapshotResponse;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class SnapshotPublisherTest {
    private final byte[] file = new byte[100_000];

    {
        new java.util.Random(1).nextBytes(file);
    }

    private final List<SnapshotResponse> got = new ArrayList<>();
    private boolean completed;
    private Flow.Subscription subscription;
    private java.nio.file.Path tempFile;

    private void subscribe() {
        new SnapshotPublisher(() -> {
            try {
                tempFile = java.nio.file.Files.createTempFile("snapshot-test", ".db");
                java.nio.file.Files.write(tempFile, file);
                return tempFile;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, Runnable::run).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
            }

            @Override
            public void onNext(SnapshotResponse item) {
                got.add(item);
            }

            @Override
            public void onError(Throwable t) {
                throw new AssertionError(t);
            }

            @Override
            public void onComplete() {
                completed = true;
            }
        });
    }

    @Test
    void streamsChunksWithRemainingBytesThenTheSha256() throws Exception {
        subscribe();
        subscription.request(Long.MAX_VALUE);
        assertTrue(completed);
        assertEquals(5, got.size()); // 4 chunks of up to 32 KiB, then the digest
        assertEquals(100_000 - 32768, got.get(0).getRemainingBytes());
        assertEquals(0, got.get(3).getRemainingBytes());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < 4; i++) {
            all.writeBytes(got.get(i).getBlob().toByteArray());
        }
        assertArrayEquals(file, all.toByteArray());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(file), got.get(4).getBlob().toByteArray());
        assertTrue(!java.nio.file.Files.exists(tempFile), "the temporary file is deleted once streamed");
    }

    @Test
    void cancellingDeletesTheTemporaryFile() {
        subscribe();
        subscription.request(1);
        subscription.cancel();
        assertTrue(!java.nio.file.Files.exists(tempFile));
    }

    @Test
    void sendsOnlyWhatWasRequested() {
        subscribe();
        subscription.request(2);
        assertEquals(2, got.size());
        subscription.request(3);
        assertEquals(5, got.size());
        assertTrue(completed);
    }

    @Test
    void sizesAreHumanisedAsGoHumanizeDoes() {
        assertEquals("1.1 MB", SnapshotPublisher.humanBytes(1056768));
        assertEquals("20 kB", SnapshotPublisher.humanBytes(20480));
        assertEquals("9 B", SnapshotPublisher.humanBytes(9));
    }
}
