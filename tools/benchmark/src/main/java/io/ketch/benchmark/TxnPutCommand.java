package io.ketch.benchmark;

import com.google.protobuf.ByteString;
import io.ketch.proto.etcdserverpb.KVGrpc;
import io.ketch.proto.etcdserverpb.PutRequest;
import io.ketch.proto.etcdserverpb.RequestOp;
import io.ketch.proto.etcdserverpb.TxnRequest;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code benchmark txn-put}: transactions of {@code --txn-ops} unconditional puts each, over
 * consecutive keys of the key space (etcd 3.4's txn-put).
 */
@Command(name = "txn-put", description = "Benchmark txn-put")
final class TxnPutCommand implements Callable<Integer> {

    @ParentCommand
    BenchmarkMain root;

    @Option(names = "--key-size", defaultValue = "8", description = "Key size of txn put")
    int keySize;

    @Option(names = "--val-size", defaultValue = "8", description = "Value size of txn put")
    int valSize;

    @Option(names = "--txn-ops", defaultValue = "1", description = "Number of puts per txn")
    int txnOps;

    @Option(names = "--rate", defaultValue = "0", description = "Maximum txns per second (0 is no limit)")
    int rate;

    @Option(names = "--total", defaultValue = "10000", description = "Total number of txn requests")
    int total;

    @Option(names = "--key-space-size", defaultValue = "1", description = "Maximum possible keys")
    int keySpaceSize;

    @Override
    public Integer call() {
        if (keySpaceSize <= 0) {
            root.err.printf("expected positive --key-space-size, got (%d)%n", keySpaceSize);
            return 1;
        }
        if (txnOps <= 0) {
            root.err.printf("expected positive --txn-ops, got (%d)%n", txnOps);
            return 1;
        }
        long seed = root.seed();
        byte[] value = new byte[valSize];
        new Random(seed).nextBytes(value);
        ByteString v = ByteString.copyFrom(value);
        try (Connections conns = root.connect()) {
            Report report = new LoadRunner(conns, seed).run("txn-put", total, rate, root.forPeople(),
                    (ch, i, random) -> KVGrpc.newBlockingStub(ch).txn(txn(i, v)));
            root.print("txn-put", null, report.stats());
            return 0;
        }
    }

    /** The {@code i}th transaction: puts to keys {@code (i * txnOps + j) % keySpaceSize}. */
    TxnRequest txn(long i, ByteString value) {
        TxnRequest.Builder t = TxnRequest.newBuilder();
        for (int j = 0; j < txnOps; j++) {
            byte[] k = KeyGen.keyAt((i * txnOps + j) % keySpaceSize, keySize);
            t.addSuccess(RequestOp.newBuilder().setRequestPut(
                    PutRequest.newBuilder().setKey(ByteString.copyFrom(k)).setValue(value)));
        }
        return t.build();
    }
}
