package dev.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.engineio.internal.shared.ListenerList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a {@link Socket} keeps its listeners: events by name, any-listeners both ways, event
 * middlewares and error listeners, each a {@link ListenerList} (nothing here locks the socket).
 * The any-, middleware and error lists are created with their first listener: most sockets have
 * none.
 */
final class SocketListeners {

    private static final Logger log = LoggerFactory.getLogger(Socket.class);

    final EventListeners events = new EventListeners();
    private volatile ListenerList<AnyListener> anyIncoming;
    private volatile ListenerList<AnyListener> anyOutgoing;
    private volatile ListenerList<EventMiddleware> middlewares;
    private volatile ListenerList<Consumer<Throwable>> errors;

    synchronized ListenerList<AnyListener> anyIncoming() {
        if (anyIncoming == null) {
            anyIncoming = new ListenerList<>();
        }
        return anyIncoming;
    }

    /**
     * The outgoing any-listeners, made on first use.
     *
     * @param nsp the socket's namespace, told on first use that its broadcasts must ask
     *     their recipients (see {@link Namespace#outgoingListened()})
     * @return the listeners
     */
    synchronized ListenerList<AnyListener> anyOutgoing(Namespace nsp) {
        if (anyOutgoing == null) {
            nsp.markOutgoingListened();
            anyOutgoing = new ListenerList<>();
        }
        return anyOutgoing;
    }

    synchronized ListenerList<EventMiddleware> middlewares() {
        if (middlewares == null) {
            middlewares = new ListenerList<>();
        }
        return middlewares;
    }

    synchronized ListenerList<Consumer<Throwable>> errors() {
        if (errors == null) {
            errors = new ListenerList<>();
        }
        return errors;
    }

    /** {@return the middlewares now, in order; empty when none was added} */
    List<EventMiddleware> middlewareChain() {
        ListenerList<EventMiddleware> m = middlewares;
        return m == null ? List.of() : m.snapshot();
    }

    /** {@return whether anything listens for outgoing events, checked before building their arguments} */
    boolean hasOutgoing() {
        ListenerList<AnyListener> l = anyOutgoing;
        return l != null && !l.isEmpty();
    }

    /** Calls the incoming any-listeners; one that throws is logged. */
    void fireAnyIncoming(String event, EventArgs args, String socketId) {
        fireAny(anyIncoming, event, args, "any-listener", socketId);
    }

    /** Calls the outgoing any-listeners; one that throws is logged. */
    void fireAnyOutgoing(String event, EventArgs args, String socketId) {
        fireAny(anyOutgoing, event, args, "outgoing any-listener", socketId);
    }

    private static void fireAny(ListenerList<AnyListener> list, String event, EventArgs args, String what,
            String socketId) {
        if (list == null) {
            return;
        }
        for (AnyListener l : list) {
            try {
                l.onEvent(event, args);
            } catch (RuntimeException | Error e) {
                log.error("{} for event \"{}\" on socket {} threw", what, event, socketId, e);
            }
        }
    }

    /** Errors from the decoder and from socket middlewares: the error listeners, then {@code error}. */
    void fireError(Throwable error, Socket socket) {
        ListenerList<Consumer<Throwable>> list = errors;
        if (list != null) {
            for (Consumer<Throwable> l : list) {
                try {
                    l.accept(error);
                } catch (RuntimeException | Error e) {
                    log.error("error listener on socket {} threw", socket.id(), e);
                }
            }
        }
        ArrayNode data = JsonNodeFactory.instance.arrayNode(1);
        data.add(String.valueOf(error.getMessage()));
        events.fire("error", new EventArgs(data, 0, socket.mapper, "error"), NoAck.INSTANCE, log, "socket",
                socket.id());
    }

    /** Fires {@code disconnecting} or {@code disconnect} with the reason and its description. */
    void fireDisconnect(String event, DisconnectReason reason, String description, Socket socket) {
        ArrayNode data = JsonNodeFactory.instance.arrayNode(2);
        data.add(reason.text());
        if (description != null) {
            data.add(description);
        }
        events.fire(event, new EventArgs(data, 0, socket.mapper, event), NoAck.INSTANCE, log, "socket",
                socket.id());
    }

    /** {@return a {@code disconnect}/{@code disconnecting} handler calling a typed listener} */
    static EventHandler disconnectHandler(DisconnectListener listener) {
        return (args, ack) -> {
            JsonNode description = args.get(1);
            listener.onDisconnect(DisconnectReason.fromText(args.get(0).asText()),
                    description == null ? null : description.asText());
        };
    }

    /**
     * {@return a handler that maps the first argument to a type; an argument that does not map is logged
     * (with the event and socket id) and the handler is not called}
     */
    static <T> EventHandler typed(Socket socket, String event, Class<T> type, Consumer<T> handler) {
        return (args, ack) -> {
            T value;
            try {
                value = args.get(0, type);
            } catch (IllegalArgumentException e) {
                log.warn("socket {} in {}: event \"{}\" not handled: {}", socket.id(), socket.nsp().name(), event,
                        e.getMessage());
                return;
            }
            handler.accept(value);
        };
    }

    /** The acknowledgement of an event that asked for none. */
    enum NoAck implements Ack {
        INSTANCE;

        @Override
        public boolean requested() {
            return false;
        }

        @Override
        public void send(Object... args) {
        }

        @Override
        public void send(EventArgs args) {
        }
    }
}
