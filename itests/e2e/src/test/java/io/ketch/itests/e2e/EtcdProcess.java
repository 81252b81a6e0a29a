package io.ketch.itests.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The reference: the real etcd 3.4.23 from Debian's etcd-server. */
public final class EtcdProcess extends MemberProcess {
    /** A fresh etcd member named {@code name} working under {@code workDir}. */
    public EtcdProcess(String name, Path workDir) {
        super(name, workDir);
        Binaries.requireEtcd();
    }

    @Override
    public String kind() {
        return "etcd";
    }

    @Override
    protected List<String> command(List<String> etcdFlags) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Binaries.ETCD.toString());
        cmd.addAll(etcdFlags);
        return cmd;
    }
}
