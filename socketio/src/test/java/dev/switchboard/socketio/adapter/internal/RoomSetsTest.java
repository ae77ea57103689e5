package dev.switchboard.socketio.adapter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RoomSetsTest {

    @Test
    void smallSetsKeepInsertionOrderAndAreCopiedOnChange() {
        Set<String> one = RoomSets.add(null, "a");
        Set<String> two = RoomSets.add(one, "b");
        assertThat(one).containsExactly("a");
        assertThat(two).containsExactly("a", "b");
        assertThat(RoomSets.add(two, "a")).isSameAs(two);
        assertThat(RoomSets.remove(two, "a")).containsExactly("b");
        assertThat(RoomSets.remove(two, "zzz")).isSameAs(two);
        assertThat(RoomSets.remove(one, "a")).isNull();
        assertThat(RoomSets.remove(null, "a")).isNull();
        assertThatThrownBy(() -> two.add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void largeSetsChangeInPlace() {
        Set<String> set = null;
        for (int i = 0; i < RoomSets.SMALL; i++) {
            set = RoomSets.add(set, "m" + i);
        }
        Set<String> large = RoomSets.add(set, "big");
        assertThat(large).hasSize(RoomSets.SMALL + 1).contains("m0", "big");
        assertThat(RoomSets.add(large, "more")).isSameAs(large);
        assertThat(RoomSets.remove(large, "more")).isSameAs(large);
        Set<String> current = large;
        for (String m : Set.copyOf(large)) {
            current = RoomSets.remove(current, m);
        }
        assertThat(current).isNull();
    }
}
