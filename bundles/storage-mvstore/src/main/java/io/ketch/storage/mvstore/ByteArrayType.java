package io.ketch.storage.mvstore;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/** byte[] keys and values, compared as unsigned bytes (etcd's and bbolt's order). */
final class ByteArrayType extends BasicDataType<byte[]> {
    static final ByteArrayType INSTANCE = new ByteArrayType();

    private ByteArrayType() {
    }

    @Override
    public int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    @Override
    public int getMemory(byte[] obj) {
        return 24 + obj.length;
    }

    @Override
    public void write(WriteBuffer buff, byte[] obj) {
        buff.putVarInt(obj.length).put(obj);
    }

    @Override
    public byte[] read(ByteBuffer buff) {
        byte[] b = new byte[DataUtils.readVarInt(buff)];
        buff.get(b);
        return b;
    }

    @Override
    public byte[][] createStorage(int size) {
        return new byte[size][];
    }
}
