package dev.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.socketio.adapter.BroadcastFlags;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import dev.switchboard.socketio.adapter.PersistedSession;
import dev.switchboard.socketio.internal.Values;
import dev.switchboard.socketio.protocol.Packet;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol side of a {@link Socket}, kept out of its user API: the CONNECT reply, incoming
 * packets (events through any-listeners and middlewares to listeners, acknowledgements, the
 * client's DISCONNECT), the leaving sequence and broadcast delivery. Called on the socket's event
 * loop; user code runs in the socket's handler context.
 */
final class SocketProtocol {

    private static final Logger log = LoggerFactory.getLogger(Socket.class);

    private SocketProtocol() {
    }

    /** The namespace accepted the socket: join its own room and answer the CONNECT. */
    static void onConnect(Socket socket) {
        socket.connected = true;
        socket.nsp().server().counters().connects.increment();
        socket.join(socket.id());
        socket.writePacket(socket.client.revision().connectReply(socket.nsp().name(), socket.id(), socket.pid), false);
    }

    static void onPacket(Socket socket, Packet packet) {
        if (packet instanceof Packet.Event event) {
            onEvent(socket, event);
        } else if (packet instanceof Packet.Ack ack) {
            socket.nsp().server().counters().acksReceived.increment();
            if (socket.acks != null) {
                socket.acks.onAck(ack.ackId(), ack.data());
            }
        } else if (packet instanceof Packet.Disconnect) {
            onClose(socket, DisconnectReason.CLIENT_NAMESPACE_DISCONNECT, null);
        }
    }

    private static void onEvent(Socket socket, Packet.Event packet) {
        String event = packet.name();
        EventArgs args = new EventArgs(packet.data(), 1, socket.mapper, event);
        Ack ack = packet.hasAck() ? new ReplyAck(socket, packet.ackId()) : SocketListeners.NoAck.INSTANCE;
        socket.runHandler(() -> {
            socket.listeners.fireAnyIncoming(event, args, socket.id());
            List<EventMiddleware> chain = socket.listeners.middlewareChain();
            if (chain.isEmpty()) {
                dispatch(socket, event, args, ack);
            } else {
                runMiddleware(socket, chain, 0, event, args, ack);
            }
        });
    }

    private static void runMiddleware(Socket socket, List<EventMiddleware> chain, int i, String event,
            EventArgs args, Ack ack) {
        Next next = new OnceNext() {
            @Override
            void onNext() {
                if (i + 1 < chain.size()) {
                    runMiddleware(socket, chain, i + 1, event, args, ack);
                } else {
                    socket.inHandlerContext(() -> dispatch(socket, event, args, ack));
                }
            }

            @Override
            void onError(Throwable error) {
                socket.inHandlerContext(() -> socket.listeners.fireError(error, socket));
            }
        };
        try {
            chain.get(i).handle(event, args, next);
        } catch (RuntimeException e) {
            next.error(e);
        }
    }

    private static void dispatch(Socket socket, String event, EventArgs args, Ack ack) {
        if (!socket.connected()) {
            log.debug("socket {}: event \"{}\" received after disconnection, ignored", socket.id(), event);
            return;
        }
        socket.listeners.events.fire(event, args, ack, log, "socket", socket.id());
    }

    /**
     * Leaves the namespace: {@code disconnecting}, session kept for recovery, rooms left,
     * {@code disconnect}; pending acknowledgements fail with {@link SocketDisconnectedException}.
     */
    static void onClose(Socket socket, DisconnectReason reason, String description) {
        if (!socket.connected || socket.closing) {
            return;
        }
        socket.closing = true;
        socket.nsp().server().counters().disconnected(reason);
        socket.client.remove(socket);
        if (socket.acks != null) {
            socket.acks.failAll();
        }
        String detail = description == null || description.isEmpty() ? null : description;
        socket.runHandler(() -> {
            socket.listeners.fireDisconnect("disconnecting", reason, detail, socket);
            if (socket.pid != null && reason.recoverable()) {
                socket.nsp().adapter().persistSession(new PersistedSession(socket.id(), socket.pid,
                        List.copyOf(socket.rooms()), socket.data));
            }
            socket.cleanup();
            socket.connected = false;
            socket.listeners.fireDisconnect("disconnect", reason, detail, socket);
        });
    }

    /** {@link Emitter#emit}: encodes, registers the acknowledgement, then writes or goes through the adapter. */
    static void emit(Socket socket, String event, Object[] args, BroadcastFlags flags, AckCallback ack) {
        Args.checkReserved(event);
        Namespace nsp = socket.nsp();
        ArrayNode payload = Values.eventData(socket.mapper, event, args);
        long ackId = Packet.NO_ACK;
        if (ack != null) {
            long id = nsp.nextAckId();
            ackId = id;
            socket.onLoop(() -> {
                if (socket.closing || socket.cleanedUp) {
                    SocketAcks.of(socket).refuse(ack);
                } else {
                    SocketAcks.of(socket).register(id, ack, flags.timeout());
                }
            });
        }
        Packet.Event packet = new Packet.Event(nsp.name(), payload, ackId);
        if (nsp.server().options().connectionStateRecovery() != null) {
            // Through the adapter, so the packet gets an offset and is kept for recovery.
            nsp.adapter().broadcast(packet, new BroadcastOptions(Set.of(socket.id()), Set.of(), flags));
        } else {
            notifyOutgoing(socket, packet);
            List<Message> encoded = nsp.server().options().parser().encode(packet);
            socket.client.write(withCompress(encoded, flags), flags.isVolatile());
        }
    }

    /**
     * {@return encoded messages as the flags send them: the list itself, or copies that may not be
     * compressed after {@code compress(false)}} A broadcast calls it once, so its recipients still
     * share one encoding.
     */
    static List<Message> withCompress(List<Message> encoded, BroadcastFlags flags) {
        if (flags.compress()) {
            return encoded;
        }
        Message[] out = new Message[encoded.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = encoded.get(i).withCompress(false);
        }
        return List.of(out);
    }

    /**
     * Writes a broadcast's encoded packet to the socket; on the event loop. The caller counts the
     * delivery in {@code packetsOut}, once for all of a loop's recipients.
     *
     * @return whether the packet was handed to the socket's connection
     */
    static boolean deliver(Socket socket, Packet.Event packet, List<Message> encoded, boolean isVolatile,
            Consumer<JsonNode> ackReceiver, Duration timeout) {
        if (ackReceiver != null && !socket.closing && !socket.cleanedUp) {
            SocketAcks.of(socket).registerBroadcast(packet.ackId(), ackReceiver, timeout);
        }
        notifyOutgoing(socket, packet);
        return socket.client.writeUncounted(encoded, isVolatile);
    }

    /** Tells the outgoing any-listeners of an event the socket sends. */
    static void notifyOutgoing(Socket socket, Packet.Event packet) {
        if (!socket.listeners.hasOutgoing()) {
            return;
        }
        String event = packet.name();
        EventArgs args = new EventArgs(packet.data(), 1, socket.mapper, event);
        socket.runHandler(() -> socket.listeners.fireAnyOutgoing(event, args, socket.id()));
    }

    /**
     * What the first of several callers wins, from any threads: one compare-and-set, where a
     * monitor takes two (enter and exit), and every acknowledged message passes one.
     */
    abstract static class Once {
        private static final VarHandle DONE;

        static {
            try {
                DONE = MethodHandles.lookup().findVarHandle(Once.class, "done", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** Set through {@link #DONE} by {@link #first()}. */
        private volatile boolean done;

        /** {@return true for the first call only} */
        final boolean first() {
            return DONE.compareAndSet(this, false, true);
        }
    }

    /** A {@link Next} whose first call wins; later calls are ignored. */
    abstract static class OnceNext extends Once implements Next {

        abstract void onNext();

        abstract void onError(Throwable error);

        @Override
        public final void next() {
            if (first()) {
                onNext();
            }
        }

        @Override
        public final void error(Throwable error) {
            if (first()) {
                onError(error);
            }
        }
    }

    /** The acknowledgement handed to listeners of an event that carried an ack id; the first send wins. */
    private static final class ReplyAck extends Once implements Ack {
        private final Socket socket;
        private final long ackId;

        ReplyAck(Socket socket, long ackId) {
            this.socket = socket;
            this.ackId = ackId;
            // Owed to the client: a graceful close waits for it.
            socket.nsp().server().inFlightAcks.begin();
        }

        @Override
        public boolean requested() {
            return true;
        }

        @Override
        public void send(Object... args) {
            if (first()) {
                reply(Values.array(socket.mapper, args));
            }
        }

        @Override
        public void send(EventArgs args) {
            if (first()) {
                reply(args.shared());
            }
        }

        private void reply(ArrayNode data) {
            socket.nsp().server().counters().acksSent.increment();
            socket.writePacket(new Packet.Ack(socket.nsp().name(), data, ackId), false);
            // After the write: a graceful close may start the moment the count reaches zero.
            socket.nsp().server().inFlightAcks.end();
        }
    }
}
