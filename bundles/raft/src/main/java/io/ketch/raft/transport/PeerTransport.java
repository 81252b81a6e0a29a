package io.ketch.raft.transport;

import io.ketch.raft.engine.Message;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The peer transport: a TCP server on every listen peer URL and one long-lived outbound connection
 * per peer, each carrying length-prefixed {@code raftpb.Message} frames after a {@link Handshake}.
 * {@link #send} is safe to call from the Raft loop: it only queues.
 */
public final class PeerTransport implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("rafthttp");

    private final TransportConfig config;
    private final PeerDirectory directory;
    private final EventLoopGroup group;
    private final Bootstrap client;
    private final List<Channel> servers = new ArrayList<>();
    /** Every open connection, both directions: closed explicitly so peers see this member go away at once. */
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Map<Long, PeerChannel> peers = new ConcurrentHashMap<>();
    private long dropped;
    private volatile boolean closed;

    private PeerTransport(TransportConfig config, PeerDirectory directory) {
        this.config = config;
        this.directory = directory;
        this.group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("raft-peer", true), NioIoHandler.newFactory());
        this.client = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 1000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        WireCodec.install(ch.pipeline(), config.maxFrameBytes());
                    }
                });
    }

    /** Binds every listen URL (refusing https) and returns the running transport; inbound messages go to sink. */
    public static PeerTransport start(TransportConfig config, PeerDirectory directory, Consumer<Message> sink) throws IOException {
        List<PeerUrl> listen = config.listenUrls().stream().map(PeerUrl::parse).toList();
        PeerTransport t = new PeerTransport(config, directory);
        try {
            ServerBootstrap server = new ServerBootstrap().group(t.group).channel(NioServerSocketChannel.class)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            t.connections.add(ch);
                            WireCodec.install(ch.pipeline(), config.maxFrameBytes());
                            ch.pipeline().addLast("inbound", new InboundHandler(config, directory, sink));
                        }
                    });
            for (PeerUrl url : listen) {
                var f = server.bind(url.host(), url.port()).awaitUninterruptibly();
                if (!f.isSuccess()) {
                    throw new IOException("cannot listen for peers on " + url.host() + ":" + url.port() + ": "
                            + f.cause().getMessage(), f.cause());
                }
                t.servers.add(f.channel());
                LOG.log(Level.INFO, String.format("listening for peers on %s", f.channel().localAddress()));
            }
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** Queues messages for their peers; never blocks (a full per-peer queue drops: Raft resends). */
    public void send(List<Message> messages) {
        if (closed) {
            return;
        }
        for (Message m : messages) {
            if (m.to() == config.memberId() || m.to() == 0) {
                continue;
            }
            PeerChannel peer = peers.computeIfAbsent(m.to(), id -> new PeerChannel(id, client, group.next(),
                    new Handshake(config.clusterId() != 0 ? config.clusterId() : directory.clusterId(), config.memberId(), id), () -> directory.peerUrls(id), config.queueSize()));
            if (!peer.send(m) && (++dropped & 1023) == 1) {
                LOG.log(Level.WARNING, String.format("dropped internal raft message to %x since sending buffer is full", m.to()));
            }
        }
    }

    /** The addresses the server is bound to (for a test that listened on port 0). */
    public List<InetSocketAddress> boundAddresses() {
        return servers.stream().map(c -> (InetSocketAddress) c.localAddress()).toList();
    }

    /** Stops listening and closes every peer connection. */
    @Override
    public void close() {
        closed = true;
        peers.values().forEach(PeerChannel::close);
        servers.forEach(c -> c.close().awaitUninterruptibly());
        connections.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
