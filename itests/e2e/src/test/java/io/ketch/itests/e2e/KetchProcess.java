package io.ketch.itests.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Ketch as an operator runs it: {@code distribution/target/ketch/bin/ketch} with etcd's flags. */
public final class KetchProcess extends MemberProcess {
    /** A fresh Ketch member named {@code name} working under {@code workDir}. */
    public KetchProcess(String name, Path workDir) {
        super(name, workDir);
        Binaries.requireKetch();
    }

    @Override
    public String kind() {
        return "ketch";
    }

    @Override
    protected List<String> command(List<String> etcdFlags) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Binaries.ketch().toString());
        cmd.addAll(etcdFlags);
        return cmd;
    }
}
