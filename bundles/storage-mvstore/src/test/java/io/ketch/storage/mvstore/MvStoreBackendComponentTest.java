package io.ketch.storage.mvstore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ketch.spi.storage.ReadTxn;
import io.ketch.spi.storage.WriteTxn;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DS component opens the store under the configured member directory and closes it. */
class MvStoreBackendComponentTest {
    @TempDir
    Path dir;

    private MvStoreBackendComponent.Config config(Path dataDir) {
        return new MvStoreBackendComponent.Config() {
            @Override
            public String dataDir() {
                return dataDir.toString();
            }

            @Override
            public int cacheSizeMb() {
                return 8;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return MvStoreBackendComponent.Config.class;
            }
        };
    }

    @Test
    void deactivatedComponentLeavesItsDataForTheNextActivation() {
        Path member = dir.resolve("member");
        MvStoreBackendComponent first = new MvStoreBackendComponent(config(member));
        try (WriteTxn w = first.write()) {
            w.put("meta", new byte[] {1}, new byte[] {2});
            w.commit();
        }
        first.deactivate();
        assertTrue(Files.isRegularFile(member.resolve("snap/db.mv")));
        MvStoreBackendComponent second = new MvStoreBackendComponent(config(member));
        try (ReadTxn r = second.read()) {
            assertArrayEquals(new byte[] {2}, r.get("meta", new byte[] {1}));
        }
        assertEquals("mvstore", second.name());
        second.deactivate();
    }
}
