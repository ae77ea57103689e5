package dev.switchboard.engineio.internal;

import java.util.Arrays;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A copy-on-write list of listeners kept as a bare array, so a session with one listener per event
 * (the usual case under Socket.IO) pays one small array and nothing per event kind it ignores.
 * Not thread-safe: used on the session's event loop, or before the session is shared.
 */
public final class Listeners {

    private static final Logger log = LoggerFactory.getLogger(Listeners.class);
    private static final Object[] NONE = new Object[0];

    private Listeners() {
    }

    /** The empty list. */
    public static Object[] none() {
        return NONE;
    }

    /**
     * A list with one more listener.
     *
     * @param list the current list
     * @param listener the listener to append
     * @return the new list
     */
    public static Object[] add(Object[] list, Object listener) {
        Object[] out = Arrays.copyOf(list, list.length + 1);
        out[list.length] = listener;
        return out;
    }

    /**
     * Calls every listener with {@code value}; a listener that throws is logged and the others
     * still run, so one faulty application callback cannot break the session.
     *
     * @param list the listeners, each a {@code Consumer<T>}
     * @param value the argument
     * @param event the event name, for the log
     * @param <T> the argument type
     */
    @SuppressWarnings("unchecked")
    public static <T> void fire(Object[] list, T value, String event) {
        for (Object l : list) {
            try {
                ((Consumer<T>) l).accept(value);
            } catch (RuntimeException e) {
                log.error("A '{}' listener threw", event, e);
            }
        }
    }

    /**
     * Calls every listener.
     *
     * @param list the listeners, each a {@code Runnable}
     * @param event the event name, for the log
     */
    public static void run(Object[] list, String event) {
        for (Object l : list) {
            try {
                ((Runnable) l).run();
            } catch (RuntimeException e) {
                log.error("A '{}' listener threw", event, e);
            }
        }
    }
}
