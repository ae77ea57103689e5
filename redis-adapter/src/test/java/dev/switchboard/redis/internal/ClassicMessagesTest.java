package dev.switchboard.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.msgpack.Notepack;
import dev.switchboard.socketio.adapter.BroadcastFlags;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The classic protocol's messages against strings and bytes captured from @socket.io/redis-adapter 8.3.0. */
class ClassicMessagesTest {

    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private static final BroadcastOptions ALL = BroadcastOptions.ALL;

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static BroadcastOptions rooms(String... rooms) {
        return new BroadcastOptions(Set.of(rooms), Set.of(), BroadcastFlags.DEFAULT);
    }

    @Test
    void writesARoomBroadcastAsTheCapturedMsgpackOnTheRoomChannel() {
        ArrayNode data = N.arrayNode().add("hello").add("world").add(new byte[] {1, 2, 3});

        assertThat(HexFormat.of().formatHex(ClassicMessages.broadcast("7W7nzX", data, "/", rooms("room1"))))
                .isEqualTo("93a63757376e7a5883a47479706502a46461746193a568656c6c6fa5776f726c64c403010203a36e7370a12f"
                        + "83a5726f6f6d7391a5726f6f6d31a665786365707490a5666c61677380");
        assertThat(ClassicMessages.broadcastChannel("socket.io#/#", rooms("room1"))).isEqualTo("socket.io#/#room1#");
    }

    @Test
    void sendsBroadcastsToSeveralRoomsOnTheNamespaceChannelWithTheirFlags() {
        BroadcastOptions opts = new BroadcastOptions(new java.util.LinkedHashSet<>(List.of("room1", "room2")), Set.of(),
                BroadcastFlags.DEFAULT.withVolatile().withCompress(false));

        assertThat(ClassicMessages.broadcastChannel("socket.io#/#", opts)).isEqualTo("socket.io#/#");
        assertThat(Notepack.V3.decode(ClassicMessages.broadcast("u", N.arrayNode().add("x"), "/", opts)).get(2).toString())
                .isEqualTo("{\"rooms\":[\"room1\",\"room2\"],\"except\":[],\"flags\":{\"volatile\":true,\"compress\":false}}");
    }

    @Test
    void writesABroadcastWithAckRequestAsCaptured() {
        BroadcastOptions opts = new BroadcastOptions(Set.of(), Set.of(),
                BroadcastFlags.DEFAULT.withTimeout(Duration.ofSeconds(1)));

        byte[] request = ClassicMessages.broadcastWithAck("7W7nzX", "Ztzf8m", N.arrayNode().add("ackme").add(1), "/", opts);

        assertThat(request).hasSize(107);
        assertThat(HexFormat.of().formatHex(request)).endsWith("a5666c61677381a774696d656f7574cd03e8");
    }

    @Test
    void writesJoinLeaveAndDisconnectRequestsAsCaptured() {
        assertThat(text(ClassicMessages.joinOrLeave("7W7nzX", ClassicMessages.REMOTE_JOIN, rooms("room1"), List.of("room2"))))
                .isEqualTo("{\"uid\":\"7W7nzX\",\"type\":2,\"opts\":{\"rooms\":[\"room1\"],\"except\":[]},\"rooms\":[\"room2\"]}");
        assertThat(text(ClassicMessages.joinOrLeave("7W7nzX", ClassicMessages.REMOTE_LEAVE, rooms("room1"), List.of("room2"))))
                .isEqualTo("{\"uid\":\"7W7nzX\",\"type\":3,\"opts\":{\"rooms\":[\"room1\"],\"except\":[]},\"rooms\":[\"room2\"]}");
        assertThat(text(ClassicMessages.disconnect("7W7nzX", rooms("jl_cdAAAA"), true)))
                .isEqualTo("{\"uid\":\"7W7nzX\",\"type\":4,\"opts\":{\"rooms\":[\"jl_cdAAAA\"],\"except\":[]},\"close\":true}");
    }

    @Test
    void writesFetchAllRoomsAndServerSideEmitRequestsAsCaptured() {
        assertThat(text(ClassicMessages.fetchSockets("7W7nzX", "6xMbxL", ALL)))
                .isEqualTo("{\"uid\":\"7W7nzX\",\"requestId\":\"6xMbxL\",\"type\":5,\"opts\":{\"rooms\":[],\"except\":[]}}");
        assertThat(text(ClassicMessages.allRooms("7W7nzX", "B2W6qK")))
                .isEqualTo("{\"uid\":\"7W7nzX\",\"requestId\":\"B2W6qK\",\"type\":1}");
        assertThat(text(ClassicMessages.serverSideEmit("7W7nzX", null, N.arrayNode().add("ping").add(42))))
                .isEqualTo("{\"uid\":\"7W7nzX\",\"type\":6,\"data\":[\"ping\",42]}");
        assertThat(text(ClassicMessages.serverSideEmit("7W7nzX", "9vWvI8", N.arrayNode().add("ping"))))
                .isEqualTo("{\"uid\":\"7W7nzX\",\"requestId\":\"9vWvI8\",\"type\":6,\"data\":[\"ping\"]}");
    }

    @Test
    void writesResponsesAsCaptured() {
        assertThat(text(ClassicMessages.serverSideEmitResponse("9vWvI8", N.textNode("pong-3101"))))
                .isEqualTo("{\"type\":6,\"requestId\":\"9vWvI8\",\"data\":\"pong-3101\"}");
        assertThat(text(ClassicMessages.clientCount("Ztzf8m", 0)))
                .isEqualTo("{\"type\":8,\"requestId\":\"Ztzf8m\",\"clientCount\":0}");
        assertThat(HexFormat.of().formatHex(ClassicMessages.broadcastAck("Ztzf8m", N.textNode("ack-from-c1"))))
                .isEqualTo("83a47479706509a9726571756573744964a65a747a66386da67061636b6574ab61636b2d66726f6d2d6331");
        assertThat(text(ClassicMessages.listResponse("B2W6qK", "rooms", N.arrayNode().add("room1"))))
                .isEqualTo("{\"requestId\":\"B2W6qK\",\"rooms\":[\"room1\"]}");
        assertThat(text(ClassicMessages.done("abc"))).isEqualTo("{\"requestId\":\"abc\"}");
    }
}
