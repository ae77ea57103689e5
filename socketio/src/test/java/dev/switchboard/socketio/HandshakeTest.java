package dev.switchboard.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.switchboard.engineio.RequestInfo;
import dev.switchboard.socketio.internal.JsDate;
import dev.switchboard.socketio.parser.JsonPacketParser;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandshakeTest {

    private final ObjectMapper mapper = JsonPacketParser.newObjectMapper();

    @Test
    void takesTheRequestFieldsAndTheAuth() {
        RequestInfo request = new RequestInfo("GET", "/socket.io/?EIO=4", Map.of("EIO", "4"),
                Map.of("host", "h"), "10.0.0.1", true, 5);
        Handshake hs = Handshake.of(request, JsonNodeFactory.instance.objectNode().put("t", 1));
        assertThat(hs.xdomain()).isFalse();
        assertThat(hs.secure()).isTrue();
        assertThat(hs.address()).isEqualTo("10.0.0.1");
        assertThat(hs.url()).isEqualTo("/socket.io/?EIO=4");
        assertThat(hs.query()).containsExactly(Map.entry("EIO", "4"));
        assertThat(hs.auth().toString()).isEqualTo("{\"t\":1}");
        assertThat(hs.time()).isEqualTo(JsDate.toString(hs.issued(), ZoneId.systemDefault()));
    }

    @Test
    void withoutAuthEverySocketSharesOneEmptyObjectThatRefusesChanges() {
        RequestInfo request = new RequestInfo("GET", "/socket.io/?EIO=4", Map.of(), Map.of(), "10.0.0.1", false, 5);
        Handshake a = Handshake.of(request, null);
        Handshake b = new Handshake(Map.of(), "10.0.0.2", false, false, 6, "/", Map.of(), null);
        assertThat(a.auth().toString()).isEqualTo("{}");
        assertThat(a.auth()).isSameAs(b.auth()).isSameAs(Handshake.NO_AUTH);
        assertThatThrownBy(() -> a.auth().put("token", "x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(b.auth().isEmpty()).isTrue();
    }

    @Test
    void serialisesInTheReferenceShapeAndReadsBack() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("host", "h");
        Handshake hs = new Handshake(headers, "1.2.3.4", true, false, 1_700_000_000_000L, "/socket.io/",
                Map.of("EIO", "4"), JsonNodeFactory.instance.objectNode().put("token", "x"));
        String json = mapper.writeValueAsString(hs);
        assertThat(json).isEqualTo("{\"headers\":{\"host\":\"h\"},\"time\":\"" + hs.time()
                + "\",\"address\":\"1.2.3.4\",\"xdomain\":true,\"secure\":false,\"issued\":1700000000000,"
                + "\"url\":\"/socket.io/\",\"query\":{\"EIO\":\"4\"},\"auth\":{\"token\":\"x\"}}");
        assertThat(mapper.readValue(json, Handshake.class)).isEqualTo(hs);
    }

    @Test
    void missingMapsAndAuthBecomeEmpty() {
        Handshake hs = new Handshake(null, "a", false, false, 0, "/", null, null);
        assertThat(hs.headers()).isEmpty();
        assertThat(hs.query()).isEmpty();
        assertThat(hs.auth().toString()).isEqualTo("{}");
    }

    @Test
    void readsAnotherServersHandshakeLenientlyAndWritesItBack() throws Exception {
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"headers\":{\"host\":\"localhost\",\"x-many\":[\"1\",\"2\"]},\"time\":\"Tue Nov 24 2026\","
                + "\"address\":\"::ffff:127.0.0.1\",\"xdomain\":false,\"secure\":false,\"issued\":1795513383184,"
                + "\"url\":\"/socket.io/?EIO=4&transport=websocket\",\"query\":{\"EIO\":\"4\"},\"auth\":{\"token\":1}}");
        Handshake hs = Handshake.fromJson(json);
        assertThat(hs.headers()).containsEntry("x-many", "1, 2").containsEntry("host", "localhost");
        assertThat(hs.issued()).isEqualTo(1795513383184L);
        assertThat(hs.auth().get("token").asInt()).isEqualTo(1);
        assertThat(hs.query()).containsEntry("EIO", "4");
        assertThat(Handshake.fromJson(hs.toJson())).isEqualTo(hs);
        Handshake empty = Handshake.fromJson(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
        assertThat(empty.headers()).isEmpty();
        assertThat(empty.url()).isEmpty();
    }
}
