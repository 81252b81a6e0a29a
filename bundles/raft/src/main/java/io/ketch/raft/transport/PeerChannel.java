package io.ketch.raft.transport;

import io.ketch.raft.engine.Message;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The long-lived outbound connection to one peer. {@link #send} never blocks: a message goes into a
 * bounded queue (dropped when it is full: Raft resends) and the peer's event loop writes it. A lost
 * connection is re-established with exponential backoff (capped at 1 s); messages queued for an
 * unreachable peer are dropped, as etcd's rafthttp does.
 */
final class PeerChannel {
    private static final System.Logger LOG = System.getLogger("rafthttp");
    private static final long MIN_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 1000;

    private final long peerId;
    private final Bootstrap bootstrap;
    private final EventLoop loop;
    private final Handshake hello;
    private final Supplier<List<String>> urls;
    private final ArrayBlockingQueue<Message> queue;
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    // loop-thread state
    private Channel channel;
    private boolean connecting;
    private boolean active;
    private boolean closed;
    private long backoffMs;
    private int urlIndex;

    PeerChannel(long peerId, Bootstrap bootstrap, EventLoop loop, Handshake hello, Supplier<List<String>> urls, int queueSize) {
        this.peerId = peerId;
        this.bootstrap = bootstrap.clone(loop);
        this.loop = loop;
        this.hello = hello;
        this.urls = urls;
        this.queue = new ArrayBlockingQueue<>(queueSize);
    }

    /** Queues a message; false if the queue is full and it was dropped. */
    boolean send(Message m) {
        boolean queued = queue.offer(m);
        if (flushScheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this::flush);
            } catch (RejectedExecutionException closing) {
                // the transport is shutting down: the message is lost, as on a broken connection
                queue.clear();
            }
        }
        return queued;
    }

    private void flush() {
        flushScheduled.set(false);
        if (closed) {
            return;
        }
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            connect();
            return;
        }
        Message m;
        while (ch.isWritable() && (m = queue.poll()) != null) {
            ch.write(m, ch.voidPromise());
        }
        ch.flush();
    }

    private void connect() {
        if (connecting || closed || (channel != null && channel.isActive())) {
            return;
        }
        List<String> peerUrls = urls.get();
        if (peerUrls.isEmpty()) {
            queue.clear();
            return;
        }
        PeerUrl url = PeerUrl.parse(peerUrls.get(Math.floorMod(urlIndex++, peerUrls.size())));
        connecting = true;
        bootstrap.connect(url.host(), url.port()).addListener((ChannelFuture f) -> loop.execute(() -> connected(f)));
    }

    private void connected(ChannelFuture f) {
        connecting = false;
        if (!f.isSuccess() || closed) {
            f.channel().close();
            unreachable();
            return;
        }
        channel = f.channel();
        channel.pipeline().addLast("writability", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                flush();
                ctx.fireChannelWritabilityChanged();
            }
        });
        channel.writeAndFlush(hello, channel.voidPromise());
        channel.closeFuture().addListener(x -> loop.execute(this::disconnected));
        backoffMs = 0;
        if (!active) {
            active = true;
            LOG.log(Level.INFO, String.format("peer %x became active", peerId));
        }
        flush();
    }

    private void disconnected() {
        channel = null;
        unreachable();
    }

    private void unreachable() {
        queue.clear();
        if (active) {
            active = false;
            LOG.log(Level.WARNING, String.format("peer %x became inactive (message send to peer failed)", peerId));
        }
        if (closed) {
            return;
        }
        backoffMs = backoffMs == 0 ? MIN_BACKOFF_MS : Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        loop.schedule(this::connect, backoffMs, TimeUnit.MILLISECONDS);
    }

    /** Closes the connection for good. */
    void close() {
        try {
            loop.execute(() -> {
                closed = true;
                queue.clear();
                if (channel != null) {
                    channel.close();
                }
            });
        } catch (RejectedExecutionException alreadyClosed) {
            // nothing left to close
        }
    }
}
