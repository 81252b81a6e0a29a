package io.ketch.raft.transport;

import io.ketch.raft.engine.Message;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/**
 * The receiving side of a peer connection: the first frame must be a {@link Handshake} this member
 * accepts; every later frame is a Raft message from that peer, handed to the node's queue.
 */
final class InboundHandler extends SimpleChannelInboundHandler<Object> {
    private static final System.Logger LOG = System.getLogger("rafthttp");

    private final TransportConfig config;
    private final PeerDirectory directory;
    private final Consumer<Message> sink;
    private long peer;

    InboundHandler(TransportConfig config, PeerDirectory directory, Consumer<Message> sink) {
        this.config = config;
        this.directory = directory;
        this.sink = sink;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        if (peer == 0) {
            String refusal = msg instanceof Handshake h ? refusal(h) : "no handshake";
            if (refusal != null) {
                LOG.log(Level.WARNING, String.format("rejected peer connection from %s: %s", ctx.channel().remoteAddress(), refusal));
                ctx.close();
                return;
            }
            peer = ((Handshake) msg).from();
            return;
        }
        // a message must come from the peer that shook hands and be meant for this member
        if (msg instanceof Message m && m.from() == peer && m.to() == config.memberId()) {
            sink.accept(m);
        }
    }

    /** Why a handshake is refused, or null to accept it. */
    String refusal(Handshake h) {
        long local = config.clusterId() != 0 ? config.clusterId() : directory.clusterId();
        if (local == 0 && h.clusterId() != 0 && h.to() == config.memberId() && h.from() != 0 && directory.allowed(h.from())) {
            // a joining member: a peer of its initial cluster that wants it by id tells the cluster id
            directory.clusterIdLearned(h.clusterId());
            local = h.clusterId();
        }
        if (h.clusterId() != local) {
            return String.format("cluster ID mismatch (local %x, remote %x)", local, h.clusterId());
        }
        if (h.to() != config.memberId()) {
            return String.format("the peer wants member %x, this is %x", h.to(), config.memberId());
        }
        if (h.from() == 0 || !directory.allowed(h.from())) {
            return String.format("member %x is not (or no longer) a member of cluster %x", h.from(), config.clusterId());
        }
        return null;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.WARNING, String.format("closing peer connection from %s: %s", ctx.channel().remoteAddress(), cause));
        ctx.close();
    }
}
