package io.ketch.server.apply;

import io.ketch.spi.consensus.LogEntry;
import io.ketch.spi.consensus.StateMachine;
import io.ketch.spi.storage.Backend;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Registers the {@link EtcdStateMachine} as the {@link StateMachine} and as {@link ServerCore}. The
 * backend reference is dynamic and greedy: a higher-ranked backend arriving at run time gets a
 * copy of the data and takes over (see {@link EtcdStateMachine#swapBackend}).
 */
@Component(configurationPid = "io.ketch.server", configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {StateMachine.class, ServerCore.class})
public final class StateMachineComponent implements StateMachine, ServerCore {
    private volatile Backend bound;
    private volatile EtcdStateMachine machine;

    /** Called by SCR before activation, and again when a better backend appears. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindBackend(Backend backend) {
        synchronized (this) {
            bound = backend;
            if (machine != null) {
                machine.swapBackend(backend);
            }
        }
    }

    void unbindBackend(Backend backend) {
        // the replacement was bound (and received the data) before the old one is unbound
        synchronized (this) {
            if (bound == backend) {
                bound = null;
            }
        }
    }

    /** The io.ketch.server keys this component reads: raft's timing, for etcd's minimum lease TTL. */
    public @interface Config {
        long heartbeatInterval() default 100;
        long electionTimeout() default 1000;
    }

    @Activate
    void activate(Config config) {
        activate(config.heartbeatInterval(), config.electionTimeout());
    }

    /** With etcd's default timing (SCR prefers the Config overload). */
    void activate() {
        activate(100, 1000);
    }

    private void activate(long heartbeatMillis, long electionMillis) {
        synchronized (this) {
            machine = new EtcdStateMachine(bound, new io.ketch.server.lease.Lessor(System::currentTimeMillis,
                    io.ketch.server.lease.Lessor.minTtl(heartbeatMillis, electionMillis)));
        }
    }

    @Deactivate
    void deactivate() {
        machine = null;
    }

    @Override
    public EtcdStateMachine stateMachine() {
        return machine;
    }

    @Override
    public long appliedIndex() {
        return machine.appliedIndex();
    }

    @Override
    public List<Object> apply(List<LogEntry> entries) {
        return machine.apply(entries);
    }

    @Override
    public long snapshot(OutputStream out) throws IOException {
        return machine.snapshot(out);
    }

    @Override
    public void restore(InputStream in, long index, long term) throws IOException {
        machine.restore(in, index, term);
    }
}
