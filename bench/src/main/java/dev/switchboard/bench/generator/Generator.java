package dev.switchboard.bench.generator;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The load generator's engine: one Netty event loop (native epoll where available) that owns every
 * client connection. Scenarios create {@link Client}s, drive them from tasks on {@link #loop()}
 * and read results through {@link #call}.
 *
 * <p>Writes made during one task are flushed together by {@link #flushDirty()}, so a burst of
 * messages to one connection costs one system call.
 */
public final class Generator implements AutoCloseable {

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final boolean epoll;
    private final List<Client> dirty = new ArrayList<>();
    private final long baseNanos = System.nanoTime();

    /** HTTP responses received (all clients), for request-rate figures; written on the loop only. */
    volatile long httpResponses;
    /** Packets that no rule recognised; written on the loop only. */
    volatile long unexpectedPackets;

    /** A generator with its own event loop thread. */
    public Generator() {
        epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        loop = group.next();
        bootstrap = new Bootstrap()
                .group(loop)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 15_000);
    }

    /** Whether the native epoll transport is in use. */
    public boolean epoll() {
        return epoll;
    }

    /** The one event loop every client lives on. */
    public EventLoop loop() {
        return loop;
    }

    /**
     * Nanoseconds since this generator started: the clock that timestamps travel in, short enough
     * to print as a few digits.
     *
     * @param nanoTime a {@link System#nanoTime()} value
     * @return microseconds since the generator's start
     */
    public long micros(long nanoTime) {
        return (nanoTime - baseNanos) / 1_000;
    }

    /**
     * The {@link System#nanoTime()} value of a timestamp made by {@link #micros}.
     *
     * @param micros microseconds since the generator's start
     * @return the nano time
     */
    public long nanosOfMicros(long micros) {
        return baseNanos + micros * 1_000;
    }

    /** HTTP responses received so far. */
    public long httpResponses() {
        return httpResponses;
    }

    /** Packets received that matched no rule so far. */
    public long unexpectedPackets() {
        return unexpectedPackets;
    }

    /**
     * Runs a task on the loop and waits for its result.
     *
     * @param task the task
     * @param timeout how long to wait
     * @param <T> its result type
     * @return its result
     */
    public <T> T call(Callable<T> task, Duration timeout) {
        try {
            return loop.submit(task).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().toString(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("generator loop did not answer within " + timeout, e);
        }
    }

    /**
     * Runs a task on the loop and waits for it.
     *
     * @param task the task
     */
    public void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        }, Duration.ofSeconds(60));
    }

    ChannelFuture connect(InetSocketAddress target, ChannelHandler handler) {
        return bootstrap.clone().handler(handler).connect(target);
    }

    void markDirty(Client client) {
        dirty.add(client);
    }

    /** Flushes every client written to since the last flush. Call on the loop. */
    public void flushDirty() {
        for (int i = 0, n = dirty.size(); i < n; i++) {
            dirty.get(i).flushNow();
        }
        dirty.clear();
    }

    static void closeQuietly(Channel ch) {
        if (ch != null) {
            ch.close();
        }
    }

    /** Stops the loop, closing every connection. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
