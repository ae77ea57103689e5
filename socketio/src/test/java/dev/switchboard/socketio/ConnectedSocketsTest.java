package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.DefaultEventExecutor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A namespace's connected sockets: by id, and grouped by loop for broadcasts to all of them. */
class ConnectedSocketsTest {

    private final Harness h = new Harness();
    private final ConnectedSockets connected = new ConnectedSockets();

    @AfterEach
    void tearDown() {
        h.close();
    }

    private Socket newSocket(DefaultEventExecutor loop) {
        return h.socket(h.connect("/", loop), "/");
    }

    @Test
    void groupsTheSocketsByTheirEventLoop() {
        DefaultEventExecutor other = h.newLoop();
        Socket a = newSocket(h.loop);
        Socket b = newSocket(other);
        Socket c = newSocket(h.loop);
        connected.put(a);
        connected.put(b);
        connected.put(c);

        List<ConnectedSockets.LoopGroup> groups = connected.byLoop();

        assertThat(groups).hasSize(2);
        ConnectedSockets.LoopGroup first = groups.stream().filter(g -> g.loop() == h.loop).findFirst().orElseThrow();
        ConnectedSockets.LoopGroup second = groups.stream().filter(g -> g.loop() == other).findFirst().orElseThrow();
        assertThat(first.sockets()).containsExactlyInAnyOrder(a, c);
        assertThat(second.sockets()).containsExactly(b);
    }

    @Test
    void hasNoGroupWhenNoSocketIsConnected() {
        assertThat(connected.byLoop()).isEmpty();
        Socket a = newSocket(h.loop);
        connected.put(a);
        connected.remove(a);
        assertThat(connected.byLoop()).isEmpty();
        assertThat(connected.isEmpty()).isTrue();
    }

    @Test
    void sharesTheGroupsBetweenBroadcastsUntilASocketComesOrGoes() {
        Socket a = newSocket(h.loop);
        connected.put(a);
        List<ConnectedSockets.LoopGroup> before = connected.byLoop();
        assertThat(connected.byLoop()).isSameAs(before);

        Socket b = newSocket(h.loop);
        connected.put(b);
        List<ConnectedSockets.LoopGroup> afterJoin = connected.byLoop();
        assertThat(afterJoin).isNotSameAs(before);
        assertThat(afterJoin.get(0).sockets()).containsExactlyInAnyOrder(a, b);

        assertThat(connected.remove(a)).isTrue();
        assertThat(connected.byLoop().get(0).sockets()).containsExactly(b);
    }

    @Test
    void removesOnlyTheSocketKnownByTheId() {
        Socket a = newSocket(h.loop);
        connected.put(a);
        List<ConnectedSockets.LoopGroup> groups = connected.byLoop();
        Socket stranger = newSocket(h.loop);

        assertThat(connected.remove(stranger)).isFalse();

        assertThat(connected.byLoop()).isSameAs(groups);
        assertThat(connected.get(a.id())).isSameAs(a);
        assertThat(connected.ids()).containsExactly(a.id());
        assertThat(connected.view()).containsEntry(a.id(), a);
    }
}
