package dev.switchboard.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.socketio.adapter.BroadcastAckHandler;
import dev.switchboard.socketio.adapter.BroadcastFlags;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import dev.switchboard.socketio.internal.Values;
import dev.switchboard.socketio.protocol.Packet;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broadcast being described: target rooms, excluded rooms and modifiers, then an operation.
 * Immutable: each modifier returns a new operator, so one can be kept and reused.
 *
 * <pre>{@code
 * io.to("room1").to("room2").except("room3").emit("news", item);
 * socket.broadcast().emit("joined", socket.id());            // everyone but socket
 * io.timeout(Duration.ofSeconds(5)).emit("poll", (err, responses) -> ...);
 * }</pre>
 *
 * <p>The target is the union of the rooms (every socket of the namespace when none) minus the
 * sockets in any excluded room. The packet is encoded once for every recipient.
 */
public final class BroadcastOperator {

    private static final Logger log = LoggerFactory.getLogger(BroadcastOperator.class);

    private final Namespace nsp;
    private final Set<String> rooms;
    private final Set<String> except;
    private final BroadcastFlags flags;
    /** Set for a remote socket's emits, which answer like a socket's: one response, not a list. */
    private final boolean expectSingleResponse;

    BroadcastOperator(Namespace nsp, Set<String> rooms, Set<String> except, BroadcastFlags flags,
            boolean expectSingleResponse) {
        this.nsp = nsp;
        this.rooms = rooms;
        this.except = except;
        this.flags = flags;
        this.expectSingleResponse = expectSingleResponse;
    }

    // ---- modifiers ---------------------------------------------------------------------------

    /**
     * Adds target rooms.
     *
     * @param rooms the rooms
     * @return a new operator
     */
    public BroadcastOperator to(String... rooms) {
        return to(Arrays.asList(rooms));
    }

    /**
     * Adds target rooms.
     *
     * @param rooms the rooms
     * @return a new operator
     */
    public BroadcastOperator to(Collection<String> rooms) {
        Set<String> next = new LinkedHashSet<>(this.rooms);
        next.addAll(rooms);
        return new BroadcastOperator(nsp, next, except, flags, expectSingleResponse);
    }

    /**
     * Same as {@link #to(String...)}.
     *
     * @param rooms the rooms
     * @return a new operator
     */
    public BroadcastOperator in(String... rooms) {
        return to(rooms);
    }

    /**
     * Same as {@link #to(Collection)}.
     *
     * @param rooms the rooms
     * @return a new operator
     */
    public BroadcastOperator in(Collection<String> rooms) {
        return to(rooms);
    }

    /**
     * Leaves out the sockets in these rooms.
     *
     * @param rooms the rooms
     * @return a new operator
     */
    public BroadcastOperator except(String... rooms) {
        return except(Arrays.asList(rooms));
    }

    /**
     * Leaves out the sockets in these rooms.
     *
     * @param rooms the rooms
     * @return a new operator
     */
    public BroadcastOperator except(Collection<String> rooms) {
        Set<String> next = new LinkedHashSet<>(this.except);
        next.addAll(rooms);
        return new BroadcastOperator(nsp, this.rooms, next, flags, expectSingleResponse);
    }

    /**
     * Allows or forbids compression.
     *
     * @param compress whether the packet may be compressed
     * @return a new operator
     */
    public BroadcastOperator compress(boolean compress) {
        return new BroadcastOperator(nsp, rooms, except, flags.withCompress(compress), expectSingleResponse);
    }

    /**
     * Skips clients whose transport cannot take the packet at once ({@code volatile} in
     * JavaScript): for data that is useless when late.
     *
     * @return a new operator
     */
    public BroadcastOperator volatile_() {
        return new BroadcastOperator(nsp, rooms, except, flags.withVolatile(), expectSingleResponse);
    }

    /**
     * Reaches this server's sockets only, not the other nodes of a cluster.
     *
     * @return a new operator
     */
    public BroadcastOperator local() {
        return new BroadcastOperator(nsp, rooms, except, flags.withLocal(), expectSingleResponse);
    }

    /**
     * Awaits acknowledgements at most {@code timeout}; required by emits that ask for them.
     *
     * @param timeout the timeout
     * @return a new operator
     */
    public BroadcastOperator timeout(Duration timeout) {
        return new BroadcastOperator(nsp, rooms, except, flags.withTimeout(timeout), expectSingleResponse);
    }

    /** The target and modifiers, as the adapter receives them. */
    public BroadcastOptions options() {
        return new BroadcastOptions(rooms, except, flags);
    }

    // ---- emitting ----------------------------------------------------------------------------

    /**
     * Emits an event to the target.
     *
     * @param event the event name (reserved names refused)
     * @param args the arguments, mapped as {@link Socket#emit(String, Object...)} maps them
     * @throws IllegalArgumentException for a reserved name
     */
    public void emit(String event, Object... args) {
        Socket.checkReserved(event);
        ArrayNode data = Values.eventData(nsp.server().options().objectMapper(), event, args);
        nsp.adapter().broadcast(new Packet.Event(nsp.name(), data, Packet.NO_ACK), options());
    }

    /**
     * Emits an event without arguments and collects every client's acknowledgement.
     *
     * @param event the event name
     * @param ack called once: with the responses (one per client, each its first answer
     *     argument) when all answered, or with an {@link AckTimeoutException} and the responses so
     *     far after the {@link #timeout}
     * @throws IllegalStateException without {@link #timeout}
     */
    public void emit(String event, AckCallback ack) {
        emitWithCallback(event, new Object[0], ack);
    }

    /**
     * Emits an event with one argument and collects every client's acknowledgement.
     *
     * @param event the event name
     * @param arg the argument
     * @param ack called once with the responses or the timeout
     * @throws IllegalStateException without {@link #timeout}
     */
    public void emit(String event, Object arg, AckCallback ack) {
        emitWithCallback(event, new Object[] {arg}, ack);
    }

    /**
     * Emits an event with two arguments and collects every client's acknowledgement.
     *
     * @param event the event name
     * @param arg1 the first argument
     * @param arg2 the second argument
     * @param ack called once with the responses or the timeout
     * @throws IllegalStateException without {@link #timeout}
     */
    public void emit(String event, Object arg1, Object arg2, AckCallback ack) {
        emitWithCallback(event, new Object[] {arg1, arg2}, ack);
    }

    /**
     * Emits an event with three arguments and collects every client's acknowledgement.
     *
     * @param event the event name
     * @param arg1 the first argument
     * @param arg2 the second argument
     * @param arg3 the third argument
     * @param ack called once with the responses or the timeout
     * @throws IllegalStateException without {@link #timeout}
     */
    public void emit(String event, Object arg1, Object arg2, Object arg3, AckCallback ack) {
        emitWithCallback(event, new Object[] {arg1, arg2, arg3}, ack);
    }

    /**
     * Emits an event and returns every client's acknowledgement.
     *
     * @param event the event name
     * @param args the arguments
     * @return the responses, one per client; exceptionally an {@link AckTimeoutException} whose
     *     {@link AckTimeoutException#responses()} holds those that came
     * @throws IllegalStateException without {@link #timeout}
     */
    public CompletableFuture<EventArgs> emitWithAck(String event, Object... args) {
        FutureAck ack = new FutureAck();
        emitWithCallback(event, args, ack);
        return ack.future;
    }

    /**
     * Emits an event and returns every client's acknowledgement mapped to a type.
     *
     * @param type the type of each response
     * @param event the event name
     * @param args the arguments
     * @param <T> the type
     * @return the mapped responses, one per client; exceptionally on timeout or a response that
     *     does not map
     * @throws IllegalStateException without {@link #timeout}
     */
    public <T> CompletableFuture<List<T>> emitWithAck(Class<T> type, String event, Object... args) {
        return emitWithAck(event, args).thenApply(responses -> {
            List<T> list = new ArrayList<>(responses.size());
            for (int i = 0; i < responses.size(); i++) {
                list.add(responses.get(i, type));
            }
            return list;
        });
    }

    private void emitWithCallback(String event, Object[] args, AckCallback callback) {
        Socket.checkReserved(event);
        Duration timeout = flags.timeout();
        if (timeout == null) {
            throw new IllegalStateException("an emit that expects acknowledgements from a broadcast"
                    + " needs timeout(...) first");
        }
        ObjectMapper mapper = nsp.server().options().objectMapper();
        ArrayNode data = Values.eventData(mapper, event, args);
        Aggregation aggregation = new Aggregation(callback, mapper);
        aggregation.timer = GlobalEventExecutor.INSTANCE.schedule(aggregation::onTimeout,
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        nsp.adapter().broadcastWithAck(new Packet.Event(nsp.name(), data, Packet.NO_ACK), options(), aggregation);
        nsp.adapter().serverCount().whenComplete((count, error) -> {
            if (error != null) {
                // The adapter reports its outage once; a line per broadcast would flood the log.
                log.debug("namespace {}: server count unavailable, assuming this server only: {}",
                        nsp.name(), error.toString());
            }
            aggregation.onServerCount(error == null && count != null ? count : 1);
        });
    }

    /** For a remote socket: an emitter whose acknowledgement is that one socket's answer. */
    Emitter singleSocketEmitter() {
        return new SingleSocketEmitter(this);
    }

    // ---- socket operations -------------------------------------------------------------------

    /** The targeted sockets, across the cluster. */
    public CompletableFuture<List<RemoteSocket>> fetchSockets() {
        return nsp.adapter().fetchSockets(options()).toCompletableFuture();
    }

    /**
     * Makes the targeted sockets join rooms.
     *
     * @param rooms the rooms
     */
    public void socketsJoin(String... rooms) {
        nsp.adapter().addSockets(options(), new LinkedHashSet<>(Arrays.asList(rooms)));
    }

    /**
     * Makes the targeted sockets leave rooms.
     *
     * @param rooms the rooms
     */
    public void socketsLeave(String... rooms) {
        nsp.adapter().delSockets(options(), new LinkedHashSet<>(Arrays.asList(rooms)));
    }

    /**
     * Disconnects the targeted sockets.
     *
     * @param close whether to close their whole connections
     */
    public void disconnectSockets(boolean close) {
        nsp.adapter().disconnectSockets(options(), close);
    }

    /** Disconnects the targeted sockets, keeping their connections: {@code disconnectSockets(false)}. */
    public void disconnectSockets() {
        disconnectSockets(false);
    }

    @Override
    public String toString() {
        return "BroadcastOperator[" + nsp.name() + ", rooms=" + rooms + ", except=" + except + ", " + flags + "]";
    }

    // ---- acknowledgement aggregation ---------------------------------------------------------

    /**
     * Collects the answers of a broadcast: complete when every server reported its client count
     * and as many answers came as clients were reached, or at the timeout.
     */
    private final class Aggregation implements BroadcastAckHandler {
        private final AckCallback callback;
        private final ObjectMapper mapper;
        private final ArrayNode responses = JsonNodeFactory.instance.arrayNode();
        private ScheduledFuture<?> timer;
        private int expectedServers = -1;
        private int reportedServers;
        private int expectedClients;
        private boolean done;

        Aggregation(AckCallback callback, ObjectMapper mapper) {
            this.callback = callback;
            this.mapper = mapper;
        }

        @Override
        public void clientCount(int count) {
            synchronized (this) {
                expectedClients += count;
                reportedServers++;
            }
            check();
        }

        @Override
        public void ack(JsonNode response) {
            synchronized (this) {
                if (done) {
                    return;
                }
                responses.add(response);
            }
            check();
        }

        void onServerCount(int count) {
            synchronized (this) {
                expectedServers = count;
            }
            check();
        }

        private void check() {
            EventArgs result;
            synchronized (this) {
                if (done || expectedServers != reportedServers || responses.size() != expectedClients) {
                    return;
                }
                done = true;
                result = results();
            }
            if (timer != null) {
                timer.cancel(false);
            }
            finish(null, result);
        }

        void onTimeout() {
            EventArgs result;
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                result = results();
            }
            finish(new AckTimeoutException(expectSingleResponse ? EventArgs.empty(mapper) : result),
                    expectSingleResponse ? EventArgs.empty(mapper) : result);
        }

        private EventArgs results() {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(responses.size()).addAll(responses);
            if (expectSingleResponse) {
                ArrayNode first = JsonNodeFactory.instance.arrayNode(1);
                if (!copy.isEmpty()) {
                    first.add(copy.get(0));
                }
                return EventArgs.of(first, mapper);
            }
            return EventArgs.of(copy, mapper);
        }

        private void finish(Throwable error, EventArgs result) {
            if (callback instanceof FutureAck) {
                callback.onAck(error, result);
                return;
            }
            nsp.server().runCallback(() -> {
                try {
                    callback.onAck(error, result);
                } catch (RuntimeException | Error e) {
                    log.error("broadcast acknowledgement callback of namespace {} threw", nsp.name(), e);
                }
            });
        }
    }

    /** A remote socket's emitter: a broadcast to its id room answering with that socket's response. */
    private static final class SingleSocketEmitter implements Emitter {
        private final BroadcastOperator operator;

        SingleSocketEmitter(BroadcastOperator operator) {
            this.operator = operator;
        }

        @Override
        public void emit(String event, Object... args) {
            operator.emit(event, args);
        }

        @Override
        public void emit(String event, AckCallback ack) {
            operator.emit(event, ack);
        }

        @Override
        public void emit(String event, Object arg, AckCallback ack) {
            operator.emit(event, arg, ack);
        }

        @Override
        public void emit(String event, Object arg1, Object arg2, AckCallback ack) {
            operator.emit(event, arg1, arg2, ack);
        }

        @Override
        public void emit(String event, Object arg1, Object arg2, Object arg3, AckCallback ack) {
            operator.emit(event, arg1, arg2, arg3, ack);
        }

        @Override
        public CompletableFuture<EventArgs> emitWithAck(String event, Object... args) {
            return operator.emitWithAck(event, args);
        }

        @Override
        public <T> CompletableFuture<T> emitWithAck(Class<T> type, String event, Object... args) {
            return operator.emitWithAck(event, args).thenApply(a -> a.get(0, type));
        }
    }
}
