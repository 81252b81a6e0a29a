package io.ketch.v3.grpc.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.junit.jupiter.api.Test;

class EventLoopsTest {
    @Test
    void epollIsChosenWhereItIsAvailable() {
        assumeTrue(Epoll.isAvailable(), "no native epoll here");
        try (EventLoops loops = EventLoops.create()) {
            assertTrue(loops.isEpoll());
            assertEquals(EpollServerSocketChannel.class, loops.serverChannel());
        }
    }

    @Test
    void nioIsTheFallback() {
        try (EventLoops loops = EventLoops.nio()) {
            assertEquals(NioServerSocketChannel.class, loops.serverChannel());
        }
    }
}
