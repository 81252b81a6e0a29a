package io.ketch.v3.grpc.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The Netty threads shared by all client listeners: epoll when its classes and native library are
 * there, NIO otherwise.
 */
public final class EventLoops implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> serverChannel;
    private final boolean epoll;

    private EventLoops(IoHandlerFactory io, Class<? extends ServerChannel> serverChannel, boolean epoll) {
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ketch-client-accept", true), io);
        this.workers = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("ketch-client-io", true), io);
        this.serverChannel = serverChannel;
        this.epoll = epoll;
    }

    /** Epoll if available, NIO otherwise. */
    public static EventLoops create() {
        if (EpollProbe.available()) {
            return new EventLoops(EpollProbe.ioHandlerFactory(), EpollProbe.serverChannel(), true);
        }
        return nio();
    }

    /** Always NIO. */
    public static EventLoops nio() {
        return new EventLoops(NioIoHandler.newFactory(), NioServerSocketChannel.class, false);
    }

    public EventLoopGroup boss() {
        return boss;
    }

    public EventLoopGroup workers() {
        return workers;
    }

    public Class<? extends ServerChannel> serverChannel() {
        return serverChannel;
    }

    /** True when the listeners run on epoll. */
    public boolean isEpoll() {
        return epoll;
    }

    @Override
    public void close() {
        boss.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 5, TimeUnit.SECONDS);
        boss.terminationFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
        workers.terminationFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
