package dev.switchboard.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;

/**
 * How {@link NettyServer} does its network I/O: which of Netty's transports runs its event loops.
 *
 * <p>{@link #AUTO}, the default, takes Linux's io_uring where the kernel takes it, else native
 * epoll, else NIO. io_uring measured cheapest on the benchmarks (see {@code docs/GUIDE.md}): a
 * broadcast's writes to thousands of sockets reach the kernel in a few submissions rather than a
 * system call each. {@link #IO_URING} asks for io_uring by name; a kernel that refuses it (too old,
 * or io_uring turned off, as some container runtimes and hardened kernels do) gets epoll instead,
 * and the server logs that once ({@link #AUTO} falls back without a word). {@link #EPOLL} asks for
 * epoll. The native libraries for x86-64 Linux come with the server; elsewhere the native
 * transports are not available and NIO serves.
 */
public enum IoTransport {
    /** io_uring where the kernel takes it, else native epoll where available, else NIO. */
    AUTO,
    /** Native epoll; NIO where it is not available. */
    EPOLL,
    /** Linux io_uring; where the kernel refuses it, as {@link #EPOLL}. */
    IO_URING,
    /** Java NIO, available everywhere. */
    NIO;

    /**
     * The transport this choice gives on this machine: itself when available, else the fallback.
     *
     * @return {@link #EPOLL}, {@link #IO_URING} or {@link #NIO}
     */
    public IoTransport resolve() {
        return switch (this) {
            case AUTO, IO_URING -> IoUring.isAvailable() ? IO_URING : EPOLL.resolve();
            case EPOLL -> Epoll.isAvailable() ? EPOLL : NIO;
            case NIO -> NIO;
        };
    }

    /** {@return why this transport is not available here, or null when it is} */
    Throwable unavailabilityCause() {
        return switch (this) {
            case IO_URING -> IoUring.unavailabilityCause();
            case EPOLL -> Epoll.unavailabilityCause();
            case AUTO, NIO -> null;
        };
    }

    /** {@return the I/O handler of a resolved transport} */
    IoHandlerFactory ioHandlerFactory() {
        return switch (this) {
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
            case AUTO -> throw new IllegalStateException("resolve() first");
        };
    }

    /** {@return the server channel type of a resolved transport} */
    Class<? extends ServerChannel> serverChannelType() {
        return switch (this) {
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> IoUringServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
            case AUTO -> throw new IllegalStateException("resolve() first");
        };
    }
}
