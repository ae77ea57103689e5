package dev.switchboard.redis;

import static dev.switchboard.redis.NodePeer.args;
import static dev.switchboard.redis.NodePeer.fields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The classic protocol in a cluster of Java servers and a Node server running
 * {@code createAdapter} of {@code @socket.io/redis-adapter} 8.x: {@link MixedClusterContract} plus
 * {@code allRooms}.
 */
class RedisAdapterNodeInteropTest extends MixedClusterContract {

    @Override
    RedisAdapterOptions options() {
        return RedisAdapterOptions.DEFAULT;
    }

    @Override
    String nodeMode() {
        return "classic";
    }

    @Test
    void allRoomsWorksInBothDirections() {
        String nodeSocket = client("n", nodeUrl);
        String javaSocket = client("j", j1.url());
        peer.call("clientEmitWithAck", fields("name", "n", "event", "join", "args", args("node-room")));
        peer.call("clientEmitWithAck", fields("name", "j", "event", "join", "args", args("java-room")));

        assertThat(await(((RedisAdapter) j2.main().adapter()).allRooms()))
                .contains("node-room", "java-room", nodeSocket, javaSocket);
        List<String> fromNode = new ArrayList<>();
        for (JsonNode room : peer.call("allRooms", null)) {
            fromNode.add(room.asText());
        }
        assertThat(fromNode).contains("node-room", "java-room", nodeSocket, javaSocket);
    }
}
