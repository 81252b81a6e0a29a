package io.ketch.v3.grpc.transport;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;

/**
 * The only class that names Netty's epoll types, so that without the (optional) epoll bundle or
 * its native library the listener falls back to NIO instead of failing to load.
 */
final class EpollProbe {
    private EpollProbe() {
    }

    static boolean available() {
        try {
            return Epoll.isAvailable();
        } catch (LinkageError missing) {
            return false;
        }
    }

    static IoHandlerFactory ioHandlerFactory() {
        return EpollIoHandler.newFactory();
    }

    static Class<? extends ServerChannel> serverChannel() {
        return EpollServerSocketChannel.class;
    }
}
