package dev.switchboard.engineio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EngineErrorTest {

    @Test
    void codesMessagesAndStatusesAreTheReferencesThenOursForLimits() {
        assertThat(EngineError.values()).extracting(EngineError::code).containsExactly(0, 1, 2, 3, 4, 5, 4);
        assertThat(EngineError.values()).extracting(EngineError::message).containsExactly(
                "Transport unknown", "Session ID unknown", "Bad handshake method", "Bad request",
                "Forbidden", "Unsupported protocol version", "Too many connections");
        assertThat(EngineError.values()).extracting(EngineError::httpStatus)
                .containsExactly(400, 400, 400, 400, 403, 400, 503);
    }

    @Test
    void jsonBodiesAreExact() {
        assertThat(EngineError.UNKNOWN_TRANSPORT.json()).isEqualTo("{\"code\":0,\"message\":\"Transport unknown\"}");
        assertThat(EngineError.UNKNOWN_SID.json()).isEqualTo("{\"code\":1,\"message\":\"Session ID unknown\"}");
        assertThat(EngineError.BAD_HANDSHAKE_METHOD.json())
                .isEqualTo("{\"code\":2,\"message\":\"Bad handshake method\"}");
        assertThat(EngineError.BAD_REQUEST.json()).isEqualTo("{\"code\":3,\"message\":\"Bad request\"}");
        assertThat(EngineError.FORBIDDEN.json()).isEqualTo("{\"code\":4,\"message\":\"Forbidden\"}");
        assertThat(EngineError.UNSUPPORTED_PROTOCOL_VERSION.json())
                .isEqualTo("{\"code\":5,\"message\":\"Unsupported protocol version\"}");
        assertThat(EngineError.LIMIT_REACHED.json()).isEqualTo("{\"code\":4,\"message\":\"Too many connections\"}");
    }

    @Test
    void customMessageIsEscapedAsJsonStringify() {
        assertThat(EngineError.FORBIDDEN.json("not \"you\"\n"))
                .isEqualTo("{\"code\":4,\"message\":\"not \\\"you\\\"\\n\"}");
        assertThat(EngineError.FORBIDDEN.json("très/bien")).isEqualTo("{\"code\":4,\"message\":\"très/bien\"}");
    }
}
