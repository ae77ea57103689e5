package dev.switchboard.socketio;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Executors for {@link SocketIoOptions#handlerExecutor()}: where user handlers run when they may
 * block. Whatever the executor, the server keeps each socket's handlers in order, one at a time.
 */
public final class HandlerExecutors {

    private HandlerExecutors() {
    }

    /**
     * A new executor that starts a virtual thread per task on a JDK that has them (21+), and
     * otherwise a cached pool of daemon platform threads named {@code socketio-handler-N}. The
     * caller owns it and shuts it down after {@link SocketIoServer#close()}.
     *
     * @return the executor
     */
    public static ExecutorService virtualThreads() {
        try {
            Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) factory.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return cachedDaemonThreads();
        }
    }

    /**
     * Whether {@link #virtualThreads()} gives virtual threads on this JDK.
     *
     * @return true on JDK 21 and later
     */
    public static boolean hasVirtualThreads() {
        try {
            Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * A new cached pool of daemon threads named {@code socketio-handler-N}.
     *
     * @return the executor
     */
    public static ExecutorService cachedDaemonThreads() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "socketio-handler-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        return Executors.newCachedThreadPool(factory);
    }
}
