#!/bin/bash
# Differential check: runs one etcdctl script against an endpoint and prints normalised output.
# Run it against a fresh etcd 3.4.23 and a fresh Ketch member, then diff the two outputs:
#   etcdctl-diff.sh 127.0.0.1:22679 > etcd.txt; etcdctl-diff.sh 127.0.0.1:22579 > ketch.txt; diff etcd.txt ketch.txt
export ETCDCTL_API=3
E="etcdctl --endpoints=$1"
run() { echo "## $*" | sed -E 's/[0-9.]+:[0-9]+/EP/'; "$@" 2>&1 | grep -v '"level":"warn"' | sed -E 's/"cluster_id":[0-9]+/"cluster_id":X/; s/"member_id":[0-9]+/"member_id":X/g; s/"raft_term":[0-9]+/"raft_term":T/; s/127.0.0.1:[0-9]+/EP/g'; }
run $E put a 1 -w json
run $E put b 2 -w json
run $E put c 3 -w json
run $E put a 11 --prev-kv -w json
run $E get a -w json
run $E get a --rev=2 -w json
run $E get a c -w json
run $E get '' --from-key -w json
run $E get a --prefix -w json
run $E get a z --limit=2 -w json
run $E get a z --limit=2 --sort-by=MODIFY --order=DESCEND -w json
run $E get a z --sort-by=VALUE -w json
run $E get a z --keys-only -w json
run $E get a z --count-only -w json
run $E get a z --order=ASCEND --sort-by=VERSION -w json
run $E get a z --sort-by=CREATE --order=DESCEND --limit=1 -w json
run $E get a --rev=100 -w json
run $E get '' -w json
run $E put '' x
run $E put a --ignore-value -w json
run $E put zz --ignore-value
run $E put zz --ignore-lease
run $E put a x --lease=1234
run $E del b -w json
run $E del b -w json
run $E del a z --prev-kv -w json
run $E put k1 v1 -w json
run $E put k2 v2 -w json
printf 'value("k1") = "v1"\n\nput k3 v3\nget k1\n\nput k4 v4\n\n' > /tmp/srv-txn1
run $E txn -w json < /tmp/srv-txn1
printf 'version("k1") > "5"\n\nput k3 v3\n\nget k1\ndel k2\n\n' > /tmp/srv-txn2
run $E txn -w json < /tmp/srv-txn2
printf 'mod("nokey") = "0"\n\nget k1\n\n\n' > /tmp/srv-txn3
run $E txn -w json < /tmp/srv-txn3
printf '\nput x 1\nput x 2\n\n\n' > /tmp/srv-txn4
run $E txn -w json < /tmp/srv-txn4
printf '\ndel k\nput k1 z\n\n\n' > /tmp/srv-txn5
run $E txn -w json < /tmp/srv-txn5
run $E compact 3
run $E compact 3
run $E compact 1000
run $E get k1 --rev=2
run $E get k1 --rev=3 -w json
run $E endpoint hashkv -w json
run $E alarm list
run $E alarm disarm
