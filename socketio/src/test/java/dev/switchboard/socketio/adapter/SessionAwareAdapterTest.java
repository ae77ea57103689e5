package dev.switchboard.socketio.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.socketio.ConnectionStateRecovery;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.socketio.protocol.Packet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SessionAwareAdapterTest {

    private final AtomicLong clock = new AtomicLong(1_000_000L);
    private final SessionAwareAdapter adapter = (SessionAwareAdapter) SocketIoServer.builder()
            .connectionStateRecovery(new ConnectionStateRecovery(Duration.ofSeconds(10), true))
            .adapter(ctx -> new SessionAwareAdapter(ctx, clock::get))
            .build().sockets().adapter();

    private static Packet.Event event(String name) {
        return new Packet.Event("/", JsonNodeFactory.instance.arrayNode().add(name), Packet.NO_ACK);
    }

    private static BroadcastOptions to(Set<String> rooms, Set<String> except) {
        return new BroadcastOptions(rooms, except, BroadcastFlags.DEFAULT);
    }

    private RestoredSession restore(String pid, String offset) {
        return adapter.restoreSession(pid, offset).toCompletableFuture().join();
    }

    @Test
    void keepsEventsWithAnOffsetButNotAcksOrVolatileOnes() {
        adapter.broadcast(event("kept"), BroadcastOptions.ALL);
        adapter.broadcast(new Packet.Event("/", JsonNodeFactory.instance.arrayNode().add("ack"), 3), BroadcastOptions.ALL);
        adapter.broadcast(event("volatile"), new BroadcastOptions(Set.of(), Set.of(), BroadcastFlags.DEFAULT.withVolatile()));
        assertThat(adapter.storedPacketCount()).isEqualTo(1);
    }

    @Test
    void restoresMissedPacketsMeantForTheSessionRooms() {
        adapter.broadcast(event("seen"), BroadcastOptions.ALL);
        adapter.persistSession(new PersistedSession("sid1", "pid1", List.of("sid1", "room1"), "data"));
        // The offset of "seen" is the time in base 64, the first id of its millisecond.
        String offset = "3q90";
        clock.incrementAndGet();
        adapter.broadcast(event("all"), BroadcastOptions.ALL);
        adapter.broadcast(event("room1"), to(Set.of("room1"), Set.of()));
        adapter.broadcast(event("own"), to(Set.of("sid1"), Set.of()));
        adapter.broadcast(event("other room"), to(Set.of("room2"), Set.of()));
        adapter.broadcast(event("excepted"), to(Set.of(), Set.of("room1")));
        RestoredSession s = restore("pid1", offset);
        assertThat(s.sid()).isEqualTo("sid1");
        assertThat(s.pid()).isEqualTo("pid1");
        assertThat(s.rooms()).containsExactly("sid1", "room1");
        assertThat(s.data()).isEqualTo("data");
        assertThat(s.missedPackets()).extracting(a -> a.get(0).asText()).containsExactly("all", "room1", "own");
        // Each missed packet ends with its own offset, so the client can recover again later.
        ArrayNode first = s.missedPackets().get(0);
        assertThat(first.get(1).asText()).isEqualTo("3q91");
        assertThat(s.missedPackets().get(1).get(1).asText()).isEqualTo("3q91.0");
    }

    @Test
    void unknownSessionOrOffsetIsNotRestored() {
        adapter.broadcast(event("x"), BroadcastOptions.ALL);
        adapter.persistSession(new PersistedSession("sid1", "pid1", List.of("sid1"), null));
        assertThat(restore("other", "3q90")).isNull();
        assertThat(restore("pid1", "nope")).isNull();
        assertThat(restore("pid1", "3q90")).isNotNull();
    }

    @Test
    void expiredSessionsAreNotRestoredAndArePurged() {
        adapter.broadcast(event("x"), BroadcastOptions.ALL);
        adapter.persistSession(new PersistedSession("sid1", "pid1", List.of("sid1"), null));
        clock.addAndGet(10_000);
        assertThat(restore("pid1", "3q90")).isNotNull();
        clock.addAndGet(1);
        assertThat(restore("pid1", "3q90")).isNull();
        assertThat(adapter.storedSessionCount()).isZero();
        assertThat(adapter.storedPacketCount()).isEqualTo(1);
        // Purging happens at most once a minute, on a broadcast or a disconnection.
        clock.addAndGet(60_000);
        adapter.broadcast(event("y"), BroadcastOptions.ALL);
        assertThat(adapter.storedPacketCount()).isEqualTo(1);
    }
}
