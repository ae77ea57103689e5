package dev.switchboard.socketio.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engineio.Packet.Binary;
import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.engineio.Packet.Text;
import dev.switchboard.socketio.parser.PacketParser.Decoder;
import dev.switchboard.socketio.parser.PacketParser.ParseException;
import dev.switchboard.socketio.protocol.Packet;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Wire strings here are Engine.IO message payloads, so they lack the leading {@code 4} (the
 * Engine.IO message type) of the examples in PROTOCOL §2.1: {@code 42["hey","Jude"]} on the wire
 * is the text message {@code 2["hey","Jude"]}.
 */
class JsonPacketParserTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final byte[] BIN = {1, 2, 3, (byte) 0xFF};

    private final JsonPacketParser parser = new JsonPacketParser();

    private static ArrayNode array(Object... items) {
        ArrayNode a = NODES.arrayNode();
        for (Object item : items) {
            if (item instanceof String s) {
                a.add(s);
            } else if (item instanceof Integer i) {
                a.add(i);
            } else if (item instanceof byte[] b) {
                a.add(b);
            } else {
                a.add((JsonNode) item);
            }
        }
        return a;
    }

    private static Text text(String s) {
        return new Text(s);
    }

    private Packet decodeOne(Message... messages) throws ParseException {
        Decoder decoder = parser.newDecoder();
        for (int i = 0; i < messages.length - 1; i++) {
            assertThat(decoder.decode(messages[i])).isNull();
        }
        return decoder.decode(messages[messages.length - 1]);
    }

    private void assertRejected(String message, Message... messages) {
        Decoder decoder = parser.newDecoder();
        assertThatThrownBy(() -> {
            for (Message m : messages) {
                decoder.decode(m);
            }
        }).isInstanceOf(ParseException.class).hasMessage(message);
    }

    // ---- encoding: the examples of PROTOCOL §2.1 ----

    @Test
    void encodesConnectToTheMainNamespaceWithoutData() {
        assertThat(parser.encode(new Packet.Connect("/", null))).containsExactly(text("0"));
    }

    @Test
    void encodesTheConnectReplyWithTheSocketId() {
        ObjectNode reply = NODES.objectNode().put("sid", "oSO0OpakMV_3jnilAAAA");
        assertThat(parser.encode(new Packet.Connect("/", reply)))
                .containsExactly(text("0{\"sid\":\"oSO0OpakMV_3jnilAAAA\"}"));
    }

    @Test
    void encodesConnectToANamespaceWithAuth() {
        ObjectNode auth = NODES.objectNode().put("token", "123");
        assertThat(parser.encode(new Packet.Connect("/admin", auth)))
                .containsExactly(text("0/admin,{\"token\":\"123\"}"));
    }

    @Test
    void encodesConnectErrorForAnUnknownNamespace() {
        ObjectNode error = NODES.objectNode().put("message", "Invalid namespace");
        assertThat(parser.encode(new Packet.ConnectError("/random", error)))
                .containsExactly(text("4/random,{\"message\":\"Invalid namespace\"}"));
    }

    @Test
    void encodesConnectErrorWithAStringOrNoData() {
        assertThat(parser.encode(new Packet.ConnectError("/", NODES.textNode("not authorized"))))
                .containsExactly(text("4\"not authorized\""));
        assertThat(parser.encode(new Packet.ConnectError("/", MissingNode.getInstance()))).containsExactly(text("4"));
        assertThat(parser.encode(new Packet.ConnectError("/", NODES.nullNode()))).containsExactly(text("4"));
    }

    @Test
    void encodesDisconnectWithTheCommaAfterANamespace() {
        assertThat(parser.encode(new Packet.Disconnect("/"))).containsExactly(text("1"));
        assertThat(parser.encode(new Packet.Disconnect("/admin"))).containsExactly(text("1/admin,"));
    }

    @Test
    void encodesAnEvent() {
        assertThat(parser.encode(new Packet.Event("/", array("hey", "Jude"), Packet.NO_ACK)))
                .containsExactly(text("2[\"hey\",\"Jude\"]"));
    }

    @Test
    void encodesAnEventWithAnAckIdAndItsAck() {
        assertThat(parser.encode(new Packet.Event("/", array("ack", "a"), 11)))
                .containsExactly(text("211[\"ack\",\"a\"]"));
        assertThat(parser.encode(new Packet.Ack("/", array("a"), 11))).containsExactly(text("311[\"a\"]"));
        assertThat(parser.encode(new Packet.Ack("/admin", array(), 0))).containsExactly(text("3/admin,0[]"));
    }

    @Test
    void treatsAnEmptyNamespaceAsTheMainOne() {
        assertThat(parser.encode(new Packet.Event("", array("a"), 1))).containsExactly(text("21[\"a\"]"));
    }

    @Test
    void encodesABinaryEventWithItsAttachment() {
        List<Message> messages = parser.encode(new Packet.Event("/", array("message", BIN), Packet.NO_ACK));
        assertThat(messages).containsExactly(
                text("51-[\"message\",{\"_placeholder\":true,\"num\":0}]"), new Binary(BIN));
        assertThat(((Binary) messages.get(1)).bytes()).containsExactly(1, 2, 3, 0xFF);
    }

    @Test
    void encodesABinaryAckInANamespace() {
        assertThat(parser.encode(new Packet.Ack("/admin", array(BIN), 1))).containsExactly(
                text("61-/admin,1[{\"_placeholder\":true,\"num\":0}]"), new Binary(BIN));
    }

    @Test
    void encodesNestedBinariesInDepthFirstOrder() {
        byte[] first = {10};
        byte[] second = {20};
        byte[] third = {30};
        ObjectNode file = NODES.objectNode();
        file.putArray("parts").add(first).addObject().put("tail", second);
        file.put("name", "f.bin");
        Packet event = new Packet.Event("/files", array("upload", file, array(third)), 7);
        assertThat(parser.encode(event)).containsExactly(
                text("53-/files,7[\"upload\",{\"parts\":[{\"_placeholder\":true,\"num\":0},"
                        + "{\"tail\":{\"_placeholder\":true,\"num\":1}}],\"name\":\"f.bin\"},"
                        + "[{\"_placeholder\":true,\"num\":2}]]"),
                new Binary(first), new Binary(second), new Binary(third));
    }

    @Test
    void encodesTwoAttachments() {
        byte[] a = {1};
        byte[] b = {};
        assertThat(parser.encode(new Packet.Event("/", array("two", a, b), Packet.NO_ACK))).containsExactly(
                text("52-[\"two\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]"),
                new Binary(a), new Binary(b));
    }

    @Test
    void writesBinaryInConnectErrorDataAsNodeWritesABuffer() {
        ObjectNode error = NODES.objectNode().put("message", "no");
        error.putObject("data").put("blob", new byte[] {7, 8});
        assertThat(parser.encode(new Packet.ConnectError("/", error)))
                .containsExactly(text("4{\"message\":\"no\",\"data\":{\"blob\":{\"type\":\"Buffer\",\"data\":[7,8]}}}"));
    }

    @Test
    void encodesOnceForABroadcastIntoAnImmutableReusableList() throws ParseException {
        Packet event = new Packet.Event("/", array("news", "hello", BIN), Packet.NO_ACK);
        List<Message> encoded = parser.encode(event);
        assertThat(encoded).isUnmodifiable();
        assertThat(parser.encode(new Packet.Event("/", array("plain"), Packet.NO_ACK))).isUnmodifiable();

        List<Packet> received = new ArrayList<>();
        for (int recipient = 0; recipient < 2; recipient++) {
            Decoder decoder = parser.newDecoder();
            Packet packet = null;
            for (Message m : encoded) {
                packet = decoder.decode(m);
            }
            received.add(packet);
        }
        assertThat(received).containsExactly(event, event);
        assertThat(encoded).containsExactly(
                text("51-[\"news\",\"hello\",{\"_placeholder\":true,\"num\":0}]"), new Binary(BIN));
    }

    // ---- JSON fidelity ----

    @Test
    void reEmitsClientJsonAsJavaScriptWould() throws ParseException {
        String in = "2[\"data\",{\"b\":1.0,\"a\":[1e2,-0,1E21,1e-7,0.0000010,12345678901234567890,1e400],"
                + "\"3\":[true],\"s\":\"é😀\\u2028\\/\\u0007\\ud800\"}]";
        Packet packet = decodeOne(text(in));
        assertThat(parser.encode(packet)).containsExactly(text(
                "2[\"data\",{\"3\":[true],\"b\":1,\"a\":[100,0,1e+21,1e-7,0.000001,12345678901234567000,null],"
                        + "\"s\":\"é😀\u2028/\\u0007\\ud800\"}]"));
    }

    @Test
    void keepsKeyOrderOfAuthObjects() throws ParseException {
        Packet packet = decodeOne(text("0/admin,{\"token\":\"123\",\"user\":{\"z\":1,\"a\":2}}"));
        assertThat(parser.encode(packet)).containsExactly(text("0/admin,{\"token\":\"123\",\"user\":{\"z\":1,\"a\":2}}"));
    }

    // ---- decoding the examples ----

    @Test
    void decodesConnectWithAndWithoutData() throws ParseException {
        assertThat(decodeOne(text("0"))).isEqualTo(new Packet.Connect("/", null));
        assertThat(decodeOne(text("0{\"sid\":\"abc\"}")))
                .isEqualTo(new Packet.Connect("/", NODES.objectNode().put("sid", "abc")));
        assertThat(decodeOne(text("0/admin,{\"token\":\"123\"}")))
                .isEqualTo(new Packet.Connect("/admin", NODES.objectNode().put("token", "123")));
    }

    @Test
    void decodesNamespaceWithOrWithoutTheTrailingComma() throws ParseException {
        assertThat(decodeOne(text("0/custom"))).isEqualTo(new Packet.Connect("/custom", null));
        assertThat(decodeOne(text("0/custom,"))).isEqualTo(new Packet.Connect("/custom", null));
        assertThat(decodeOne(text("1/admin,"))).isEqualTo(new Packet.Disconnect("/admin"));
        assertThat(decodeOne(text("1"))).isEqualTo(new Packet.Disconnect("/"));
    }

    @Test
    void decodesConnectError() throws ParseException {
        assertThat(decodeOne(text("4/random,{\"message\":\"Invalid namespace\"}"))).isEqualTo(
                new Packet.ConnectError("/random", NODES.objectNode().put("message", "Invalid namespace")));
        assertThat(decodeOne(text("4\"nope\""))).isEqualTo(new Packet.ConnectError("/", NODES.textNode("nope")));
        assertThat(decodeOne(text("4"))).isEqualTo(new Packet.ConnectError("/", MissingNode.getInstance()));
    }

    @Test
    void decodesEventsAndAcks() throws ParseException {
        assertThat(decodeOne(text("2[\"hey\",\"Jude\"]")))
                .isEqualTo(new Packet.Event("/", array("hey", "Jude"), Packet.NO_ACK));
        assertThat(decodeOne(text("211[\"ack\",\"a\"]"))).isEqualTo(new Packet.Event("/", array("ack", "a"), 11));
        assertThat(decodeOne(text("311[\"a\"]"))).isEqualTo(new Packet.Ack("/", array("a"), 11));
        assertThat(decodeOne(text("3/admin,5[]"))).isEqualTo(new Packet.Ack("/admin", array(), 5));
        assertThat(decodeOne(text("2[42,\"x\"]"))).isEqualTo(new Packet.Event("/", array(42, "x"), Packet.NO_ACK));
    }

    @Test
    void readsTheAckIdAsTheDigitsAfterTheNamespace() throws ParseException {
        assertThat(decodeOne(text("2456[\"a\"]"))).isEqualTo(new Packet.Event("/", array("a"), 456));
        assertThat(decodeOne(text("2/chat,007[\"a\"]"))).isEqualTo(new Packet.Event("/chat", array("a"), 7));
        assertThat(decodeOne(text("2999999999999999[\"a\"]")))
                .isEqualTo(new Packet.Event("/", array("a"), 999_999_999_999_999L));
    }

    @Test
    void decodesAnEventWithoutPayloadAsAnEmptyArray() throws ParseException {
        assertThat(decodeOne(text("2"))).isEqualTo(new Packet.Event("/", array(), Packet.NO_ACK));
        assertThat(decodeOne(text("3/a,12"))).isEqualTo(new Packet.Ack("/a", array(), 12));
    }

    @Test
    void decodesABinaryEventOnceItsAttachmentArrives() throws ParseException {
        Decoder decoder = parser.newDecoder();
        assertThat(decoder.decode(text("51-[\"message\",{\"_placeholder\":true,\"num\":0}]"))).isNull();
        Packet packet = decoder.decode(new Binary(BIN));
        assertThat(packet).isEqualTo(new Packet.Event("/", array("message", BIN), Packet.NO_ACK));
        assertThat(((Packet.Event) packet).data().get(1)).isInstanceOf(BinaryNode.class);
    }

    @Test
    void decodesABinaryAckInANamespace() throws ParseException {
        assertThat(decodeOne(text("61-/admin,1[{\"_placeholder\":true,\"num\":0}]"), new Binary(BIN)))
                .isEqualTo(new Packet.Ack("/admin", array(BIN), 1));
    }

    @Test
    void decodesABinaryEventWithTwoAttachmentsInTheirPlaces() throws ParseException {
        byte[] a = {1};
        byte[] b = {2, 2};
        Packet packet = decodeOne(
                text("52-/up,3[\"files\",{\"x\":[{\"_placeholder\":true,\"num\":1}],"
                        + "\"y\":{\"_placeholder\":true,\"num\":0}}]"),
                new Binary(a), new Binary(b));
        ObjectNode files = NODES.objectNode();
        files.putArray("x").add(b);
        files.put("y", a);
        assertThat(packet).isEqualTo(new Packet.Event("/up", array("files", files), 3));
    }

    @Test
    void decodesABinaryEventWithoutPayload() throws ParseException {
        assertThat(decodeOne(text("51-"), new Binary(BIN))).isEqualTo(new Packet.Event("/", array(), Packet.NO_ACK));
    }

    @Test
    void leavesPlaceholderLookalikesInPlainEventsAlone() throws ParseException {
        Packet packet = decodeOne(text("2[\"a\",{\"_placeholder\":true,\"num\":0}]"));
        assertThat(parser.encode(packet)).containsExactly(text("2[\"a\",{\"_placeholder\":true,\"num\":0}]"));
    }

    @Test
    void roundTripsEveryPacketKind() throws ParseException {
        List<Packet> packets = List.of(
                new Packet.Connect("/", null),
                new Packet.Connect("/admin", NODES.objectNode().put("token", "123")),
                new Packet.Disconnect("/admin"),
                new Packet.Event("/", array("hey", "Jude"), Packet.NO_ACK),
                new Packet.Event("/x", array("bin", BIN, array(new byte[] {5})), 4),
                new Packet.Ack("/", array(), 0),
                new Packet.Ack("/y", array(BIN), 9),
                new Packet.ConnectError("/", NODES.objectNode().put("message", "m")));
        for (Packet packet : packets) {
            assertThat(decodeOne(parser.encode(packet).toArray(Message[]::new))).isEqualTo(packet);
        }
    }

    // ---- the reference's JavaScript quirks ----

    @Test
    void readsTheTypeAsJavaScriptNumberReadsOneCharacter() throws ParseException {
        // Number("") and Number(" ") are 0: CONNECT.
        assertThat(decodeOne(text(""))).isEqualTo(new Packet.Connect("/", null));
        assertThat(decodeOne(text(" /x,{}"))).isEqualTo(new Packet.Connect("/x", NODES.objectNode()));
    }

    @Test
    void readsTheAttachmentCountAsJavaScriptNumberDoes() throws ParseException {
        assertThat(decodeOne(text("50x2-[\"a\",{\"_placeholder\":true,\"num\":1}]"), new Binary(new byte[] {0}),
                new Binary(BIN))).isEqualTo(new Packet.Event("/", array("a", BIN), Packet.NO_ACK));
        assertThat(decodeOne(text("5 1e0 -[\"a\"]"), new Binary(BIN)))
                .isEqualTo(new Packet.Event("/", array("a"), Packet.NO_ACK));
    }

    @Test
    void readsWhitespaceInTheAckIdAsJavaScriptNumberDoes() throws ParseException {
        assertThat(decodeOne(text("2 [\"a\"]"))).isEqualTo(new Packet.Event("/", array("a"), 0));
        assertThat(decodeOne(text("2 12 [\"a\"]"))).isEqualTo(new Packet.Event("/", array("a"), 12));
    }

    @Test
    void ignoresIdsOnPacketsThatHaveNone() throws ParseException {
        assertThat(decodeOne(text("0/a,12{}"))).isEqualTo(new Packet.Connect("/a", NODES.objectNode()));
        assertThat(decodeOne(text("1/a,99999999999999999999"))).isEqualTo(new Packet.Disconnect("/a"));
    }

    // ---- rejections ----

    @Test
    void rejectsUnknownPacketTypes() {
        assertRejected("unknown packet type 7", text("7"));
        assertRejected("unknown packet type 9", text("9[\"a\"]"));
        assertRejected("unknown packet type NaN", text("x"));
        assertRejected("unknown packet type NaN", text("-1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5[\"a\"]", "5", "5a-[\"a\"]", "5-[\"a\"]", "50-[\"a\"]", "5-1-[\"a\"]", "51.5-[\"a\"]",
        "5Infinity-[\"a\"]", "61 1-[]", "6[]"})
    void rejectsIllegalAttachmentCounts(String header) {
        assertRejected("Illegal attachments", text(header));
    }

    @Test
    void rejectsMoreThanTenAttachments() throws ParseException {
        assertRejected("too many attachments", text("511-[\"a\"]"));
        assertRejected("too many attachments", text("699999999999999999999-[]"));
        assertThat(parser.newDecoder().decode(text("510-[\"a\"]"))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0[]", "0\"x\"", "0null", "0true", "1{}", "1[]", "1\"x\"", "2[]", "2{}", "2\"a\"", "2[null]", "2[true]",
        "2[[\"a\"]]", "2[{}]", "2[\"connect\"]", "2[\"connect_error\"]", "2[\"disconnect\"]",
        "2[\"disconnecting\"]", "2[\"newListener\"]", "2[\"removeListener\"]", "3{}", "3\"a\"", "3null",
        "4[]", "4true", "4null", "4-1", "51-[]", "51-[\"disconnect\"]", "61-{}",
    })
    void rejectsPayloadsTheTypeDoesNotAllow(String message) {
        assertRejected("invalid payload", text(message));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2[\"a\"", "2[\"a\",]", "2['a']", "2[\"a\"]x", "2[NaN]", "2[\"a\" 1]", "0{a:1}", "2 x"})
    void rejectsMalformedJson(String message) {
        assertRejected("invalid payload", text(message));
    }

    @Test
    void readsLongAckIdsAsJavaScriptNumberRoundsThem() throws ParseException {
        assertThat(decodeOne(text("21234567890123456[\"a\"]")))
                .isEqualTo(new Packet.Event("/", array("a"), 1_234_567_890_123_456L));
        assertThat(decodeOne(text("29007199254740993[\"a\"]")))
                .isEqualTo(new Packet.Event("/", array("a"), 9_007_199_254_740_992L));
        assertThat(decodeOne(text("21152921504606846977[\"a\"]")))
                .isEqualTo(new Packet.Event("/", array("a"), 1L << 60));
        assertThat(decodeOne(text("39223372036854774784[]")))
                .isEqualTo(new Packet.Ack("/", array(), 9_223_372_036_854_774_784L));
        assertThat(decodeOne(text("51-9999999999999999[\"a\",{\"_placeholder\":true,\"num\":0}]"),
                new Binary(BIN))).isEqualTo(new Packet.Event("/", array("a", BIN), 10_000_000_000_000_000L));
    }

    @Test
    void writesAckIdsPast2To53AsJavaScriptWritesTheNumber() {
        assertThat(parser.encode(new Packet.Ack("/", array(1), 9_007_199_254_740_992L)))
                .containsExactly(text("39007199254740992[1]"));
        assertThat(parser.encode(new Packet.Ack("/", array(1), 1L << 60)))
                .containsExactly(text("31152921504606847000[1]"));
        assertThat(parser.encode(new Packet.Ack("/", array(1), 10_000_000_000_000_000L)))
                .containsExactly(text("310000000000000000[1]"));
    }

    @Test
    void rejectsAckIdsALongCannotHold() {
        assertRejected("invalid ack id", text("29223372036854775808[\"a\"]"));
        assertRejected("invalid ack id", text("218446744073709551617[\"a\"]"));
        assertRejected("invalid ack id", text("2" + "9".repeat(400) + "[\"a\"]"));
        assertRejected("invalid ack id", text("21 2[\"a\"]"));
    }

    @Test
    void checksThePayloadBeforeTheAckIdAsTheReferenceDoes() {
        assertRejected("invalid payload", text("29223372036854775808[\"connect\"]"));
    }

    @Test
    void rejectsTextWhileAttachmentsArePending() {
        assertRejected("got plaintext data when reconstructing a packet",
                text("52-[\"a\",{\"_placeholder\":true,\"num\":0}]"), new Binary(BIN), text("2[\"b\"]"));
    }

    @Test
    void rejectsBinaryWithoutAPendingPacket() {
        assertRejected("got binary data when not reconstructing a packet", new Binary(BIN));
        assertRejected("got binary data when not reconstructing a packet", text("2[\"a\"]"), new Binary(BIN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "-1", "0.5", "\"0\"", "null", "1e400"})
    void rejectsPlaceholdersThatPointNowhere(String num) {
        assertRejected("illegal attachments",
                text("51-[\"a\",{\"_placeholder\":true,\"num\":" + num + "}]"), new Binary(BIN));
    }

    @Test
    void rejectsPlaceholdersWithoutANumber() {
        assertRejected("illegal attachments", text("51-[\"a\",{\"x\":[{\"_placeholder\":true}]}]"), new Binary(BIN));
    }

    @Test
    void rejectsJsonNestedTooDeeply() throws ParseException {
        int limit = JsonPacketParser.MAX_DEPTH;
        String ok = "2[\"deep\"," + "[".repeat(limit - 1) + "]".repeat(limit - 1) + "]";
        assertThat(decodeOne(text(ok))).isInstanceOf(Packet.Event.class);
        String tooDeep = "2[\"deep\"," + "[".repeat(limit) + "]".repeat(limit) + "]";
        assertRejected("invalid payload: nested deeper than 1000 levels", text(tooDeep));
        assertRejected("invalid payload: nested deeper than 1000 levels", text("2[\"deep\"," + "{\"a\":[".repeat(300_000)));
    }

    // ---- reset ----

    @Test
    void resetsAfterEveryKindOfError() throws ParseException {
        Decoder decoder = parser.newDecoder();
        List<Message[]> failures = List.of(
                new Message[] {text("9")},
                new Message[] {text("5-[]")},
                new Message[] {text("2[\"connect\"]")},
                new Message[] {text("51-[\"a\"]"), text("2[\"b\"]")},
                new Message[] {new Binary(BIN)},
                new Message[] {text("51-[\"a\",{\"_placeholder\":true,\"num\":3}]"), new Binary(BIN)});
        Packet expected = new Packet.Event("/", array("ok"), Packet.NO_ACK);
        for (Message[] failure : failures) {
            assertThatThrownBy(() -> {
                for (Message m : failure) {
                    decoder.decode(m);
                }
            }).isInstanceOf(ParseException.class);
            assertThat(decoder.decode(text("2[\"ok\"]"))).isEqualTo(expected);
            // No attachment is expected any more either.
            assertThatThrownBy(() -> decoder.decode(new Binary(BIN)))
                    .hasMessage("got binary data when not reconstructing a packet");
        }
    }

    @Test
    void dropsAPartlyReceivedPacketOnReset() throws ParseException {
        Decoder decoder = parser.newDecoder();
        assertThat(decoder.decode(text("52-[\"a\",{\"_placeholder\":true,\"num\":0}]"))).isNull();
        assertThat(decoder.decode(new Binary(BIN))).isNull();
        decoder.reset();
        assertThat(decoder.decode(text("2[\"ok\"]"))).isEqualTo(new Packet.Event("/", array("ok"), Packet.NO_ACK));
    }

    @Test
    void keepsDecodersOfDifferentConnectionsApart() throws ParseException {
        Decoder one = parser.newDecoder();
        Decoder two = parser.newDecoder();
        assertThat(one.decode(text("51-[\"a\",{\"_placeholder\":true,\"num\":0}]"))).isNull();
        assertThat(two.decode(text("2[\"b\"]"))).isEqualTo(new Packet.Event("/", array("b"), Packet.NO_ACK));
        assertThat(one.decode(new Binary(BIN))).isEqualTo(new Packet.Event("/", array("a", BIN), Packet.NO_ACK));
    }

    // ---- construction ----

    @Test
    void buildsTreesWithTheGivenMappersNodeFactory() throws ParseException {
        ObjectMapper mapper = new ObjectMapper();
        JsonPacketParser custom = new JsonPacketParser(mapper);
        assertThat(custom.objectMapper()).isSameAs(mapper);
        Packet packet = custom.newDecoder().decode(text("2[\"a\",{\"k\":1}]"));
        assertThat(packet).isEqualTo(new Packet.Event("/", array("a", NODES.objectNode().put("k", 1)), Packet.NO_ACK));
    }

    record Greeting(String text, int count) {
    }

    @Test
    void providesAMapperThatConvertsLikeJavaScript() throws Exception {
        ObjectMapper mapper = JsonPacketParser.newObjectMapper();
        assertThat(mapper).isNotSameAs(JsonPacketParser.newObjectMapper());
        // Extra properties from a JavaScript peer do not fail a conversion.
        JsonNode tree = mapper.readTree("{\"text\":\"hi\",\"count\":2,\"extra\":true}");
        assertThat(mapper.treeToValue(tree, Greeting.class)).isEqualTo(new Greeting("hi", 2));
        // Dates as ISO strings, like Date.prototype.toJSON; byte[] as binary nodes.
        assertThat(mapper.valueToTree(new Date(0)).textValue()).startsWith("1970-01-01T00:00:00.000");
        assertThat(mapper.valueToTree(BIN).isBinary()).isTrue();
        assertThat(mapper.valueToTree(new Object()).isObject()).isTrue();
        assertThatThrownBy(() -> mapper.readTree("[".repeat(1001) + "]".repeat(1001)))
                .hasMessageContaining("nesting depth");
    }

    /** A value whose conversion to JSON encodes a packet itself, on the same thread. */
    static final class EncodesWhenConverted {
        private final JsonPacketParser parser;

        EncodesWhenConverted(JsonPacketParser parser) {
            this.parser = parser;
        }

        public String getInner() {
            return ((Text) parser.encode(new Packet.Event("/", array("inner", 1), Packet.NO_ACK)).get(0)).text();
        }
    }

    @Test
    void aValueWhoseConversionEncodesAnotherPacketLeavesBothPacketsWhole() {
        ArrayNode data = array("outer");
        data.addPOJO(new EncodesWhenConverted(parser));

        assertThat(parser.encode(new Packet.Event("/", data, 5)))
                .containsExactly(text("25[\"outer\",{\"inner\":\"2[\\\"inner\\\",1]\"}]"));
        // and the thread's builder is clean for the next packet
        assertThat(parser.encode(new Packet.Ack("/", array("next"), 6))).containsExactly(text("36[\"next\"]"));
    }
}
