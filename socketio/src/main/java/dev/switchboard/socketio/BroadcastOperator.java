package dev.switchboard.socketio;

import dev.switchboard.socketio.adapter.BroadcastFlags;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import dev.switchboard.socketio.internal.Values;
import dev.switchboard.socketio.protocol.Packet;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broadcast being described: target rooms, excluded rooms and modifiers, then an operation (see
 * {@link Broadcasts}). Immutable: each modifier returns a new operator, so one can be kept and
 * reused.
 *
 * <pre>{@code
 * io.to("room1").to("room2").except("room3").emit("news", item);
 * socket.broadcast().emit("joined", socket.id());            // everyone but socket
 * io.timeout(Duration.ofSeconds(5)).emit("poll", (err, responses) -> ...);
 * }</pre>
 */
public final class BroadcastOperator implements Broadcasts {

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

    /** {@return this operator, which the modifiers start from} */
    @Override
    public BroadcastOperator broadcast() {
        return this;
    }

    BroadcastOperator withRooms(Collection<String> more) {
        Set<String> next = new LinkedHashSet<>(rooms);
        next.addAll(more);
        return new BroadcastOperator(nsp, next, except, flags, expectSingleResponse);
    }

    BroadcastOperator withExcept(Collection<String> more) {
        Set<String> next = new LinkedHashSet<>(except);
        next.addAll(more);
        return new BroadcastOperator(nsp, rooms, next, flags, expectSingleResponse);
    }

    BroadcastOperator changeFlags(UnaryOperator<BroadcastFlags> change) {
        return new BroadcastOperator(nsp, rooms, except, change.apply(flags), expectSingleResponse);
    }

    /** {@return the target and modifiers, as the adapter receives them} */
    public BroadcastOptions options() {
        return new BroadcastOptions(rooms, except, flags);
    }

    Namespace namespace() {
        return nsp;
    }

    /** {@link Broadcasts#emit(String, Object...)}: a last {@link AckCallback} collects the answers. */
    void emitToTarget(String event, Object[] args) {
        AckCallback ack = Args.ack(args);
        if (ack != null) {
            emitWithCallback(event, Args.data(args), ack);
            return;
        }
        Args.checkReserved(event);
        nsp.adapter().broadcast(new Packet.Event(nsp.name(),
                Values.eventData(nsp.server().options().objectMapper(), event, args), Packet.NO_ACK), options());
    }

    /** Emits with acknowledgements: the answers are aggregated until all came or the timeout. */
    void emitWithCallback(String event, Object[] args, AckCallback callback) {
        Args.checkReserved(event);
        Duration timeout = flags.timeout();
        if (timeout == null) {
            throw new IllegalStateException("an emit that expects acknowledgements from a broadcast"
                    + " needs timeout(...) first");
        }
        BroadcastAggregation aggregation = new BroadcastAggregation(nsp, callback, expectSingleResponse);
        aggregation.timer = GlobalEventExecutor.INSTANCE.schedule(aggregation::onTimeout,
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        nsp.adapter().broadcastWithAck(new Packet.Event(nsp.name(),
                Values.eventData(nsp.server().options().objectMapper(), event, args), Packet.NO_ACK),
                options(), aggregation);
        nsp.adapter().serverCount().whenComplete((count, error) -> {
            if (error != null) {
                // The adapter reports its outage once; a line per broadcast would flood the log.
                log.debug("namespace {}: server count unavailable, assuming this server only: {}",
                        nsp.name(), error.toString());
            }
            aggregation.onServerCount(error == null && count != null ? count : 1);
        });
    }

    /** {@return {@link Broadcasts#fetchSockets()}: this server's sockets as themselves, others' as proxies} */
    CompletableFuture<List<RemoteSocket>> fetchTargets() {
        return nsp.adapter().fetchSockets(options()).toCompletableFuture().thenApply(nsp::toRemoteSockets);
    }

    /**
     * For a remote socket: an emitter whose acknowledgement is that one socket's answer.
     *
     * @return the emitter
     */
    Emitter singleSocketEmitter() {
        return this::emitToTarget;
    }

    @Override
    public String toString() {
        return "BroadcastOperator[" + nsp.name() + ", rooms=" + rooms + ", except=" + except + ", " + flags + "]";
    }
}
