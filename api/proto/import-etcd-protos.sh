#!/usr/bin/env bash
# Regenerates src/main/proto from etcd 3.4's own .proto files (Debian: golang-etcd-server-dev).
# jetcd-grpc's copies are not etcd 3.4's (no LeaseLeases, no MemberPromote, an extra Watch.Progress),
# so we take the wire contract from etcd itself. Only gogoproto options go; every message, field,
# service and google.api.http route stays as etcd wrote it. Each file gets a java_package of ours.
set -euo pipefail
src=${ETCD_SRC:-/usr/share/gocode/src/go.etcd.io/etcd}
dst=$(cd "$(dirname "$0")" && pwd)/src/main/proto/etcd
declare -A pkg=(
  [etcdserver/etcdserverpb/rpc.proto]=io.ketch.proto.etcdserverpb
  [etcdserver/etcdserverpb/etcdserver.proto]=io.ketch.proto.etcdserverpb
  [etcdserver/etcdserverpb/raft_internal.proto]=io.ketch.proto.etcdserverpb
  [mvcc/mvccpb/kv.proto]=io.ketch.proto.mvccpb
  [auth/authpb/auth.proto]=io.ketch.proto.authpb
  [lease/leasepb/lease.proto]=io.ketch.proto.leasepb
  [raft/raftpb/raft.proto]=io.ketch.proto.raftpb
  [etcdserver/api/v3lock/v3lockpb/v3lock.proto]=io.ketch.proto.v3lockpb
  [etcdserver/api/v3election/v3electionpb/v3election.proto]=io.ketch.proto.v3electionpb
)
for f in "${!pkg[@]}"; do
  mkdir -p "$dst/$(dirname "$f")"
  {
    echo "// Imported from etcd v3.4 ($f) by api/proto/import-etcd-protos.sh; Apache License 2.0, The etcd Authors."
    echo "// Changes: gogoproto options removed, java options added. The wire format is etcd's."
    sed -e '/import "gogoproto\/gogo.proto";/d' \
        -e '/^option (gogoproto\./d' \
        -e 's#^import "\(etcdserver\|rpc\)\.proto";#import "etcd/etcdserver/etcdserverpb/\1.proto";#' \
        -e 's/ *\[(gogoproto\.[^]]*\]//g' \
        -e 's/^package \(.*\);/package \1;\noption java_package = "'"${pkg[$f]}"'";\noption java_multiple_files = true;/' \
        "$src/$f"
  } > "$dst/$f"
done
