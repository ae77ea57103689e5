package dev.switchboard.msgpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.Packet.Binary;
import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.engineio.Packet.Text;
import dev.switchboard.socketio.parser.PacketParser.ParseException;
import dev.switchboard.socketio.protocol.Packet;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exact bytes of socket.io-msgpack-parser 3.0.2's Encoder for the packets socket.io 4.8's server
 * builds (their key order included), and of what socket.io-client 4.8 sends with it; each hex
 * literal was captured from the reference. Binary messages are Engine.IO message payloads.
 */
class MsgpackPacketParserTest {

    private static final JsonNodeFactory N = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();

    private final MsgpackPacketParser parser = new MsgpackPacketParser();

    private String encode(Packet packet) {
        List<Message> messages = parser.encode(packet);
        assertThat(messages).hasSize(1).first().isInstanceOf(Binary.class);
        return HEX.formatHex(((Binary) messages.get(0)).bytes());
    }

    private Packet decode(String hex) throws ParseException {
        return parser.newDecoder().decode(new Binary(HEX.parseHex(hex)));
    }

    private void assertRejected(String hex, String message) {
        assertThatThrownBy(() -> decode(hex)).isInstanceOf(ParseException.class).hasMessage(message);
    }

    private static ArrayNode args(Object... items) {
        ArrayNode a = N.arrayNode();
        for (Object item : items) {
            if (item instanceof String s) {
                a.add(s);
            } else if (item instanceof Integer i) {
                a.add(i);
            } else {
                a.add((byte[]) item);
            }
        }
        return a;
    }

    // ---- encoding: what socket.io 4.8's server writes ----

    @Test
    void encodesTheConnectReplyWithPidUndefinedAsTheReferenceServer() {
        ObjectNode reply = N.objectNode().put("sid", "abc");
        reply.set("pid", MissingNode.getInstance());

        assertThat(encode(new Packet.Connect("/", reply)))
                .isEqualTo("83a47479706500a46461746182a3736964a3616263a3706964d40000a36e7370a12f");
        assertThat(encode(new Packet.Connect("/", N.objectNode().put("sid", "abc").put("pid", "xyz"))))
                .isEqualTo("83a47479706500a46461746182a3736964a3616263a3706964a378797aa36e7370a12f");
    }

    @Test
    void encodesDisconnectWithoutData() {
        assertThat(encode(new Packet.Disconnect("/admin"))).isEqualTo("82a47479706501a36e7370a62f61646d696e");
    }

    @Test
    void encodesEventsWithBinaryInsideTheOneMessage() {
        assertThat(encode(new Packet.Event("/", args("hey", "Jude"), Packet.NO_ACK)))
                .isEqualTo("83a47479706502a46461746192a3686579a44a756465a36e7370a12f");
        assertThat(encode(new Packet.Event("/", args("bin", new byte[] {1, 2, 3}), Packet.NO_ACK)))
                .isEqualTo("83a47479706502a46461746192a362696ec403010203a36e7370a12f");
    }

    @Test
    void encodesAnEventWithAnAckIdAsSocketEmitBuildsIt() {
        assertThat(encode(new Packet.Event("/", args("q", 1), 7)))
                .isEqualTo("84a47479706502a46461746192a17101a2696407a36e7370a12f");
    }

    @Test
    void encodesAnAckWithItsIdFirstAsTheReferenceServer() {
        assertThat(encode(new Packet.Ack("/admin", args("a"), 7)))
                .isEqualTo("84a2696407a47479706503a46461746191a161a36e7370a62f61646d696e");
    }

    @Test
    void encodesConnectErrorsAsTheReferenceServer() {
        ObjectNode noData = N.objectNode().put("message", "no");
        noData.set("data", MissingNode.getInstance());
        assertThat(encode(new Packet.ConnectError("/", noData)))
                .isEqualTo("83a47479706504a46461746182a76d657373616765a26e6fa464617461d40000a36e7370a12f");
        ObjectNode withData = N.objectNode().put("message", "no");
        withData.putObject("data").put("code", 401);
        assertThat(encode(new Packet.ConnectError("/", withData)))
                .isEqualTo("83a47479706504a46461746182a76d657373616765a26e6fa46461746181a4636f6465cd0191a36e7370a12f");
    }

    @Test
    void encodesTheInvalidNamespaceRefusalWithNspBeforeDataAsTheReferenceServer() {
        assertThat(encode(new Packet.ConnectError("/random", N.objectNode().put("message", "Invalid namespace"))))
                .isEqualTo("83a47479706504a36e7370a72f72616e646f6da46461746181a76d657373616765b1496e76616c6964206e616d657370616365");
    }

    // ---- decoding: what socket.io-client 4.8 sends ----

    @Test
    void decodesTheClientsConnectWithUndefinedDataAsNoAuth() throws ParseException {
        assertThat(decode("83a47479706500a464617461d40000a36e7370a12f")).isEqualTo(new Packet.Connect("/", null));
    }

    @Test
    void decodesTheClientsEventIgnoringItsOptions() throws ParseException {
        Packet p = decode("85a47479706502a46461746192a46563686f01a76f7074696f6e7381a8636f6d7072657373c3a2696403a36e7370a12f");

        assertThat(p).isEqualTo(new Packet.Event("/", args("echo", 1), 3));
    }

    @Test
    void decodesTheClientsAckWithEmptyData() throws ParseException {
        assertThat(decode("84a47479706503a2696404a46461746190a36e7370a12f")).isEqualTo(new Packet.Ack("/", N.arrayNode(), 4));
    }

    @Test
    void decodesBinaryInPlaceAndDisconnect() throws Exception {
        Packet.Event event = (Packet.Event) decode("83a47479706502a46461746192a362696ec403010203a36e7370a12f");
        assertThat(event.data().get(1).binaryValue()).containsExactly(1, 2, 3);
        assertThat(decode("82a47479706501a36e7370a62f61646d696e")).isEqualTo(new Packet.Disconnect("/admin"));
    }

    @Test
    void readsIntegralFloatsAsTheIntegersJavaScriptSees() throws ParseException {
        // {type: 2.0 (float 64), nsp: "/", data: ["e"], id: 3.0 (float 32)}
        Packet p = decode("84a474797065cb4000000000000000a36e7370a12fa46461746191a165a26964ca40400000");
        assertThat(p).isEqualTo(new Packet.Event("/", args("e"), 3));
    }

    @Test
    void dropsTheIdOfPacketsThatHaveNone() throws ParseException {
        assertThat(decode("83a47479706501a36e7370a12fa2696405")).isEqualTo(new Packet.Disconnect("/"));
    }

    // ---- the reference's checks, with its messages ----

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "not a map,                             92a47479706502,                                       invalid packet type",
        "type 5,                                82a47479706505a36e7370a12f,                           invalid packet type",
        "type 2.5,                              82a474797065cb4004000000000000a36e7370a12f,           invalid packet type",
        "type as a string,                      82a474797065a132a36e7370a12f,                         invalid packet type",
        "no type,                               81a36e7370a12f,                                       invalid packet type",
        "nsp a number,                          82a47479706501a36e737001,                             invalid namespace",
        "no nsp,                                81a47479706501,                                       invalid namespace",
        "disconnect with data,                  83a47479706501a36e7370a12fa464617461c0,               invalid payload",
        "connect with array data,               83a47479706500a36e7370a12fa46461746190,               invalid payload",
        "event data not an array,               83a47479706502a36e7370a12fa46461746180,               invalid payload",
        "event without data,                    82a47479706502a36e7370a12f,                           invalid payload",
        "connect_error with a number,           83a47479706504a36e7370a12fa46461746101,               invalid payload",
        "id 1.5,                                84a47479706503a36e7370a12fa46461746190a26964cb3ff8000000000000,  invalid packet id",
        "id a string,                           84a47479706503a36e7370a12fa46461746190a26964a131,     invalid packet id",
    })
    void appliesTheReferenceChecksWithItsMessages(String what, String hex, String message) {
        assertRejected(hex, message);
    }

    // ---- stricter than the reference, with a reason ----

    @Test
    void refusesReservedAndMissingEventNamesAsSocketIoParserDoes() {
        String message = "invalid payload: an EVENT starts with its name, a number or a string other than connect,"
                + " connect_error, disconnect, disconnecting, newListener, removeListener";
        // ["disconnect"], [], [null]
        assertRejected("83a47479706502a36e7370a12fa46461746191aa646973636f6e6e656374", message);
        assertRejected("83a47479706502a36e7370a12fa46461746190", message);
        assertRejected("83a47479706502a36e7370a12fa46461746191c0", message);
    }

    @Test
    void refusesAckIdsAJavaPacketCannotHold() {
        assertRejected("84a47479706502a36e7370a12fa46461746191a165a26964ff",
                "invalid packet id: -1 is out of range (0 to 2^63, exclusive)");
        assertRejected("84a47479706503a36e7370a12fa46461746190a26964cf8000000000000000",
                "invalid packet id: 9.223372036854776E18 is out of range (0 to 2^63, exclusive)");
    }

    @Test
    void refusesTextMessagesAndMalformedMessagePack() {
        assertThatThrownBy(() -> parser.newDecoder().decode(new Text("2[\"x\"]")))
                .isInstanceOf(ParseException.class)
                .hasMessage("got a text message: the msgpack parser reads binary messages only");
        assertRejected("83a474797065", "invalid MessagePack: truncated: a map of 3 members needs at least 6 bytes,"
                + " only 5 left (at byte 1)");
        assertRejected("82a47479706502a36e7370a12fc0", "invalid MessagePack: 1 trailing bytes after the value (at byte 13)");
    }

    @Test
    void everyConnectionSharesTheOneStatelessDecoder() {
        assertThat(parser.newDecoder()).isSameAs(parser.newDecoder());
    }

    @Test
    void roundTripsWhatItEncodes() throws ParseException {
        JsonNode data = args("e", "é", new byte[] {9}).add(N.objectNode().put("1", 1).put("b", 2.5));
        Packet event = new Packet.Event("/ns", (ArrayNode) data, 12);

        assertThat(decode(encode(event))).isEqualTo(event);
    }
}
