package dev.switchboard.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import dev.switchboard.socketio.adapter.SocketDetails;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WireTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sniffsJsonByItsOpeningBraceAndMsgpackOtherwise() {
        assertThat(Wire.decodeObject(utf8("{\"type\":8,\"requestId\":\"r\",\"clientCount\":1}")).get("clientCount").asInt())
                .isEqualTo(1);
        assertThat(Wire.decodeObject(java.util.HexFormat.of().parseHex("81a474797065 09".replace(" ", "")))
                .get("type").asInt()).isEqualTo(9);
        assertThatThrownBy(() -> Wire.decodeObject(utf8("[1]"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Wire.decodeObject(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesOptionsWithNumericRoomsFlagsAndUnknownFlags() {
        BroadcastOptions opts = Wire.decodeOptions(Wire.decodeObject(utf8(
                "{\"rooms\":[123,\"a\"],\"except\":[\"b\"],\"flags\":{\"volatile\":true,\"compress\":false,"
                        + "\"timeout\":1000,\"expectSingleResponse\":true}}")));

        assertThat(opts.rooms()).containsExactly("123", "a");
        assertThat(opts.except()).containsExactly("b");
        assertThat(opts.flags().isVolatile()).isTrue();
        assertThat(opts.flags().compress()).isFalse();
        assertThat(opts.flags().local()).isFalse();
        assertThat(opts.flags().timeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void missingOptionsTargetEverySocket() {
        BroadcastOptions opts = Wire.decodeOptions(null);

        assertThat(opts.rooms()).isEmpty();
        assertThat(opts.except()).isEmpty();
        assertThat(opts.flags().compress()).isTrue();
    }

    @Test
    void encodesOnlyTheFlagsThatDifferFromTheDefaults() {
        assertThat(Wire.encodeFlags(dev.switchboard.socketio.adapter.BroadcastFlags.DEFAULT).toString()).isEqualTo("{}");
        assertThat(Wire.encodeFlags(dev.switchboard.socketio.adapter.BroadcastFlags.DEFAULT.withTimeout(Duration.ofMillis(250)))
                .toString()).isEqualTo("{\"timeout\":250}");
    }

    @Test
    void readsANodeServersSocketDetailsAndLeavesTheHandshakeToTheNamespace() {
        SocketDetails details = Wire.readSocketDetails(Wire.decodeObject(utf8("{\"id\":\"abc\",\"handshake\":{"
                + "\"headers\":{\"host\":\"localhost\",\"x-many\":[\"1\",\"2\"]},\"time\":\"Tue Nov 24 2026\","
                + "\"address\":\"::ffff:127.0.0.1\",\"xdomain\":false,\"secure\":false,\"issued\":1795513383184,"
                + "\"url\":\"/socket.io/?EIO=4&transport=websocket\",\"query\":{\"EIO\":\"4\"},\"auth\":{\"token\":1}},"
                + "\"rooms\":[\"abc\",\"room1\"],\"data\":{\"user\":\"ann\"}}")));

        assertThat(details.id()).isEqualTo("abc");
        assertThat(details.handshake().get("headers").get("x-many").toString()).isEqualTo("[\"1\",\"2\"]");
        assertThat(details.handshake().get("issued").asLong()).isEqualTo(1795513383184L);
        assertThat(details.rooms()).containsExactly("abc", "room1");
        assertThat(details.data().get("user").asText()).isEqualTo("ann");
        assertThat(Wire.readSocketDetails(Wire.decodeObject(utf8("{\"handshake\":{}}")))).isNull();
        assertThat(Wire.readSocketDetails(Wire.decodeObject(utf8("{\"id\":\"x\"}"))).handshake().isObject()).isTrue();
    }

    @Test
    void randomIdsUseTheUid2Alphabet() {
        assertThat(Wire.randomId(10)).hasSize(10).matches("[A-Za-z0-9_-]+");
    }

    @Test
    void detectsBinaryAnywhereInATree() {
        JsonNodeFactory n = JsonNodeFactory.instance;
        assertThat(Wire.hasBinary(n.arrayNode().add("a").add(n.objectNode().set("b", n.arrayNode().add(new byte[] {1})))))
                .isTrue();
        assertThat(Wire.hasBinary(n.objectNode().put("a", 1))).isFalse();
        assertThat(Wire.hasBinary(null)).isFalse();
    }
}
