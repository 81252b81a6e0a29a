package io.ketch.server.watch;

import io.ketch.proto.etcdserverpb.ResponseHeader;
import io.ketch.server.apply.ServerCore;
import io.ketch.spi.consensus.Consensus;
import io.ketch.spi.consensus.ConsensusStatus;
import io.ketch.spi.etcd.Caller;
import io.ketch.spi.etcd.WatchListener;
import io.ketch.spi.etcd.WatchService;
import io.ketch.spi.etcd.WatchStream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Registers this member's {@link WatchService} (the watch hub on the state machine's commits);
 * headers carry the cluster id, member id and term the consensus layer reports.
 */
@Component(configurationPid = "io.ketch.server", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = WatchService.class)
public final class WatchComponent implements WatchService {
    /** The io.ketch.server keys the watch hub reads. */
    public @interface Config {
        long maxRequestBytes() default 1572864;

        /** etcd's --experimental-watch-progress-notify-interval, in ms (10 minutes). */
        long experimentalWatchProgressNotifyInterval() default 600_000;
    }

    private final WatchServiceImpl service;

    /** Starts the hub. */
    @Activate
    public WatchComponent(Config config, @Reference Consensus consensus, @Reference ServerCore core) {
        HeaderSource headers = revision -> {
            ConsensusStatus s = consensus.status();
            return ResponseHeader.newBuilder().setClusterId(s.clusterId()).setMemberId(s.memberId())
                    .setRaftTerm(s.term()).setRevision(revision).build();
        };
        long interval = config.experimentalWatchProgressNotifyInterval() > 0
                ? config.experimentalWatchProgressNotifyInterval() : 600_000;
        service = new WatchServiceImpl(core.stateMachine(), headers, config.maxRequestBytes(), interval);
    }

    @Deactivate
    void deactivate() {
        service.close();
    }

    @Override
    public WatchStream open(Caller caller, WatchListener listener) {
        return service.open(caller, listener);
    }
}
