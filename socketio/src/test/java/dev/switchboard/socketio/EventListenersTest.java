package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.socketio.parser.JsonPacketParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EventListenersTest {

    private final EventListeners listeners = new EventListeners();
    private final EventArgs args = EventArgs.of(JsonNodeFactory.instance.arrayNode(), JsonPacketParser.newObjectMapper());
    private final List<String> got = new ArrayList<>();

    private int fire(String event) {
        return listeners.fire(event, args, null, LoggerFactory.getLogger(EventListenersTest.class), "test",
                "owner");
    }

    @Test
    void firesInRegistrationOrderAndOnceListenersOnce() {
        listeners.add("e", "k1", (a, ack) -> got.add("1"), false);
        listeners.add("e", "k2", (a, ack) -> got.add("once"), true);
        listeners.add("e", "k3", (a, ack) -> got.add("3"), false);
        assertThat(fire("e")).isEqualTo(3);
        assertThat(fire("e")).isEqualTo(2);
        assertThat(fire("other")).isZero();
        assertThat(got).containsExactly("1", "once", "3", "1", "3");
        assertThat(listeners.count("e")).isEqualTo(2);
    }

    @Test
    void manyEventsEachReachOnlyTheirListenersAsOthersComeAndGo() {
        Object[] keys = new Object[20];
        for (int i = 0; i < 20; i++) {
            String event = "e" + i;
            keys[i] = new Object();
            listeners.add(event, keys[i], (a, ack) -> got.add(event), false);
        }
        assertThat(listeners.remove("e3", keys[3])).isTrue();
        listeners.removeAll("e0");
        listeners.add("e3", "again", (a, ack) -> got.add("e3 again"), false);
        for (int i = 0; i < 20; i++) {
            fire("e" + i);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 1; i < 20; i++) {
            expected.add(i == 3 ? "e3 again" : "e" + i);
        }
        assertThat(got).containsExactlyElementsOf(expected);
        assertThat(listeners.count("e0")).isZero();
        assertThat(listeners.count("e19")).isEqualTo(1);
    }

    @Test
    void removeTakesTheLastRegistrationOfTheKey() {
        Object key = new Object();
        listeners.add("e", key, (a, ack) -> got.add("first"), false);
        listeners.add("e", key, (a, ack) -> got.add("second"), false);
        assertThat(listeners.remove("e", key)).isTrue();
        fire("e");
        assertThat(got).containsExactly("first");
        assertThat(listeners.remove("e", new Object())).isFalse();
        assertThat(listeners.remove("none", key)).isFalse();
    }

    @Test
    void aListenerAddedDuringDispatchRunsFromTheNextEvent() {
        listeners.add("e", "k", (a, ack) -> {
            got.add("outer");
            listeners.add("e", "late", (a2, ack2) -> got.add("late"), false);
        }, true);
        fire("e");
        assertThat(got).containsExactly("outer");
        fire("e");
        assertThat(got).containsExactly("outer", "late");
    }

    @Test
    void removeAllAndClear() {
        listeners.add("a", "k", (a, ack) -> got.add("a"), false);
        listeners.add("b", "k", (a, ack) -> got.add("b"), false);
        listeners.removeAll("a");
        fire("a");
        fire("b");
        listeners.clear();
        fire("b");
        assertThat(got).containsExactly("b");
    }
}
