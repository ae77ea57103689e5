package dev.switchboard.socketio.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SocketDetailsTest {

    @Test
    void missingDataIsJsonNullAndTheRoomsAreCopied() {
        List<String> rooms = new ArrayList<>(List.of("s1", "r"));
        SocketDetails details = new SocketDetails("s1", JsonNodeFactory.instance.objectNode(), rooms, null);
        rooms.add("later");
        assertThat(details.data().isNull()).isTrue();
        assertThat(details.rooms()).containsExactly("s1", "r");
    }

    @Test
    void anIdAndAHandshakeAreRequired() {
        assertThatThrownBy(() -> new SocketDetails(null, JsonNodeFactory.instance.objectNode(), List.of(), null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new SocketDetails("s1", null, List.of(), null))
                .isInstanceOf(NullPointerException.class);
    }
}
