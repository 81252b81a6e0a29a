package io.ketch.server.apply;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ketch.proto.etcdserverpb.AlarmMember;
import io.ketch.proto.etcdserverpb.AlarmRequest;
import io.ketch.proto.etcdserverpb.AlarmResponse;
import io.ketch.proto.etcdserverpb.AlarmType;
import io.ketch.proto.etcdserverpb.Request;
import io.ketch.spi.storage.ReadTxn;
import io.ketch.spi.storage.WriteTxn;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster-level state etcd keeps beside the key space: the cluster version (bucket
 * {@code cluster}, key {@code clusterVersion}, as etcd 3.4), the attributes members published
 * (bucket {@code memberAttributes}; etcd keeps them in its v2 store), and alarms (bucket
 * {@code alarm}, key = the marshalled AlarmMember, as etcd).
 */
public final class ClusterState {
    private static final System.Logger MEMBERSHIP_LOG = System.getLogger("etcdserver/membership");
    private static final System.Logger API_LOG = System.getLogger("etcdserver/api");
    static final String CLUSTER_BUCKET = "cluster";
    static final String ATTRIBUTES_BUCKET = "memberAttributes";
    static final String ALARM_BUCKET = "alarm";
    private static final byte[] CLUSTER_VERSION = "clusterVersion".getBytes(StandardCharsets.UTF_8);
    private static final Pattern ATTRIBUTES_PATH = Pattern.compile("/0/members/([0-9a-f]+)/attributes");
    private static final Pattern NAME = Pattern.compile("\"name\":\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern URLS = Pattern.compile("\"clientURLs\":\\[([^\\]]*)\\]");

    /** What a member published about itself. */
    public record Attributes(String name, List<String> clientUrls) {
        /** The v2 JSON etcd stores: {"name":...,"clientURLs":[...]}. */
        public String toJson() {
            StringBuilder sb = new StringBuilder("{\"name\":\"").append(name).append("\",\"clientURLs\":[");
            for (int i = 0; i < clientUrls.size(); i++) {
                sb.append(i == 0 ? "" : ",").append('"').append(clientUrls.get(i)).append('"');
            }
            return sb.append("]}").toString();
        }

        static Attributes fromJson(String json) {
            Matcher n = NAME.matcher(json);
            Matcher u = URLS.matcher(json);
            List<String> urls = new ArrayList<>();
            if (u.find()) {
                for (String s : u.group(1).split(",")) {
                    String t = s.trim();
                    if (t.length() >= 2) {
                        urls.add(t.substring(1, t.length() - 1));
                    }
                }
            }
            return new Attributes(n.find() ? n.group(1) : "", urls);
        }
    }

    private volatile String clusterVersion;
    private final Map<Long, Attributes> attributes = new ConcurrentHashMap<>();
    private final Set<AlarmMember> alarms = new LinkedHashSet<>();

    /** Reloads everything from a backend view. */
    void load(ReadTxn tx) {
        byte[] v = tx.get(CLUSTER_BUCKET, CLUSTER_VERSION);
        clusterVersion = v == null ? null : new String(v, StandardCharsets.UTF_8);
        attributes.clear();
        tx.scan(ATTRIBUTES_BUCKET, new byte[0], null, (k, val) -> {
            attributes.put(Long.parseUnsignedLong(new String(k, StandardCharsets.UTF_8), 16),
                    Attributes.fromJson(new String(val, StandardCharsets.UTF_8)));
            return true;
        });
        synchronized (alarms) {
            alarms.clear();
            tx.scan(ALARM_BUCKET, new byte[0], null, (k, val) -> {
                alarms.add(parseAlarm(k));
                return true;
            });
        }
    }

    /** Applies etcd's v2 bootstrap requests: member attributes and the cluster version. */
    void applyV2(WriteTxn tx, Request r) {
        if (!"PUT".equals(r.getMethod())) {
            return;
        }
        if ("/0/version".equals(r.getPath())) {
            tx.put(CLUSTER_BUCKET, CLUSTER_VERSION, r.getVal().getBytes(StandardCharsets.UTF_8));
            logVersion(clusterVersion, r.getVal());
            clusterVersion = r.getVal();
            return;
        }
        Matcher m = ATTRIBUTES_PATH.matcher(r.getPath());
        if (m.matches()) {
            tx.put(ATTRIBUTES_BUCKET, m.group(1).getBytes(StandardCharsets.UTF_8),
                    r.getVal().getBytes(StandardCharsets.UTF_8));
            attributes.put(Long.parseUnsignedLong(m.group(1), 16), Attributes.fromJson(r.getVal()));
        }
    }

    /** etcd's membership and api log lines for a cluster version change ("3.4.0" prints as 3.4). */
    private static void logVersion(String old, String now) {
        String shown = majorMinor(now);
        if (old == null) {
            MEMBERSHIP_LOG.log(System.Logger.Level.INFO, "set the initial cluster version to " + shown);
        } else if (!majorMinor(old).equals(shown)) {
            MEMBERSHIP_LOG.log(System.Logger.Level.INFO, "updated the cluster version from " + majorMinor(old) + " to " + shown);
        } else {
            return;
        }
        API_LOG.log(System.Logger.Level.INFO, "enabled capabilities for version " + shown);
    }

    private static String majorMinor(String version) {
        String[] parts = version.split("\\.");
        return parts.length >= 2 ? parts[0] + "." + parts[1] : version;
    }

    /** etcd's applierV3backend.Alarm. */
    AlarmResponse alarm(WriteTxn tx, AlarmRequest r) {
        AlarmResponse.Builder resp = AlarmResponse.newBuilder();
        AlarmMember m = AlarmMember.newBuilder().setMemberID(r.getMemberID()).setAlarm(r.getAlarm()).build();
        synchronized (alarms) {
            switch (r.getAction()) {
                case GET:
                    resp.addAllAlarms(alarms(r.getAlarm()));
                    break;
                case ACTIVATE:
                    if (r.getAlarm() != AlarmType.NONE) {
                        tx.put(ALARM_BUCKET, m.toByteArray(), new byte[0]);
                        alarms.add(m);
                        resp.addAlarms(m);
                    }
                    break;
                case DEACTIVATE:
                    if (alarms.remove(m)) {
                        tx.delete(ALARM_BUCKET, m.toByteArray());
                        resp.addAlarms(m);
                    }
                    break;
                default:
                    break;
            }
        }
        return resp.build();
    }

    /** The active alarms of a type, or all for NONE. */
    public List<AlarmMember> alarms(AlarmType type) {
        synchronized (alarms) {
            List<AlarmMember> out = new ArrayList<>();
            for (AlarmMember a : alarms) {
                if (type == AlarmType.NONE || a.getAlarm() == type) {
                    out.add(a);
                }
            }
            return out;
        }
    }

    /** The cluster version set by the leader ("3.4.0"), empty before it was set. */
    public Optional<String> clusterVersion() {
        return Optional.ofNullable(clusterVersion);
    }

    /** What a member published, if it did. */
    public Optional<Attributes> attributes(long memberId) {
        return Optional.ofNullable(attributes.get(memberId));
    }

    private static AlarmMember parseAlarm(byte[] k) {
        try {
            return AlarmMember.parseFrom(k);
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException("corrupt alarm record", e);
        }
    }
}
